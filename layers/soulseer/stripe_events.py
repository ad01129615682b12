"""Stripe webhooks: the signature is checked on the raw body; each event type is applied idempotently."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import stripe
from aws_lambda_powertools import Logger

from soulseer import connect, payments
from soulseer.adapters.stripe_api import webhook_secret
from soulseer.errors import ValidationFailed

logger = Logger(child=True)
SIGNATURE_TOLERANCE_SECONDS = 300


def verify(payload: str, signature: str | None) -> dict[str, Any]:
    refused = ValidationFailed("The webhook signature is missing or invalid.", code="invalid_signature")
    if not signature:
        raise refused
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, webhook_secret(), tolerance=SIGNATURE_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError):
        raise refused from None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise ValidationFailed("The webhook body is not a Stripe event.", code="invalid_event")
    return event


def _payment_succeeded(intent: dict[str, Any]) -> str:
    metadata = intent.get("metadata") or {}
    if metadata.get("purpose") != payments.TOPUP_PURPOSE or intent.get("currency") != payments.CURRENCY:
        return "ignored"
    user_id = metadata.get("user_id") or payments.payment_owner(intent.get("id"))
    amount = intent.get("amount_received", intent.get("amount"))
    if not user_id or not isinstance(amount, int) or amount <= 0:
        logger.warning("Top-up event without a user or amount", extra={"payment_intent": intent.get("id")})
        return "ignored"
    movement = payments.credit_topup(str(intent["id"]), str(user_id), amount)
    return "duplicate" if movement.replayed else "credited"


def _payment_failed(intent: dict[str, Any]) -> str:
    error = intent.get("last_payment_error") or {}
    payments.record_failure(str(intent["id"]), str(error.get("message") or "payment failed"))
    return "recorded"


def _charge_refunded(charge: dict[str, Any]) -> str:
    intent_id = charge.get("payment_intent")
    user_id = (charge.get("metadata") or {}).get("user_id") or payments.payment_owner(intent_id)
    refunded = charge.get("amount_refunded")
    if not intent_id or not user_id or not isinstance(refunded, int):
        return "ignored"
    if payments.payment_owner(intent_id) is None:
        return "ignored"  # not a top-up of ours
    payments.take_back_refund(str(charge["id"]), str(intent_id), str(user_id), refunded)
    return "refunded"


def _dispute_created(dispute: dict[str, Any]) -> str:
    intent_id = dispute.get("payment_intent")
    user_id = payments.payment_owner(intent_id)
    if not user_id:
        return "ignored"
    payments.flag_dispute(user_id, intent_id, str(dispute.get("id")))
    return "flagged"


def _account_updated(account: dict[str, Any]) -> str:
    if not account.get("id"):
        return "ignored"
    return connect.apply_account_update(str(account["id"]), account.get("metadata"))


HANDLERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "payment_intent.succeeded": _payment_succeeded,
    "payment_intent.payment_failed": _payment_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "account.updated": _account_updated,
}


def handle(event: dict[str, Any]) -> str:
    """Applies one verified event; unknown types are acknowledged and ignored."""
    handler = HANDLERS.get(str(event.get("type")))
    obj = event["data"].get("object")
    if handler is None or not isinstance(obj, dict):
        return "ignored"
    outcome = handler(obj)
    logger.info(
        "Stripe event applied",
        extra={"event": event.get("id"), "type": event.get("type"), "outcome": outcome},
    )
    return outcome
