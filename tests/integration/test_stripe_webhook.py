"""Stripe webhooks through the api function: signatures, exactly-once credits, refunds, disputes."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import stripe

from soulseer import ledger
from soulseer.models import LedgerMovementModel, PaymentModel, UserModel
from soulseer.payments import TOPUP_PURPOSE
from tests.conftest import WEBHOOK_SECRET
from tests.support.apigw import LambdaContext, rest_event


def intent_event(kind: str, intent_id: str, user: str, amount: int, **extra: Any) -> dict[str, Any]:
    intent = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if kind == "payment_intent.succeeded" else 0,
        "currency": "usd",
        "metadata": {"user_id": user, "purpose": TOPUP_PURPOSE},
        "status": "succeeded" if kind == "payment_intent.succeeded" else "requires_payment_method",
        **extra,
    }
    return {"id": f"evt_{kind}_{intent_id}", "object": "event", "type": kind, "data": {"object": intent}}


def charge_refunded(intent_id: str, user: str, amount: int, refunded: int) -> dict[str, Any]:
    charge = {
        "id": f"ch_{intent_id}",
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "payment_intent": intent_id,
        "metadata": {"user_id": user, "purpose": TOPUP_PURPOSE},
    }
    return {"id": f"evt_refund_{refunded}", "object": "event", "type": "charge.refunded", "data": {"object": charge}}


@pytest.fixture
def deliver(stripe_secret: None, api_module: Any):
    def _deliver(
        event: dict[str, Any] | str,
        *,
        secret: str = WEBHOOK_SECRET,
        timestamp: int | None = None,
        signature: str | None = "sign",
    ) -> tuple[int, dict[str, Any]]:
        payload = event if isinstance(event, str) else json.dumps(event)
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            signature = stripe.WebhookSignature.generate_signature_header(
                payload, secret, timestamp=timestamp or int(time.time())
            )
        if signature is not None:
            headers["Stripe-Signature"] = signature
        response = api_module.handler(
            rest_event("POST", "/api/payments/webhook", body=payload, headers=headers), LambdaContext()
        )
        return response["statusCode"], json.loads(response["body"])

    return _deliver


def open_payment(intent_id: str, user: str, amount: int) -> None:
    UserModel(user, role="client").save()
    PaymentModel(intent_id, user_id=user, amount_cents=amount).save()


def balance(user: str) -> int:
    return ledger.balance_of(ledger.client_balance(user))


def test_webhook_delivered_three_times_credits_once(deliver) -> None:
    open_payment("pi_1", "u1", 2500)
    event = intent_event("payment_intent.succeeded", "pi_1", "u1", 2500)
    outcomes = [deliver(event) for _ in range(3)]
    assert [status for status, _ in outcomes] == [200, 200, 200]
    assert [body["outcome"] for _, body in outcomes] == ["credited", "duplicate", "duplicate"]
    assert balance("u1") == 2500
    assert LedgerMovementModel.count() == 1
    assert PaymentModel.get("pi_1").status == "succeeded"


@pytest.mark.parametrize(
    "attack",
    ["tampered", "wrong_secret", "stale", "missing", "garbage"],
)
def test_bad_signatures_are_refused_and_change_nothing(deliver, attack: str) -> None:
    open_payment("pi_1", "u1", 2500)
    event = intent_event("payment_intent.succeeded", "pi_1", "u1", 2500)
    payload = json.dumps(event)
    if attack == "tampered":
        header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
        status, body = deliver(payload.replace("2500", "9900"), signature=header)
    elif attack == "wrong_secret":
        status, body = deliver(event, secret="whsec_someone_else")
    elif attack == "stale":
        status, body = deliver(event, timestamp=int(time.time()) - 600)
    elif attack == "missing":
        status, body = deliver(event, signature=None)
    else:
        status, body = deliver(event, signature="t=1,v1=deadbeef")
    assert status == 400
    assert body["error"]["code"] == "invalid_signature"
    assert balance("u1") == 0 and LedgerMovementModel.count() == 0
    assert PaymentModel.get("pi_1").status == "requires_payment_method"


def test_twenty_concurrent_confirmations_give_the_exact_sum(deliver) -> None:
    amounts = [500 + 37 * n for n in range(20)]
    for n, amount in enumerate(amounts):
        PaymentModel(f"pi_{n}", user_id="u1", amount_cents=amount).save()
    UserModel("u1", role="client").save()
    events = [intent_event("payment_intent.succeeded", f"pi_{n}", "u1", a) for n, a in enumerate(amounts)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(deliver, events + events))
    assert all(status == 200 for status, _ in results)
    assert balance("u1") == sum(amounts)
    assert LedgerMovementModel.count() == 20


def test_refund_after_spending_leaves_debt_not_a_negative_balance(deliver) -> None:
    open_payment("pi_1", "u1", 2000)
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2000))
    spend = "charge:s1:1"
    ledger.post(spend, "reading", [ledger.Entry(ledger.client_balance("u1"), ledger.reader_pending("r1"), 1500)])
    status, body = deliver(charge_refunded("pi_1", "u1", 2000, 2000))
    assert status == 200 and body["outcome"] == "refunded"
    assert balance("u1") == 0
    assert ledger.balance_of(ledger.client_owed("u1")) == -1500
    assert deliver(charge_refunded("pi_1", "u1", 2000, 2000))[1]["outcome"] == "refunded"  # duplicate
    assert ledger.balance_of(ledger.client_owed("u1")) == -1500

    open_payment("pi_2", "u1", 2000)
    deliver(intent_event("payment_intent.succeeded", "pi_2", "u1", 2000))
    assert ledger.balance_of(ledger.client_owed("u1")) == 0
    assert balance("u1") == 500


def test_partial_refunds_out_of_order_take_back_the_latest_total_once(deliver) -> None:
    open_payment("pi_1", "u1", 3000)
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 3000))
    deliver(charge_refunded("pi_1", "u1", 3000, 1000))
    deliver(charge_refunded("pi_1", "u1", 3000, 2500))
    deliver(charge_refunded("pi_1", "u1", 3000, 1000))  # late and stale
    assert balance("u1") == 500
    assert int(PaymentModel.get("pi_1").refunded_cents) == 2500


def test_refund_arriving_before_success_is_settled_when_success_arrives(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    deliver(charge_refunded("pi_1", "u1", 1000, 1000))
    assert ledger.balance_of(ledger.client_owed("u1")) == -1000
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 1000))
    assert balance("u1") == 0 and ledger.balance_of(ledger.client_owed("u1")) == 0


def test_failure_is_recorded_but_never_overrides_success(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    failed = intent_event(
        "payment_intent.payment_failed", "pi_1", "u1", 1000, last_payment_error={"message": "Your card was declined."}
    )
    assert deliver(failed)[1]["outcome"] == "recorded"
    payment = PaymentModel.get("pi_1")
    assert payment.status == "failed" and payment.last_error == "Your card was declined."
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 1000))
    deliver(failed)
    assert PaymentModel.get("pi_1").status == "succeeded"
    assert balance("u1") == 1000


def test_dispute_flags_the_user(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    dispute = {"id": "dp_1", "object": "dispute", "charge": "ch_pi_1", "payment_intent": "pi_1", "amount": 1000}
    status, body = deliver({"id": "evt_dp", "type": "charge.dispute.created", "data": {"object": dispute}})
    assert status == 200 and body["outcome"] == "flagged"
    assert UserModel.get("u1").payment_disputed is True
    assert PaymentModel.get("pi_1").dispute_id == "dp_1"


def test_unknown_events_are_acknowledged_and_ignored(deliver) -> None:
    status, body = deliver({"id": "evt_x", "type": "customer.created", "data": {"object": {"id": "cus_1"}}})
    assert status == 200 and body["outcome"] == "ignored"
    assert LedgerMovementModel.count() == 0


def test_balance_and_transactions_routes(deliver, api_module) -> None:
    for n, amount in enumerate((1000, 2500)):
        open_payment(f"pi_{n}", "u1", amount)
        deliver(intent_event("payment_intent.succeeded", f"pi_{n}", "u1", amount))

    def get(path: str, **kwargs: Any) -> tuple[int, Any]:
        response = api_module.handler(rest_event("GET", path, user=("u1", "client"), **kwargs), LambdaContext())
        return response["statusCode"], json.loads(response["body"])

    assert get("/api/payments/balance") == (200, {"currency": "usd", "balance_cents": 3500, "owed_cents": 0})
    status, body = get("/api/payments/transactions")
    assert status == 200
    assert [(t["type"], t["amount_cents"], t["id"]) for t in body["items"]] == [
        ("topup", 2500, "topup:pi_1"),
        ("topup", 1000, "topup:pi_0"),
    ]
    status, body = get("/api/payments/transactions", query={"account": "earnings"})
    assert status == 403
