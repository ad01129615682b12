"""Refunds (full or partial, never more than what is left on the charge) and test-helper disputes."""

from __future__ import annotations

import copy
from typing import Any

from ..app import Call, Route
from ..errors import invalid, required
from ..ids import new_id, now
from ..views import render
from .base import listing, new_object, update

REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
DISPUTE_REASONS = (
    "bank_cannot_process",
    "credit_not_processed",
    "customer_initiated",
    "debit_not_authorized",
    "duplicate",
    "fraudulent",
    "general",
    "incorrect_account_details",
    "insufficient_funds",
    "product_not_received",
    "product_unacceptable",
    "subscription_canceled",
    "unrecognized",
)


def _dollars(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


def _charge_of(call: Call) -> dict[str, Any]:
    """The succeeded charge named by `charge` or `payment_intent` (either may be given)."""
    p, store = call.params, call.store
    intent_id = p.string("payment_intent")
    charge_id = p.string("charge")
    if intent_id is None and charge_id is None:
        raise invalid(
            "One of the following params should be provided for this request: payment_intent or charge.",
            code="parameter_missing",
        )
    if intent_id is not None:
        intent = store.get("payment_intent", intent_id, param="payment_intent", status=400)
        if intent["status"] != "succeeded" or not intent["latest_charge"]:
            raise invalid(
                f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                param="payment_intent",
                code="charge_not_refundable",
            )
        if charge_id is not None and charge_id != intent["latest_charge"]:
            raise invalid(f"Charge {charge_id} does not belong to PaymentIntent {intent_id}.", param="charge")
        charge_id = intent["latest_charge"]
    assert charge_id is not None
    charge = store.get("charge", charge_id, param="charge", status=400)
    if charge["status"] != "succeeded":
        raise invalid(f"Charge {charge_id} has not succeeded and cannot be refunded.", param="charge")
    return charge


def create_refund(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    charge = _charge_of(call)
    remaining = charge["amount"] - charge["amount_refunded"]
    if remaining == 0:
        raise invalid(f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded")
    amount = p.integer("amount")
    if amount is None:
        amount = remaining
    if amount < 1:
        raise invalid("Invalid positive integer", param="amount", code="parameter_invalid_integer")
    if amount > remaining:
        raise invalid(
            f"Refund amount ({_dollars(amount)}) is greater than unrefunded amount on charge ({_dollars(remaining)})",
            param="amount",
            code="amount_too_large",
        )
    refund = new_object(
        "re",
        "refund",
        amount=amount,
        balance_transaction=new_id("txn"),
        charge=charge["id"],
        currency=charge["currency"],
        destination_details={"card": {"type": "refund"}, "type": "card"},
        metadata=p.metadata(),
        payment_intent=charge["payment_intent"],
        reason=p.enum("reason", REFUND_REASONS),
        receipt_number=None,
        source_transfer_reversal=None,
        status="succeeded",
        transfer_reversal=None,
    )
    store.add(refund)
    previous = {
        "amount_refunded": charge["amount_refunded"],
        "refunded": charge["refunded"],
        "refunds": copy.deepcopy(charge["refunds"]),
    }
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount"]
    charge["refunds"]["data"].insert(0, copy.deepcopy(refund))
    charge["refunds"]["total_count"] += 1
    store.emit("charge.refunded", charge, previous)
    store.emit("refund.created", refund)
    return render(store, refund, p)


def retrieve_refund(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("refund", call.match["id"]), call.params)


def modify_refund(call: Call) -> dict[str, Any]:
    return update(call, call.store.get("refund", call.match["id"]), (), "refund.updated")


def list_refunds(call: Call) -> dict[str, Any]:
    p = call.params
    return listing(call, "refund", "/v1/refunds", charge=p.string("charge"), payment_intent=p.string("payment_intent"))


def create_dispute(call: Call) -> dict[str, Any]:
    """LOCAL TEST HELPER (not a Stripe endpoint): the cardholder disputes a succeeded charge."""
    p, store = call.params, call.store
    if not p.has("charge") and not p.has("payment_intent"):
        raise required("charge")
    charge = _charge_of(call)
    if charge["disputed"]:
        raise invalid(f"Charge {charge['id']} has already been disputed.", param="charge")
    amount = p.integer("amount")
    if amount is None:
        amount = charge["amount"]
    if not 1 <= amount <= charge["amount"]:
        raise invalid("The dispute amount must be between 1 and the charge amount.", param="amount")
    dispute = new_object(
        "dp",
        "dispute",
        amount=amount,
        balance_transactions=[],
        charge=charge["id"],
        currency=charge["currency"],
        evidence={"customer_email_address": None, "uncategorized_text": None},
        evidence_details={"due_by": now() + 7 * 86400, "has_evidence": False, "past_due": False, "submission_count": 0},
        is_charge_refundable=False,
        metadata=p.metadata(),
        payment_intent=charge["payment_intent"],
        payment_method_details={"card": {"brand": "visa", "network_reason_code": "10.4"}, "type": "card"},
        reason=p.enum("reason", DISPUTE_REASONS, "fraudulent"),
        status=p.enum("status", ("needs_response", "warning_needs_response"), "needs_response"),
    )
    store.add(dispute)
    charge["disputed"] = True
    store.emit("charge.dispute.created", dispute)
    return render(store, dispute, p)


def _close(call: Call, status: str) -> dict[str, Any]:
    dispute = call.store.get("dispute", call.match["id"])
    if dispute["status"] in ("won", "lost"):
        raise invalid(f"This dispute is already closed ({dispute['status']}).")
    previous = {"status": dispute["status"]}
    dispute["status"] = status
    call.store.emit("charge.dispute.closed", dispute, previous)
    return render(call.store, dispute, call.params)


def close_dispute(call: Call) -> dict[str, Any]:
    """The merchant accepts the dispute: it is lost."""
    return _close(call, "lost")


def resolve_dispute(call: Call) -> dict[str, Any]:
    """LOCAL TEST HELPER: the bank decides the dispute (`status=won|lost`)."""
    return _close(call, call.params.enum("status", ("won", "lost"), "won") or "won")


def retrieve_dispute(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("dispute", call.match["id"]), call.params)


def list_disputes(call: Call) -> dict[str, Any]:
    p = call.params
    return listing(
        call, "dispute", "/v1/disputes", charge=p.string("charge"), payment_intent=p.string("payment_intent")
    )


_DISPUTE_HELPER_PARAMS = frozenset({"charge", "payment_intent", "amount", "reason", "status", "metadata"})

ROUTES = [
    Route("POST", "/v1/refunds", create_refund, "RefundCreateParams"),
    Route("GET", "/v1/refunds", list_refunds, "RefundListParams"),
    Route("GET", "/v1/refunds/{id}", retrieve_refund, "RefundRetrieveParams"),
    Route("POST", "/v1/refunds/{id}", modify_refund, "RefundUpdateParams"),
    Route("GET", "/v1/disputes", list_disputes, "DisputeListParams"),
    Route("GET", "/v1/disputes/{id}", retrieve_dispute, "DisputeRetrieveParams"),
    Route("POST", "/v1/disputes/{id}/close", close_dispute, "DisputeCloseParams"),
    # Local test helpers: Stripe has no such endpoints (in test mode a dispute comes from a test card).
    Route("POST", "/v1/test_helpers/disputes", create_dispute, extra=_DISPUTE_HELPER_PARAMS),
    Route("POST", "/v1/test_helpers/disputes/{id}/resolve", resolve_dispute, extra=frozenset({"status"})),
]
