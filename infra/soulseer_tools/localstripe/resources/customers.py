"""Customers: create, retrieve, update, list (with the `email` filter), delete."""

from __future__ import annotations

from typing import Any

from ..app import Call, Route
from ..ids import random_token
from ..views import render
from .base import deleted, listing, new_object, update

FIELDS = ("email", "name", "description", "phone")


def create(call: Call) -> dict[str, Any]:
    p = call.params
    customer = new_object(
        "cus",
        "customer",
        address=None,
        balance=0,
        currency=None,
        default_source=None,
        delinquent=False,
        description=p.string("description"),
        email=p.string("email"),
        invoice_prefix=random_token(8).upper(),
        invoice_settings={
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        metadata=p.metadata(),
        name=p.string("name"),
        next_invoice_sequence=1,
        phone=p.string("phone"),
        preferred_locales=[str(v) for v in p.array("preferred_locales")],
        shipping=None,
        tax_exempt="none",
        test_clock=None,
    )
    call.store.add(customer)
    call.store.emit("customer.created", customer)
    return render(call.store, customer, p)


def retrieve(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("customer", call.match["id"]), call.params)


def modify(call: Call) -> dict[str, Any]:
    customer = call.store.get("customer", call.match["id"])
    return update(call, customer, FIELDS, "customer.updated")


def list_(call: Call) -> dict[str, Any]:
    return listing(call, "customer", "/v1/customers", email=call.params.string("email"))


def delete(call: Call) -> dict[str, Any]:
    customer = call.store.get("customer", call.match["id"])
    call.store.emit("customer.deleted", customer)
    return deleted(customer)


ROUTES = [
    Route("POST", "/v1/customers", create, "CustomerCreateParams"),
    Route("GET", "/v1/customers", list_, "CustomerListParams"),
    Route("GET", "/v1/customers/{id}", retrieve, "CustomerRetrieveParams"),
    Route("POST", "/v1/customers/{id}", modify, "CustomerUpdateParams"),
    Route("DELETE", "/v1/customers/{id}", delete),
]
