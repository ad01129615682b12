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
