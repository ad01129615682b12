"""Top-ups, the balance and the transaction history."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from soulseer.schemas.common import Out


class TopupView(Out):
    payment_intent_id: str
    client_secret: str = Field(description="For Stripe.js to confirm the payment.")
    amount_cents: int
    currency: str
    status: str


class WebhookReceipt(Out):
    received: bool
    outcome: str


class ClientBalance(Out):
    currency: str
    balance_cents: int
    owed_cents: int = Field(description="Debt (refunds beyond the balance), repaid by the next top-up.")
    held_cents: int = Field(description="Held while a card chargeback is open.")


class EarningsView(Out):
    pending_cents: int
    paid_out_cents: int
    owed_back_cents: int


class ReaderBalance(ClientBalance):
    earnings: EarningsView


Balance = ReaderBalance | ClientBalance
TransactionType = Literal["topup", "reading", "gift", "purchase", "refund", "payout", "chargeback", "adjustment"]


class TransactionView(Out):
    id: str = Field(description="The movement id, e.g. charge:<session>:<minute>.")
    type: TransactionType
    amount_cents: int = Field(description="Positive: money in; negative: money out.")
    created_at: str
    reference: dict[str, str]


class TransactionPage(Out):
    items: list[TransactionView]
    next_cursor: str | None


class SavedCardView(Out):
    brand: str = Field(description="visa, mastercard, amex, ...")
    last4: str


class AutoTopupView(Out):
    amount_cents: int = Field(
        description="Charged to the saved card when a charge leaves the balance below the threshold."
    )
    threshold_cents: int
    paused_reason: str | None = Field(description="Why it is paused (the card was declined); None while it is on.")


class SavedCardsView(Out):
    card: SavedCardView | None = Field(description="The card saved by a top-up with save_card, if any.")
    auto_topup: AutoTopupView | None


HistoryType = Literal["reading", "gift", "order", "topup", "refund", "chargeback", "adjustment"]


class HistoryLine(Out):
    """One line of a client's money history: a whole reading, a gift, an order, a top-up..."""

    id: str = Field(description="reading:<session_id> for a reading, else the movement id.")
    type: HistoryType
    title: str = Field(description='In words, e.g. "Chat with Jasper Reyes", "Funds added".')
    detail: str | None = Field(description="e.g. \"11 min\", a gift's or a product's name.")
    amount_cents: int = Field(description="Positive: money in; negative: money out.")
    created_at: str = Field(description="When it happened (a reading: its last charge).")
    session_id: str | None = Field(default=None, description="The reading, for a link to it.")
    order_id: str | None = Field(default=None, description="The order, for a link to it.")


class HistoryPage(Out):
    items: list[HistoryLine]
    next_cursor: str | None
