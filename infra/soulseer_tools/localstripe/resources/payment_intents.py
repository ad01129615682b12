"""PaymentIntents and the Charges they create.

create (optionally `confirm=true`), retrieve, update, list, confirm, cancel; GET charges.
Confirming with a `pm_card_*` test payment method, or from a browser as Stripe.js does (the publishable
key and the intent's client secret, `payment_method_data[card][number]` of a test card), succeeds (a
Charge, `charge.succeeded`, `payment_intent.succeeded`) or is declined like Stripe: HTTP 402 card_error,
the intent back in `requires_payment_method` with `last_payment_error`, `charge.failed` and
`payment_intent.payment_failed`.
"""

from __future__ import annotations

import copy
from typing import Any

from ..app import Call, Route
from ..errors import StripeApiError, invalid, unexpected_state
from ..ids import new_id, now, random_token
from ..views import render
from . import cards, payment_methods
from .base import listing, new_object, set_strings

CANCELABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing")
UPDATABLE = ("requires_payment_method", "requires_confirmation", "requires_action")
MINIMUM = {"usd": 50, "eur": 50, "gbp": 30, "cad": 50, "aud": 50}
BROWSER_CONFIRM_PARAMS = frozenset({"client_secret", "expected_payment_method_type", "use_stripe_sdk"})
STRING_FIELDS = (
    "description",
    "receipt_email",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_group",
)


def _amount(call: Call, currency: str, required: bool = True) -> int | None:
    amount = call.params.integer("amount", required=required)
    if amount is None:
        return None
    if amount < 1:
        raise invalid(
            "This value must be greater than or equal to 1.", param="amount", code="parameter_invalid_integer"
        )
    minimum = MINIMUM.get(currency)
    if minimum is not None and amount < minimum:
        raise invalid(f"Amount must be at least {minimum} cents ({currency})", param="amount", code="amount_too_small")
    return amount


def _customer(call: Call) -> str | None:
    customer = call.params.string("customer")
    if customer is not None:
        call.store.get("customer", customer, param="customer", status=400)
    return customer


def _payment_method(call: Call) -> str | None:
    payment_method = call.params.string("payment_method")
    if payment_method is not None:
        payment_methods.test_method_of(call.store, payment_method)
        return payment_method
    data = call.params.mapping("payment_method_data")
    if not data:
        return None
    if data.get("type", "card") != "card":
        raise invalid("The local Stripe accepts card payment methods only.", param="payment_method_data[type]")
    card = data.get("card")
    return cards.from_card_number(card.get("number") if isinstance(card, dict) else None)


def _client_may_see(call: Call, intent: dict[str, Any]) -> None:
    """With a publishable key (a browser), the intent's client secret is the credential, as in Stripe."""
    if not call.publishable:
        return
    secret = call.params.string("client_secret")
    if secret is None:
        raise invalid("Missing required param: client_secret.", param="client_secret", code="parameter_missing")
    if secret != intent["client_secret"]:
        raise invalid(
            "The client_secret provided does not match any associated PaymentIntent on this account.",
            param="client_secret",
        )


def _capture_method(call: Call) -> str:
    method = call.params.enum("capture_method", ("automatic", "automatic_async", "manual"), "automatic_async")
    if method == "manual":
        raise invalid("capture_method=manual is not supported by the local Stripe.", param="capture_method")
    return method or "automatic_async"


def create(call: Call) -> dict[str, Any]:
    p = call.params
    currency = p.currency()
    assert currency is not None
    amount = _amount(call, currency)
    payment_method = _payment_method(call)
    automatic = p.mapping("automatic_payment_methods")
    intent_id = new_id("pi")
    intent = new_object(
        "pi",
        "payment_intent",
        object_id=intent_id,
        amount=amount,
        amount_capturable=0,
        amount_received=0,
        application=None,
        application_fee_amount=p.integer("application_fee_amount"),
        automatic_payment_methods=(
            {
                "allow_redirects": automatic.get("allow_redirects", "always"),
                "enabled": automatic.get("enabled") == "true",
            }
            if automatic
            else None
        ),
        canceled_at=None,
        cancellation_reason=None,
        capture_method=_capture_method(call),
        client_secret=f"{intent_id}_secret_{random_token(25)}",
        confirmation_method=p.enum("confirmation_method", ("automatic", "manual"), "automatic"),
        currency=currency,
        customer=_customer(call),
        description=p.string("description"),
        last_payment_error=None,
        latest_charge=None,
        metadata=p.metadata(),
        next_action=None,
        on_behalf_of=p.string("on_behalf_of"),
        payment_method=payment_method,
        payment_method_types=["card"],
        processing=None,
        receipt_email=p.string("receipt_email"),
        setup_future_usage=p.string("setup_future_usage"),
        shipping=None,
        statement_descriptor=p.string("statement_descriptor"),
        statement_descriptor_suffix=p.string("statement_descriptor_suffix"),
        status="requires_confirmation" if payment_method else "requires_payment_method",
        transfer_data=p.mapping("transfer_data") or None,
        transfer_group=p.string("transfer_group"),
    )
    call.store.add(intent)
    call.store.emit("payment_intent.created", intent)
    if p.boolean("confirm"):
        if payment_method is None:
            raise _missing_payment_method(intent, call)
        _process(call, intent, payment_method)
    return render(call.store, intent, p)


def _missing_payment_method(intent: dict[str, Any], call: Call) -> StripeApiError:
    return invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. "
        "Update the PaymentIntent with a payment method and then confirm it again.",
        param="payment_method",
        code="payment_intent_unexpected_state",
        payment_intent=render(call.store, intent),
    )


def _outcome(decline: cards.Decline | None) -> dict[str, Any]:
    if decline is None:
        return {
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "seller_message": "Payment complete.",
            "type": "authorized",
        }
    return {
        "network_status": "declined_by_network",
        "reason": decline.decline_code,
        "risk_level": "normal",
        "seller_message": "The bank did not return any further details with this decline.",
        "type": "issuer_declined",
    }


def _charge(
    intent: dict[str, Any], payment_method: str, decline: cards.Decline | None, test_method: str
) -> dict[str, Any]:
    ok = decline is None
    charge = new_object(
        "ch",
        "charge",
        amount=intent["amount"],
        amount_captured=intent["amount"] if ok else 0,
        amount_refunded=0,
        application_fee_amount=intent["application_fee_amount"],
        balance_transaction=new_id("txn") if ok else None,
        billing_details={"address": None, "email": None, "name": None, "phone": None},
        captured=ok,
        currency=intent["currency"],
        customer=intent["customer"],
        description=intent["description"],
        disputed=False,
        failure_code=decline.code if decline else None,
        failure_message=decline.message if decline else None,
        metadata=copy.deepcopy(intent["metadata"]),
        on_behalf_of=intent["on_behalf_of"],
        outcome=_outcome(decline),
        paid=ok,
        payment_intent=intent["id"],
        payment_method=payment_method,
        payment_method_details={"card": cards.card_details(test_method), "type": "card"},
        receipt_email=intent["receipt_email"],
        receipt_url=None,
        refunded=False,
        refunds=None,
        status="succeeded" if ok else "failed",
        transfer_data=intent["transfer_data"],
        transfer_group=intent["transfer_group"],
    )
    charge["refunds"] = {
        "object": "list",
        "data": [],
        "has_more": False,
        "total_count": 0,
        "url": f"/v1/charges/{charge['id']}/refunds",
    }
    return charge


def _process(call: Call, intent: dict[str, Any], payment_method: str) -> None:
    """Charge the card: success, or a decline raised as Stripe's 402 card_error."""
    store = call.store
    owner = payment_methods.owner_of(store, payment_method)
    if owner is not None and owner != intent["customer"]:
        raise invalid(
            "The provided PaymentMethod belongs to another customer; use it with that customer's PaymentIntents.",
            param="payment_method",
        )
    if call.params.has("setup_future_usage"):
        intent["setup_future_usage"] = call.params.string("setup_future_usage")
    test_method = payment_methods.test_method_of(store, payment_method)
    decline = cards.decline_for(test_method)
    if decline is None and intent["setup_future_usage"] and intent["customer"] and owner is None:
        payment_method = payment_methods.save(store, test_method, intent["customer"])["id"]  # the card, saved
    charge = store.add(_charge(intent, payment_method, decline, test_method))
    intent["latest_charge"] = charge["id"]
    if decline is None:
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            payment_method=payment_method,
            last_payment_error=None,
        )
        store.emit("charge.succeeded", charge)
        store.emit("payment_intent.succeeded", intent)
        return
    error = {
        "charge": charge["id"],
        "code": decline.code,
        "decline_code": decline.decline_code,
        "message": decline.message,
        "payment_method": cards.payment_method_object(test_method, intent["customer"]) | {"id": payment_method},
        "type": "card_error",
    }
    intent.update(status="requires_payment_method", payment_method=None, last_payment_error=error)
    store.emit("charge.failed", charge)
    store.emit("payment_intent.payment_failed", intent)
    raise StripeApiError(
        402,
        decline.message,
        type="card_error",
        code=decline.code,
        executed=True,
        decline_code=decline.decline_code,
        charge=charge["id"],
        payment_intent=render(store, intent),
        payment_method=error["payment_method"],
    )


def retrieve(call: Call) -> dict[str, Any]:
    intent = call.store.get("payment_intent", call.match["id"])
    _client_may_see(call, intent)
    return render(call.store, intent, call.params)


def modify(call: Call) -> dict[str, Any]:
    p = call.params
    intent = call.store.get("payment_intent", call.match["id"])
    money_fields = [n for n in ("amount", "currency", "customer", "payment_method") if p.has(n)]
    if money_fields and intent["status"] not in UPDATABLE:
        raise unexpected_state(
            f"You cannot update this PaymentIntent's {money_fields[0]} because it has a status of {intent['status']}.",
            payment_intent=render(call.store, intent),
        )
    if p.has("currency"):
        intent["currency"] = p.currency()
    if p.has("amount"):
        intent["amount"] = _amount(call, intent["currency"])
    if p.has("customer"):
        intent["customer"] = _customer(call)
    if p.has("payment_method"):
        intent["payment_method"] = _payment_method(call)
        intent["status"] = "requires_confirmation" if intent["payment_method"] else "requires_payment_method"
    set_strings(intent, p, STRING_FIELDS)
    intent["metadata"] = p.metadata(intent["metadata"])
    return render(call.store, intent, p)


def confirm(call: Call) -> dict[str, Any]:
    p = call.params
    intent = call.store.get("payment_intent", call.match["id"])
    _client_may_see(call, intent)
    if intent["status"] == "succeeded":
        raise unexpected_state(
            "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.",
            payment_intent=render(call.store, intent),
        )
    if intent["status"] == "canceled":
        raise unexpected_state(
            "You cannot confirm this PaymentIntent because it has a status of canceled. Only a "
            "PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, "
            "requires_payment_method, requires_action.",
            payment_intent=render(call.store, intent),
        )
    payment_method = _payment_method(call) or intent["payment_method"]
    if payment_method is None:
        raise _missing_payment_method(intent, call)
    if p.has("receipt_email"):
        intent["receipt_email"] = p.string("receipt_email")
    _process(call, intent, payment_method)
    return render(call.store, intent, p)


def cancel(call: Call) -> dict[str, Any]:
    p = call.params
    intent = call.store.get("payment_intent", call.match["id"])
    if intent["status"] not in CANCELABLE:
        raise unexpected_state(
            f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}. Only a "
            f"PaymentIntent with one of the following statuses may be canceled: {', '.join(CANCELABLE)}.",
            payment_intent=render(call.store, intent),
        )
    reason = p.enum("cancellation_reason", ("duplicate", "fraudulent", "requested_by_customer", "abandoned"))
    intent.update(status="canceled", canceled_at=now(), cancellation_reason=reason)
    call.store.emit("payment_intent.canceled", intent)
    return render(call.store, intent, p)


def list_(call: Call) -> dict[str, Any]:
    return listing(call, "payment_intent", "/v1/payment_intents", customer=call.params.string("customer"))


def retrieve_charge(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("charge", call.match["id"]), call.params)


def list_charges(call: Call) -> dict[str, Any]:
    p = call.params
    return listing(
        call,
        "charge",
        "/v1/charges",
        customer=p.string("customer"),
        payment_intent=p.string("payment_intent"),
        transfer_group=p.string("transfer_group"),
    )


ROUTES = [
    Route("POST", "/v1/payment_intents", create, "PaymentIntentCreateParams"),
    Route("GET", "/v1/payment_intents", list_, "PaymentIntentListParams"),
    Route(
        "GET",
        "/v1/payment_intents/{id}",
        retrieve,
        "PaymentIntentRetrieveParams",
        extra=frozenset({"client_secret"}),
        publishable=True,
    ),
    Route("POST", "/v1/payment_intents/{id}", modify, "PaymentIntentUpdateParams"),
    Route(
        "POST",
        "/v1/payment_intents/{id}/confirm",
        confirm,
        "PaymentIntentConfirmParams",
        extra=BROWSER_CONFIRM_PARAMS,
        publishable=True,
    ),
    Route("POST", "/v1/payment_intents/{id}/cancel", cancel, "PaymentIntentCancelParams"),
    Route("GET", "/v1/charges", list_charges, "ChargeListParams"),
    Route("GET", "/v1/charges/{id}", retrieve_charge, "ChargeRetrieveParams"),
]
