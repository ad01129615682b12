"""Saved cards: one-tap top-ups and the automatic top-up, both off-session PaymentIntents on the card
Stripe saved on the client's customer. Money still moves only when the webhook credits the payment (after
reading the intent back from Stripe), exactly as for a top-up paid in the browser.

The automatic top-up never runs inline in a minute's charge: the billing tick (or any charge) queues an
`auto-topup` message when the balance it leaves is below the client's threshold, and the money worker
charges the card here under `autotopup:<user>:<generation>`, so repeated triggers make one payment. A
declined card pauses it (no retries), and the client is told at once and on the wallet page."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from soulseer import ledger, payments, presence
from soulseer.adapters import aws
from soulseer.config import PayoutSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.idempotency import check_key
from soulseer.stores import saved_cards

if TYPE_CHECKING:  # the models load with the API only: the billing tick and workers skip pydantic
    from soulseer.schemas.payments import SavedCardsView, TopupView

log = logging.getLogger(__name__)
AUTO_TOPUP = "auto-topup"  # the money queue's message kind
MAX_THRESHOLD_CENTS = 50_000


def view(user_id: str) -> SavedCardsView:
    from soulseer.schemas.payments import SavedCardsView

    card = saved_cards.find(user_id)
    if card is None:
        return SavedCardsView(card=None, auto_topup=None)
    return _view(card)


def _view(card: saved_cards.SavedCard) -> SavedCardsView:
    from soulseer.schemas.payments import AutoTopupView, SavedCardsView, SavedCardView

    shown = (
        SavedCardView(brand=card.brand or "card", last4=card.last4 or "")
        if card.payment_method_id is not None
        else None
    )
    auto = (
        AutoTopupView(
            amount_cents=card.auto_amount_cents,
            threshold_cents=card.auto_threshold_cents,
            paused_reason=card.auto_failed_message,
        )
        if card.auto_amount_cents is not None and card.auto_threshold_cents is not None
        else None
    )
    return SavedCardsView(card=shown, auto_topup=auto)


def remember(user_id: str, card: payments.CardAtStripe | None) -> None:
    """After a top-up's credit: the card it saved becomes the client's saved card."""
    if card is not None:
        saved_cards.save_card(user_id, card.customer_id, card.payment_method_id, card.brand, card.last4)


def forget(user_id: str) -> SavedCardsView:
    saved_cards.forget_card(user_id)
    return view(user_id)


def set_auto_topup(user_id: str, amount_cents: int | None, threshold_cents: int | None) -> SavedCardsView:
    """Turns the automatic top-up on (both amounts) or off (neither)."""
    if (amount_cents is None) != (threshold_cents is None):
        raise DomainError(ErrorCode.BAD_REQUEST, "Give both the amount and the balance that triggers it, or neither.")
    if amount_cents is not None and threshold_cents is not None:
        payments.check_topup_amount(amount_cents)
        if not 0 < threshold_cents <= MAX_THRESHOLD_CENTS:
            raise DomainError(
                ErrorCode.AMOUNT_OUT_OF_BOUNDS,
                f"The balance that triggers a top-up is between $0.01 and ${MAX_THRESHOLD_CENTS / 100:.2f}.",
                details={"min_cents": 1, "max_cents": MAX_THRESHOLD_CENTS},
            )
        card = saved_cards.find(user_id)
        if card is None or card.payment_method_id is None:
            raise DomainError(ErrorCode.NO_SAVED_CARD)
    saved_cards.set_auto(user_id, amount_cents, threshold_cents)
    return view(user_id)


def one_tap(
    user_id: str, amount_cents: int, idempotency_key: str | None, take_limit: Callable[[], None] | None = None
) -> TopupView:
    """A top-up from the saved card, charged now; the webhook credits it (the app finishes on
    `balance-updated` for this intent). A declined card is the caller's 402, with Stripe's words.
    `take_limit`: the rate limit, taken once the request is known to be valid."""
    from soulseer.schemas.payments import TopupView

    check_key(idempotency_key)
    payments.check_topup_amount(amount_cents)
    card = saved_cards.find(user_id)
    if card is None or card.payment_method_id is None or card.customer_id is None:
        raise DomainError(ErrorCode.NO_SAVED_CARD)
    if take_limit is not None:
        take_limit()
    key = f"onetap:{user_id}:{idempotency_key}" if idempotency_key else f"onetap:{user_id}:{_fresh()}"
    charge = payments.charge_saved_card(user_id, card.customer_id, card.payment_method_id, amount_cents, key)
    if charge.declined is not None:
        raise DomainError(ErrorCode.CARD_DECLINED, charge.declined, details={"payment_intent_id": charge.intent_id})
    return TopupView(
        payment_intent_id=charge.intent_id,
        client_secret="",
        amount_cents=amount_cents,
        currency=payments.CURRENCY,
        status=charge.status,
    )


def _fresh() -> str:
    import uuid

    return uuid.uuid4().hex


def after_credit(user_id: str, payment_intent_id: str, card: payments.CardAtStripe | None) -> None:
    """The webhook credited a top-up: remember a card it saved; an automatic one lets the next one go."""
    remember(user_id, card)
    saved_cards.auto_credited(user_id, payment_intent_id)


# -- the automatic top-up ------------------------------------------------------------------------


def should_top_up(card: saved_cards.SavedCard | None, balance_cents: int) -> bool:
    return (
        card is not None
        and card.auto_on
        and card.auto_failed_message is None
        and card.auto_pending_intent is None
        and balance_cents < int(card.auto_threshold_cents or 0)
    )


def queue_if_low(user_id: str, balance_cents: int, card: saved_cards.SavedCard | None = None) -> bool:
    """After a charge left `balance_cents`: queue an automatic top-up when it is below the client's
    threshold. Never raises (the charge is committed)."""
    try:
        card = card if card is not None else saved_cards.find(user_id)
        if not should_top_up(card, balance_cents):
            return False
        _send_money({"kind": AUTO_TOPUP, "user_id": user_id})
    except Exception:  # a lost trigger is caught by the next charge
        log.exception("Could not queue an automatic top-up", extra={"user_id": user_id})
        return False
    return True


def _send_money(message: dict[str, Any]) -> None:
    """One message for the money worker (the payouts queue's consumer)."""
    aws.client("sqs").send_message(
        QueueUrl=settings_for(PayoutSettings).PAYOUTS_QUEUE_URL, MessageBody=json.dumps(message)
    )


def run_auto_topup(user_id: str) -> str:
    """The money worker's part: charge the saved card once for this generation, if still needed."""
    card = saved_cards.find(user_id)
    if card is None or not card.auto_on or card.auto_failed_message is not None:
        return "off"
    if card.auto_pending_intent is not None:
        return "pending"  # charged already; the webhook credits it
    balance = ledger.balance_of(ledger.client_balance(user_id))
    if balance >= int(card.auto_threshold_cents or 0):
        return "not_needed"
    generation = card.auto_generation
    charge = payments.charge_saved_card(
        user_id,
        str(card.customer_id),
        str(card.payment_method_id),
        int(card.auto_amount_cents or 0),
        f"autotopup:{user_id}:{generation}",
        before_confirm=lambda intent_id: saved_cards.auto_started(user_id, generation, intent_id),
    )
    if charge.declined is None:
        return "charged" if charge.status == "succeeded" else charge.status
    if saved_cards.auto_failed(user_id, generation, charge.declined):
        _tell_declined(user_id, int(card.auto_amount_cents or 0), charge.declined, balance)
    return "declined"


def _tell_declined(user_id: str, amount_cents: int, message: str, balance: int) -> None:
    event: dict[str, Any] = {
        "event": "auto-topup-failed",
        "amount_cents": amount_cents,
        "balance_cents": balance,
        "message": message,
    }
    try:
        presence.push_to_user(user_id, event)
    except Exception:  # the pause is stored: the wallet page says it too
        log.exception("Could not tell the client about a declined automatic top-up")
