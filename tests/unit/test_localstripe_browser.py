"""A browser confirms a payment intent at the local Stripe as Stripe.js does: the publishable key and the
intent's client secret, a typed test card, CORS for the web app's origin; the webhook path stays real."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import stripe

from soulseer_tools.localstripe import LocalStripeThread
from tests.unit.conftest import SECRET, Receiver
from tests.unit.test_localstripe import local_events

ORIGIN = "http://127.0.0.1:5173"
PK = "pk_test_soulseer_local"


@pytest.fixture
def server(receiver: Receiver) -> Iterator[LocalStripeThread]:
    s = LocalStripeThread(
        port=0, webhook_endpoints=[(receiver.url, SECRET)], retry_delays=(0.05,), cors_origins=(ORIGIN,)
    )
    s.start()
    yield s
    s.stop()


@pytest.fixture
def intent(server: LocalStripeThread) -> stripe.PaymentIntent:
    client = stripe.StripeClient("sk_test_local", base_addresses={"api": server.url}, max_network_retries=0)
    return client.v1.payment_intents.create(params={"amount": 2500, "currency": "usd", "metadata": {"u": "1"}})


def confirm(server: LocalStripeThread, intent_id: str, **form: str) -> requests.Response:
    """What Stripe.js's confirmCardPayment posts (form-encoded, the key as a field)."""
    return requests.post(
        f"{server.url}/v1/payment_intents/{intent_id}/confirm", data=form, headers={"Origin": ORIGIN}, timeout=5
    )


def card(number: str) -> dict[str, Any]:
    return {
        "payment_method_data[type]": "card",
        "payment_method_data[card][number]": number,
        "payment_method_data[card][exp_month]": "12",
        "payment_method_data[card][exp_year]": "2034",
        "payment_method_data[card][cvc]": "123",
    }


def test_the_test_card_succeeds_and_the_webhook_is_delivered(
    server: LocalStripeThread, receiver: Receiver, intent: stripe.PaymentIntent
) -> None:
    response = confirm(
        server, intent.id, key=PK, client_secret=intent.client_secret, return_url=ORIGIN, **card("4242 4242 4242 4242")
    )
    assert response.status_code == 200, response.text
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    body = response.json()
    assert body["status"] == "succeeded" and body["amount_received"] == 2500
    assert server.wait_for_webhooks()
    [succeeded] = receiver.of_type("payment_intent.succeeded")
    assert succeeded.data.object.id == intent.id and succeeded.data.object.amount_received == 2500


def test_a_declined_card_gets_stripes_message_and_the_intent_can_be_retried(
    server: LocalStripeThread, receiver: Receiver, intent: stripe.PaymentIntent
) -> None:
    declined = confirm(server, intent.id, key=PK, client_secret=intent.client_secret, **card("4000000000000002"))
    assert declined.status_code == 402
    error = declined.json()["error"]
    assert error["type"] == "card_error" and error["code"] == "card_declined"
    assert error["message"] == "Your card was declined."
    assert error["payment_intent"]["status"] == "requires_payment_method"
    assert declined.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert [e["type"] for e in local_events(server, "payment_intent.payment_failed")] == [
        "payment_intent.payment_failed"
    ]
    retried = confirm(server, intent.id, key=PK, client_secret=intent.client_secret, payment_method="pm_card_visa")
    assert retried.status_code == 200 and retried.json()["status"] == "succeeded"


def test_a_publishable_key_needs_the_intents_own_client_secret(
    server: LocalStripeThread, intent: stripe.PaymentIntent
) -> None:
    missing = confirm(server, intent.id, key=PK, payment_method="pm_card_visa")
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "client_secret"
    wrong = confirm(server, intent.id, key=PK, client_secret=intent.id + "_secret_nope", payment_method="pm_card_visa")
    assert wrong.status_code == 400 and wrong.json()["error"]["param"] == "client_secret"
    as_bearer = requests.get(
        f"{server.url}/v1/payment_intents/{intent.id}",
        params={"client_secret": intent.client_secret},
        headers={"Authorization": f"Bearer {PK}"},
        timeout=5,
    )
    assert as_bearer.status_code == 200 and as_bearer.json()["status"] == "requires_payment_method"


def test_a_publishable_key_cannot_call_secret_key_routes(server: LocalStripeThread) -> None:
    response = requests.post(f"{server.url}/v1/payment_intents", data={"key": PK, "amount": "100", "currency": "usd"})
    assert response.status_code == 401
    assert "publishable API key" in response.json()["error"]["message"]


def test_wrong_and_non_test_card_numbers_are_card_errors(
    server: LocalStripeThread, intent: stripe.PaymentIntent
) -> None:
    wrong = confirm(server, intent.id, key=PK, client_secret=intent.client_secret, **card("4242424242424241"))
    assert wrong.status_code == 402 and wrong.json()["error"]["code"] == "incorrect_number"
    live = confirm(server, intent.id, key=PK, client_secret=intent.client_secret, **card("4111111111111111"))
    assert live.status_code == 402 and "test mode" in live.json()["error"]["message"]


def test_cors_preflight_only_for_the_web_origins(server: LocalStripeThread) -> None:
    url = f"{server.url}/v1/payment_intents/pi_x/confirm"
    allowed = requests.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}, timeout=5)
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    other = requests.options(url, headers={"Origin": "http://evil.test"}, timeout=5)
    assert "Access-Control-Allow-Origin" not in other.headers
