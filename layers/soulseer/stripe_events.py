"""Stripe webhooks: the signature is checked on the raw body; each event type is applied idempotently.

A signed event is necessary, not sufficient: money moves only for a payment intent our payments table
holds (add-balance created it), for the user that table names, never more than the amount we created
the intent with; a charge must be the one recorded for that intent. Events signed with the Connect
endpoint's secret may only update Connect accounts."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger

from soulseer import chargebacks, connect, monitoring, notify, payments, saved_cards
from soulseer.adapters.secrets import stripe_secrets
from soulseer.errors import DomainError, ErrorCode
from soulseer.logs import SERVICE
from soulseer.stores.ledger import Payment

logger = Logger(service=SERVICE, child=True)
SIGNATURE_TOLERANCE_SECONDS = 300  # how old a signature may be (Stripe's default)
FUTURE_TOLERANCE_SECONDS = 60  # how far ahead of our clock a signature's timestamp may be
PLATFORM, CONNECT = "platform", "connect"
CONNECT_EVENTS = frozenset({"account.updated"})
UNTRUSTED_EVENTS = "WebhookEventsIgnored"  # signed, but not about anything of ours


def signing_secrets() -> list[tuple[str, str]]:
    """(endpoint, secret): the platform endpoint's, and the Connect endpoint's when configured."""
    secret = stripe_secrets()
    pairs = [(PLATFORM, str(secret["webhook_secret"]))]
    if secret.get("connect_webhook_secret"):
        pairs.append((CONNECT, str(secret["connect_webhook_secret"])))
    return pairs


def _timestamp(signature: str) -> int | None:
    for part in signature.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            return int(value)
    return None


class SignedEvent(dict[str, Any]):
    """A verified event, knowing which endpoint's secret signed it."""

    endpoint: str = PLATFORM


def _signed_by(payload: str, signature: str | None, secret: str) -> bool:
    import stripe  # the SDK loads with the first webhook, not at the api's cold start

    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, tolerance=SIGNATURE_TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError:
        return False
    return True


def verify(payload: str, signature: str | None) -> SignedEvent:
    """The event, if one of our endpoints' secrets signed it within the tolerance."""
    refused = DomainError(ErrorCode.INVALID_SIGNATURE)
    timestamp = _timestamp(signature or "")
    if timestamp is None or timestamp > time.time() + FUTURE_TOLERANCE_SECONDS:
        raise refused
    endpoint = next((name for name, secret in signing_secrets() if _signed_by(payload, signature, secret)), None)
    if endpoint is None:
        raise refused
    try:
        event = json.loads(payload)
    except ValueError:
        raise refused from None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise DomainError(ErrorCode.INVALID_EVENT)
    signed = SignedEvent(event)
    signed.endpoint = endpoint
    return signed


def _ignored(reason: str, **extra: Any) -> str:
    logger.warning("Stripe event ignored", extra={"reason": reason, **extra})
    monitoring.count(UNTRUSTED_EVENTS)
    return "ignored"


def _our_payment(intent_id: object) -> Payment | None:
    payment = payments.find_payment(intent_id)
    if payment is None or payment.purpose != payments.TOPUP_PURPOSE:
        return None
    return payment


def _charge_matches(payment: Payment, charge_id: object) -> bool:
    """The charge is the intent's own (once we know it; the first charge event for an intent records it)."""
    return isinstance(charge_id, str) and charge_id.startswith("ch_") and payment.charge_id in (None, charge_id)


def _payment_succeeded(intent: dict[str, Any]) -> str:
    """Credits one of our intents with what Stripe, asked directly, says it received: the event only
    names the intent, so a signed event (even with a leaked signing secret) cannot mint balance."""
    payment = _our_payment(intent.get("id"))
    if payment is None:
        return _ignored("unknown_intent", payment_intent=intent.get("id"))
    truth = payments.intent_at_stripe(payment.payment_id)
    if truth is None or truth.status != "succeeded":
        return _ignored("not_succeeded_at_stripe", payment_intent=payment.payment_id)
    if truth.currency != payments.CURRENCY or truth.amount_received <= 0:
        return _ignored("no_amount_received", payment_intent=payment.payment_id)
    amount = min(truth.amount_received, payment.amount_cents)
    movement = payments.credit_topup(payment.payment_id, payment.user_id, amount, truth.latest_charge)
    saved_cards.after_credit(payment.user_id, payment.payment_id, truth.saved_card)  # card kept; next auto top-up
    # after the commit; a redelivery tells again (the app may have missed the first push)
    payments.announce_credit(payment.user_id, movement.movement_id, payment.payment_id)
    receipt = {"amount_cents": amount, "movement_id": movement.movement_id}
    notify.enqueue_email(payment.user_id, "topup", receipt, dedupe=movement.movement_id)  # once per movement
    return "duplicate" if movement.replayed else "credited"


def _payment_failed(intent: dict[str, Any]) -> str:
    payment = _our_payment(intent.get("id"))
    if payment is None:
        return _ignored("unknown_intent", payment_intent=intent.get("id"))
    error = intent.get("last_payment_error") or {}
    payments.record_failure(payment.payment_id, str(error.get("message") or "payment failed"))
    return "recorded"


def _charge_refunded(charge: dict[str, Any]) -> str:
    payment = _our_payment(charge.get("payment_intent"))
    refunded = charge.get("amount_refunded")
    if payment is None or not _charge_matches(payment, charge.get("id")):
        return _ignored("unknown_charge", charge=charge.get("id"))
    if not isinstance(refunded, int) or refunded <= 0:
        return _ignored("no_amount_refunded", charge=charge.get("id"))
    total = min(refunded, payment.amount_cents)
    refund = payments.take_back_refund(str(charge["id"]), payment.payment_id, payment.user_id, total)
    if refund is not None:  # after the commit, once per movement
        receipt: dict[str, object] = {"amount_cents": refund.amount_cents, "owed_cents": refund.owed_cents}
        receipt["movement_id"] = refund.movement_id
        notify.enqueue_email(payment.user_id, "refund", receipt, dedupe=refund.movement_id)
    return "refunded"


def _dispute(dispute: dict[str, Any]) -> tuple[Payment, str, int] | None:
    payment = _our_payment(dispute.get("payment_intent"))
    dispute_id, amount = dispute.get("id"), dispute.get("amount")
    if payment is None or not _charge_matches(payment, dispute.get("charge")):
        return None
    if not isinstance(dispute_id, str) or not dispute_id.startswith("dp_"):
        return None
    if not isinstance(amount, int) or amount <= 0 or dispute.get("currency", payments.CURRENCY) != payments.CURRENCY:
        return None
    return payment, dispute_id, min(amount, payment.amount_cents)


def _dispute_created(dispute: dict[str, Any]) -> str:
    found = _dispute(dispute)
    if found is None:
        return _ignored("unknown_dispute", dispute=dispute.get("id"))
    payment, dispute_id, amount = found
    movement = chargebacks.hold(dispute_id, payment.user_id, payment.payment_id, amount, str(dispute["charge"]))
    return "duplicate" if movement.replayed else "held"


def _dispute_closed(dispute: dict[str, Any]) -> str:
    found = _dispute(dispute)
    if found is None:
        return _ignored("unknown_dispute", dispute=dispute.get("id"))
    payment, dispute_id, amount = found
    status = dispute.get("status")
    if status not in ("won", "lost", "warning_closed"):
        return _ignored("dispute_not_closed", dispute=dispute_id, status=status)
    won = status != "lost"  # an inquiry closed without a chargeback returns the money too
    movement = chargebacks.close(
        dispute_id, payment.user_id, payment.payment_id, amount, str(dispute["charge"]), won=won
    )
    return "duplicate" if movement.replayed else ("released" if won else "settled")


def _account_updated(account: dict[str, Any]) -> str:
    return connect.apply_account_update(account.get("id"), account.get("metadata"))


HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "payment_intent.succeeded": _payment_succeeded,
    "payment_intent.payment_failed": _payment_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "charge.dispute.closed": _dispute_closed,
    "account.updated": _account_updated,
}


def handle(event: dict[str, Any]) -> str:
    """Applies one verified event; unknown types are acknowledged and ignored."""
    endpoint = getattr(event, "endpoint", PLATFORM)
    kind = str(event.get("type"))
    handler = HANDLERS.get(kind)
    obj = event["data"].get("object")
    if handler is None or not isinstance(obj, dict):
        return "ignored"
    if endpoint == CONNECT and kind not in CONNECT_EVENTS:
        return _ignored("money_event_on_connect_endpoint", event=event.get("id"), type=kind)
    outcome = handler(obj)
    logger.info("Stripe event applied", extra={"event": event.get("id"), "type": kind, "outcome": outcome})
    return outcome
