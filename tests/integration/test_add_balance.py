"""POST /api/payments/add-balance against the local Stripe (in process) with the real SDK."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
import stripe

from soulseer.models import PaymentModel, UserModel
from tests.conftest import STRIPE_TEST_KEY, WEBHOOK_SECRET
from tests.support.apigw import LambdaContext, rest_event
from tests.support.stripe_truth import put_intent


def call(api_module: Any, body: Any, user: str = "u1", role: str = "client", key: str | None = None) -> tuple[int, Any]:
    headers = {"Idempotency-Key": key} if key else {}
    event = rest_event("POST", "/api/payments/add-balance", body=body, user=(user, role), headers=headers)
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def intents_recorded() -> int:
    """Payment intents in the payments table (it also keeps add-balance answers by Idempotency-Key)."""
    return sum(1 for item in PaymentModel.scan(consistent_read=True) if item.payment_id.startswith("pi_"))


def test_intent_is_created_for_one_customer_and_credits_nothing(local_stripe, api_module) -> None:
    status, first = call(api_module, {"amount_cents": 1500})
    assert status == 200 and first["client_secret"].startswith(first["payment_intent_id"])
    status, second = call(api_module, {"amount_cents": 2000})
    assert status == 200 and second["payment_intent_id"] != first["payment_intent_id"]
    client = stripe.StripeClient(STRIPE_TEST_KEY, base_addresses={"api": local_stripe.url})
    intents = [client.v1.payment_intents.retrieve(i["payment_intent_id"]) for i in (first, second)]
    customer = UserModel.get("u1").stripe_customer_id
    assert customer and {intent.customer for intent in intents} == {customer}
    assert intents[0].metadata["user_id"] == "u1" and intents[0].amount == 1500
    assert PaymentModel.get(first["payment_intent_id"]).status == "requires_payment_method"
    response = api_module.handler(rest_event("GET", "/api/payments/balance", user=("u1", "client")), LambdaContext())
    balance = json.loads(response["body"])
    assert balance["balance_cents"] == 0


def test_idempotency_key_returns_the_same_intent(local_stripe, api_module) -> None:
    _, first = call(api_module, {"amount_cents": 1500}, key="abc")
    _, again = call(api_module, {"amount_cents": 1500}, key="abc")
    assert again["payment_intent_id"] == first["payment_intent_id"]
    status, error = call(api_module, {"amount_cents": 1600}, key="abc")
    assert status == 400 and error["error"]["code"] == "idempotency_key_reused"
    assert intents_recorded() == 1


def test_an_idempotent_retry_is_answered_before_the_rate_limit(local_stripe, api_module) -> None:
    """Five tokens a minute: the bucket is empty, yet retries of the first request get its answer."""
    status, first = call(api_module, {"amount_cents": 1500}, key="retry-me")
    assert status == 200
    for n in range(4):
        assert call(api_module, {"amount_cents": 1000 + n})[0] == 200
    assert call(api_module, {"amount_cents": 1000})[0] == 429
    for _ in range(3):
        status, again = call(api_module, {"amount_cents": 1500}, key="retry-me")
        assert (status, again) == (200, first)
    status, error = call(api_module, {"amount_cents": 1600}, key="retry-me")
    assert status == 400 and error["error"]["code"] == "idempotency_key_reused"
    status, error = call(api_module, {"amount_cents": 1500}, key="another-key")
    assert status == 429  # a new request still pays its token
    assert (
        call(api_module, {"amount_cents": 1500}, user="u2", key="retry-me")[1]["payment_intent_id"]
        != first["payment_intent_id"]
    )  # keys are per user
    assert intents_recorded() == 6


def test_add_balance_reads_the_callers_user_item_once(local_stripe, api_module, monkeypatch) -> None:
    import botocore.client

    reads: list[tuple[str, bool]] = []
    original = botocore.client.BaseClient._make_api_call

    def recording(self: Any, operation: str, params: dict[str, Any]) -> Any:
        if operation == "GetItem" and str(params["TableName"]).endswith("-users"):
            reads.append((operation, bool(params.get("ConsistentRead"))))
        return original(self, operation, params)

    call(api_module, {"amount_cents": 1500})  # the first call makes the Stripe customer
    headers = {"Idempotency-Key": "k1"}
    event = rest_event(
        "POST", "/api/payments/add-balance", body={"amount_cents": 1500}, user=("u1", "client"), headers=headers
    )
    with monkeypatch.context() as patched:
        patched.setattr(botocore.client.BaseClient, "_make_api_call", recording)
        response = api_module.handler(event, LambdaContext())
    assert response["statusCode"] == 200, response["body"]
    assert reads == [("GetItem", True)]


@pytest.mark.parametrize(
    ("body", "role", "status", "code"),
    [
        ({"amount_cents": 499}, "client", 400, "amount_out_of_bounds"),
        ({"amount_cents": 50001}, "client", 400, "amount_out_of_bounds"),
        ({"amount_cents": 10.5}, "client", 400, "validation_failed"),
        ({"amount_cents": "1000"}, "client", 400, "validation_failed"),
        ({}, "client", 400, "validation_failed"),
        ({"amount_cents": 1000}, "reader", 403, "forbidden"),
    ],
)
def test_bad_requests_change_nothing(local_stripe, api_module, body, role, status, code) -> None:
    got, error = call(api_module, body, role=role)
    assert (got, error["error"]["code"]) == (status, code)
    assert PaymentModel.count() == 0


def test_the_webhook_accepts_base64_bodies(local_stripe, api_module) -> None:
    UserModel("u1", role="client").save()
    PaymentModel("pi_b64", user_id="u1", amount_cents=700).save()
    intent = {
        "id": "pi_b64",
        "amount": 700,
        "amount_received": 700,
        "currency": "usd",
        "metadata": {"user_id": "u1", "purpose": "balance_topup"},
    }
    put_intent(local_stripe, {**intent, "status": "succeeded"})
    payload = json.dumps({"id": "evt_b64", "type": "payment_intent.succeeded", "data": {"object": intent}})
    signature = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET, timestamp=int(time.time()))
    headers = {"Stripe-Signature": signature, "Content-Type": "application/json; charset=utf-8"}  # as Stripe sends
    event = rest_event("POST", "/api/payments/webhook", headers=headers)
    event["body"], event["isBase64Encoded"] = base64.b64encode(payload.encode()).decode(), True
    response = api_module.handler(event, LambdaContext())
    assert response["statusCode"] == 200 and json.loads(response["body"])["outcome"] == "credited"
