"""PaymentMethods saved on customers: attach (a `pm_card_*` test method becomes a customer's own `pm_...`,
as in Stripe), retrieve, detach, and a customer's list. A PaymentIntent confirmed with
`setup_future_usage` saves its card the same way. Each saved method remembers the test method it came
from (`pm_card_chargeCustomerFail` attaches, then every charge of it is declined, like Stripe's 4000 0000
0000 0341)."""

from __future__ import annotations

from typing import Any

from ..app import Call, Route
from ..errors import invalid, missing
from ..store import Store
from ..views import render
from . import cards
from .base import new_object

SOURCE = "_test_method"  # private: the `pm_card_*` behind a saved method (never rendered)


def save(store: Store, test_method: str, customer: str | None) -> dict[str, Any]:
    """A new PaymentMethod (`pm_...`) for a test method, attached to `customer`."""
    shape = cards.payment_method_object(test_method, customer)
    method = new_object("pm", "payment_method", **{k: v for k, v in shape.items() if k not in ("id", "object")})
    method[SOURCE] = test_method
    store.add(method)
    if customer is not None:
        store.emit("payment_method.attached", _public(method))
    return method


def _public(method: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in method.items() if k != SOURCE}


def test_method_of(store: Store, payment_method: str, param: str = "payment_method") -> str:
    """The `pm_card_*` test method a payment method id stands for (itself, or a saved method's source)."""
    if payment_method.startswith("pm_card_"):
        cards.check(payment_method, param)
        return payment_method
    method = store.find(payment_method)
    if method is None or method.get("object") != "payment_method" or SOURCE not in method:
        raise missing("PaymentMethod", payment_method, param=param, status=400)
    return str(method[SOURCE])


def owner_of(store: Store, payment_method: str) -> str | None:
    method = store.find(payment_method)
    return method.get("customer") if method is not None and method.get("object") == "payment_method" else None


def attach(call: Call) -> dict[str, Any]:
    customer = call.params.string("customer", required=True)
    assert customer is not None
    call.store.get("customer", customer, param="customer", status=400)
    method_id = call.match["id"]
    if method_id.startswith("pm_card_"):
        cards.check(method_id, "id")
        return render(call.store, _public(save(call.store, method_id, customer)))
    method = _get(call.store, method_id)
    if method.get("customer") not in (None, customer):
        raise invalid("The payment method you provided has already been attached to a customer.", param="customer")
    method["customer"] = customer
    call.store.emit("payment_method.attached", _public(method))
    return render(call.store, _public(method), call.params)


def _get(store: Store, method_id: str) -> dict[str, Any]:
    method = store.get("payment_method", method_id)
    if SOURCE not in method:
        raise missing("PaymentMethod", method_id)
    return method


def retrieve(call: Call) -> dict[str, Any]:
    method_id = call.match["id"]
    if method_id.startswith("pm_card_"):
        cards.check(method_id, "id")
        return cards.payment_method_object(method_id, None)
    return render(call.store, _public(_get(call.store, method_id)), call.params)


def detach(call: Call) -> dict[str, Any]:
    method = _get(call.store, call.match["id"])
    if method.get("customer") is None:
        raise invalid("The payment method you provided is not attached to a customer so detachment is impossible.")
    method["customer"] = None
    call.store.emit("payment_method.detached", _public(method))
    return render(call.store, _public(method), call.params)


def list_for_customer(call: Call) -> dict[str, Any]:
    customer = call.match["id"]
    call.store.get("customer", customer)
    methods = [_public(m) for m in call.store.all("payment_method") if m.get("customer") == customer]
    return {"object": "list", "data": methods, "has_more": False, "url": f"/v1/customers/{customer}/payment_methods"}


ROUTES = [
    Route("POST", "/v1/payment_methods/{id}/attach", attach, "PaymentMethodAttachParams"),
    Route("POST", "/v1/payment_methods/{id}/detach", detach, "PaymentMethodDetachParams"),
    Route("GET", "/v1/payment_methods/{id}", retrieve, "PaymentMethodRetrieveParams"),
    Route("GET", "/v1/customers/{id}/payment_methods", list_for_customer, "CustomerListPaymentMethodsParams"),
]
