"""Transfers to connected accounts (and reversals), plus the platform balance."""

from __future__ import annotations

import copy
from typing import Any

from ..app import Call, Route
from ..errors import invalid, missing
from ..ids import new_id
from ..views import render
from .base import listing, new_object, update


def create(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    amount = p.req_integer("amount", minimum=1)
    currency = p.currency()
    destination = p.req_string("destination")
    account = store.find(destination)
    if account is None or account.get("object") != "account" or account.get("deleted"):
        raise missing("destination", destination, param="destination", status=400)
    if not account["payouts_enabled"]:
        raise invalid(
            "Your destination account needs to have at least one of the following capabilities enabled: "
            "transfers, crypto_transfers, legacy_payments (local Stripe: the account has not finished "
            f"onboarding; open its account link or POST /v1/test_helpers/accounts/{destination}/onboard).",
            param="destination",
            code="insufficient_capabilities_for_transfer",
        )
    source = p.string("source_transaction")
    if source is not None:
        store.get("charge", source, param="source_transaction", status=400)
    transfer = new_object(
        "tr",
        "transfer",
        amount=amount,
        amount_reversed=0,
        balance_transaction=new_id("txn"),
        currency=currency,
        description=p.string("description"),
        destination=destination,
        destination_payment=new_id("py"),
        metadata=p.metadata(),
        reversals=None,
        reversed=False,
        source_transaction=source,
        source_type=p.string("source_type") or "card",
        transfer_group=p.string("transfer_group"),
    )
    transfer["reversals"] = {
        "object": "list",
        "data": [],
        "has_more": False,
        "total_count": 0,
        "url": f"/v1/transfers/{transfer['id']}/reversals",
    }
    store.add(transfer)
    store.emit("transfer.created", transfer)
    return render(store, transfer, p)


def retrieve(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("transfer", call.match["id"]), call.params)


def modify(call: Call) -> dict[str, Any]:
    return update(call, call.store.get("transfer", call.match["id"]), ("description",), "transfer.updated")


def list_(call: Call) -> dict[str, Any]:
    p = call.params
    return listing(
        call,
        "transfer",
        "/v1/transfers",
        destination=p.string("destination"),
        transfer_group=p.string("transfer_group"),
    )


def reverse(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    transfer = store.get("transfer", call.match["id"])
    remaining = transfer["amount"] - transfer["amount_reversed"]
    amount = p.integer("amount")
    if amount is None:
        amount = remaining
    if remaining == 0:
        raise invalid(f"Transfer {transfer['id']} has already been fully reversed.")
    if not 1 <= amount <= remaining:
        raise invalid(f"The reversal amount must be between 1 and the unreversed amount ({remaining}).", param="amount")
    reversal = new_object(
        "trr",
        "transfer_reversal",
        amount=amount,
        balance_transaction=new_id("txn"),
        currency=transfer["currency"],
        destination_payment_refund=new_id("pyr"),
        metadata=p.metadata(),
        source_refund=None,
        transfer=transfer["id"],
    )
    previous = {"amount_reversed": transfer["amount_reversed"], "reversed": transfer["reversed"]}
    transfer["amount_reversed"] += amount
    transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
    transfer["reversals"]["data"].insert(0, copy.deepcopy(reversal))
    transfer["reversals"]["total_count"] += 1
    store.emit("transfer.reversed", transfer, previous)
    return render(store, reversal, p)


def balance(call: Call) -> dict[str, Any]:
    """The platform balance: captured charges - refunds - lost disputes - transfers (nothing pending).

    Informational only: transfers are not refused for lack of balance."""
    store = call.store
    totals: dict[str, int] = {}

    def add(currency: str, cents: int) -> None:
        totals[currency] = totals.get(currency, 0) + cents

    for charge in store.all("charge"):
        if charge["status"] == "succeeded":
            add(charge["currency"], charge["amount"] - charge["amount_refunded"])
    for dispute in store.all("dispute"):
        if dispute["status"] != "won":
            add(dispute["currency"], -dispute["amount"])
    for transfer in store.all("transfer"):
        add(transfer["currency"], -(transfer["amount"] - transfer["amount_reversed"]))
    currencies = sorted(totals) or ["usd"]
    return {
        "object": "balance",
        "available": [
            {"amount": totals.get(c, 0), "currency": c, "source_types": {"card": totals.get(c, 0)}} for c in currencies
        ],
        "livemode": False,
        "pending": [{"amount": 0, "currency": c, "source_types": {"card": 0}} for c in currencies],
    }


ROUTES = [
    Route("POST", "/v1/transfers", create, "TransferCreateParams"),
    Route("GET", "/v1/transfers", list_, "TransferListParams"),
    Route("GET", "/v1/transfers/{id}", retrieve, "TransferRetrieveParams"),
    Route("POST", "/v1/transfers/{id}", modify, "TransferUpdateParams"),
    Route("POST", "/v1/transfers/{id}/reversals", reverse, "TransferCreateReversalParams"),
    Route("GET", "/v1/balance", balance, "BalanceRetrieveParams"),
]
