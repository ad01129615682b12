"""A top-up through `soulseer dev` as a client would do it: the API creates the intent, the card is
confirmed at the local Stripe with the real SDK, the signed webhook credits the balance once."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
import stripe

from tests.e2e.conftest import LocalCloud


def stripe_client(cloud: LocalCloud) -> stripe.StripeClient:
    return stripe.StripeClient(
        str(cloud.state["stripe_secret_key"]), base_addresses={"api": str(cloud.state["stripe_url"])}
    )


def get(cloud: LocalCloud, path: str, token: str) -> Any:
    response = requests.get(cloud.url(path), headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for_balance(cloud: LocalCloud, token: str, cents: int) -> dict[str, Any]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        balance = get(cloud, "/api/payments/balance", token)
        if balance["balance_cents"] == cents:
            return balance
        time.sleep(0.1)
    raise AssertionError(f"balance never reached {cents}: {balance}")


def add_balance(cloud: LocalCloud, token: str, cents: int, key: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return requests.post(
        cloud.url("/api/payments/add-balance"), json={"amount_cents": cents}, headers=headers, timeout=10
    )


def test_top_up_end_to_end(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_payer", "client")
    first = add_balance(local_cloud, token, 2500, key="topup-1")
    again = add_balance(local_cloud, token, 2500, key="topup-1")
    assert first.status_code == 200 and again.status_code == 200
    intent = first.json()
    assert again.json()["payment_intent_id"] == intent["payment_intent_id"]
    assert get(local_cloud, "/api/payments/balance", token)["balance_cents"] == 0  # nothing until paid

    confirmed = stripe_client(local_cloud).v1.payment_intents.confirm(
        intent["payment_intent_id"], params={"payment_method": "pm_card_visa"}
    )
    assert confirmed.status == "succeeded"
    wait_for_balance(local_cloud, token, 2500)
    rows = get(local_cloud, "/api/payments/transactions", token)["items"]
    assert [(row["type"], row["amount_cents"]) for row in rows] == [("topup", 2500)]

    declined = add_balance(local_cloud, token, 1000).json()
    with pytest.raises(stripe.CardError):
        stripe_client(local_cloud).v1.payment_intents.confirm(
            declined["payment_intent_id"], params={"payment_method": "pm_card_chargeDeclined"}
        )
    time.sleep(0.5)
    assert get(local_cloud, "/api/payments/balance", token)["balance_cents"] == 2500

    audit = local_cloud.cli("audit", "--json")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert '"clean": true' in audit.stdout


@pytest.mark.parametrize("cents", [499, 50001])
def test_top_up_bounds(local_cloud: LocalCloud, cents: int) -> None:
    token = local_cloud.token("user_e2e_bounds", "client")
    response = add_balance(local_cloud, token, cents)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "amount_out_of_bounds"


def test_forged_webhook_is_refused(local_cloud: LocalCloud) -> None:
    response = requests.post(
        local_cloud.url("/api/payments/webhook"),
        data='{"type": "payment_intent.succeeded", "data": {"object": {}}}',
        headers={"Stripe-Signature": "t=1,v1=00", "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_signature"
