"""Stripe webhooks through the api function: signatures, exactly-once credits, refunds, disputes."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import stripe
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

from soulseer import ledger
from soulseer.adapters import stripe_api
from soulseer.models import LedgerMovementModel, PaymentModel, UserModel
from soulseer.payments import TOPUP_PURPOSE
from tests.conftest import CONNECT_WEBHOOK_SECRET, WEBHOOK_SECRET
from tests.support.apigw import LambdaContext, rest_event
from tests.support.presence import connect
from tests.support.readings import ACCOUNT, REGION, events_of, fund
from tests.support.stripe_truth import put_intent


def intent_event(kind: str, intent_id: str, user: str, amount: int, **extra: Any) -> dict[str, Any]:
    intent = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if kind == "payment_intent.succeeded" else 0,
        "currency": "usd",
        "metadata": {"user_id": user, "purpose": TOPUP_PURPOSE},
        "status": "succeeded" if kind == "payment_intent.succeeded" else "requires_payment_method",
        "latest_charge": f"ch_{intent_id}" if kind == "payment_intent.succeeded" else None,
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


def open_payment(intent_id: str, user: str, amount: int) -> None:
    if UserModel.count(user) == 0:
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
    ["tampered", "wrong_secret", "stale", "future", "missing", "garbage"],
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
    elif attack == "future":  # would stay valid for the tolerance past a future time
        status, body = deliver(event, timestamp=int(time.time()) + 600)
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

    assert get("/api/payments/balance") == (
        200,
        {"currency": "usd", "balance_cents": 3500, "owed_cents": 0, "held_cents": 0},
    )
    status, body = get("/api/payments/transactions")
    assert status == 200
    assert [(t["type"], t["amount_cents"], t["id"]) for t in body["items"]] == [
        ("topup", 2500, "topup:pi_1"),
        ("topup", 1000, "topup:pi_0"),
    ]
    status, body = get("/api/payments/transactions", query={"account": "earnings"})
    assert status == 403


def test_either_endpoint_secret_is_accepted_but_connect_cannot_move_money(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    event = intent_event("payment_intent.succeeded", "pi_1", "u1", 1000)
    assert deliver(event, secret=CONNECT_WEBHOOK_SECRET) == (200, {"received": True, "outcome": "ignored"})
    assert balance("u1") == 0
    assert deliver(event)[1]["outcome"] == "credited"
    assert balance("u1") == 1000


# Forged but validly signed events (a leaked secret, another integration on the account): nothing moves.


def test_fabricated_intent_is_acknowledged_and_moves_nothing(deliver) -> None:
    UserModel("u1", role="client").save()
    status, body = deliver(intent_event("payment_intent.succeeded", "pi_fabricated", "u1", 5000))
    assert (status, body["outcome"]) == (200, "ignored")
    assert balance("u1") == 0 and LedgerMovementModel.count() == 0
    assert PaymentModel.count("pi_fabricated") == 0


def test_amount_beyond_the_intent_we_created_is_capped(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    forged = intent_event("payment_intent.succeeded", "pi_1", "u1", 90000)
    assert deliver(forged)[1]["outcome"] == "credited"
    assert balance("u1") == 1000
    assert deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 1000))[1]["outcome"] == "duplicate"
    assert balance("u1") == 1000


def test_less_received_than_created_credits_what_was_received(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 1000, amount_received=600))
    assert balance("u1") == 600


def test_metadata_naming_another_user_credits_the_intents_owner(deliver) -> None:
    open_payment("pi_1", "u1", 1000)
    UserModel("u2", role="client").save()
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u2", 1000))
    assert balance("u1") == 1000 and balance("u2") == 0


def test_refund_naming_another_users_intent_moves_nothing(deliver) -> None:
    open_payment("pi_1", "u1", 2000)
    open_payment("pi_2", "u2", 2000)
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2000))
    deliver(intent_event("payment_intent.succeeded", "pi_2", "u2", 2000))
    forged = charge_refunded("pi_2", "u1", 2000, 2000)  # u2's intent, with u1's charge and name
    forged["data"]["object"]["id"] = "ch_pi_1"
    assert deliver(forged)[1]["outcome"] == "ignored"
    fabricated = charge_refunded("pi_unknown", "u1", 2000, 2000)
    assert deliver(fabricated)[1]["outcome"] == "ignored"
    assert balance("u1") == 2000 and balance("u2") == 2000
    assert LedgerMovementModel.count() == 2


def test_refund_applies_to_the_intents_owner_capped_at_its_amount(deliver) -> None:
    open_payment("pi_1", "u1", 2000)
    UserModel("u2", role="client").save()
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2000))
    assert deliver(charge_refunded("pi_1", "u2", 2000, 7000))[1]["outcome"] == "refunded"
    assert balance("u1") == 0 and ledger.balance_of(ledger.client_owed("u1")) == 0
    assert balance("u2") == 0 and ledger.balance_of(ledger.client_owed("u2")) == 0


# The event only names the intent: the amount and the outcome are read back from Stripe.


def test_a_signed_success_for_an_intent_stripe_says_is_unpaid_credits_nothing(deliver, local_stripe) -> None:
    """A leaked signing secret: a validly signed `payment_intent.succeeded` for one of our own unpaid intents."""
    open_payment("pi_1", "u1", 2500)
    put_intent(local_stripe, {"id": "pi_1", "amount": 2500, "amount_received": 0, "status": "requires_payment_method"})
    forged = intent_event("payment_intent.succeeded", "pi_1", "u1", 2500)
    for _ in range(2):
        status, body = deliver(forged, at_stripe=False)
        assert (status, body["outcome"]) == (200, "ignored")
    assert balance("u1") == 0 and LedgerMovementModel.count() == 0
    assert PaymentModel.get("pi_1").status == "requires_payment_method"
    put_intent(local_stripe, {"id": "pi_1", "amount": 2500, "amount_received": 2500, "latest_charge": "ch_pi_1"})
    assert deliver(forged, at_stripe=False)[1]["outcome"] == "credited"  # once Stripe says it succeeded
    assert balance("u1") == 2500 and PaymentModel.get("pi_1").charge_id == "ch_pi_1"


def test_the_amount_credited_is_what_stripe_received_not_what_the_event_says(deliver, local_stripe) -> None:
    open_payment("pi_1", "u1", 2500)
    put_intent(local_stripe, {"id": "pi_1", "amount": 2500, "amount_received": 900})
    assert deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2500), at_stripe=False)[0] == 200
    assert balance("u1") == 900


def test_an_intent_stripe_does_not_know_is_ignored(deliver) -> None:
    open_payment("pi_missing", "u1", 2500)
    status, body = deliver(intent_event("payment_intent.succeeded", "pi_missing", "u1", 2500), at_stripe=False)
    assert (status, body["outcome"]) == (200, "ignored")
    assert balance("u1") == 0


def test_stripe_unreachable_is_503_so_stripe_delivers_again(deliver, local_stripe, monkeypatch) -> None:
    open_payment("pi_1", "u1", 2500)
    put_intent(local_stripe, {"id": "pi_1", "amount": 2500})
    monkeypatch.setenv("STRIPE_API_BASE", "http://127.0.0.1:9")  # nothing listens there
    stripe_api._clients.clear()
    status, body = deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2500), at_stripe=False)
    assert (status, body["error"]["code"]) == (503, "payment_provider_unavailable")
    assert balance("u1") == 0
    monkeypatch.setenv("STRIPE_API_BASE", local_stripe.url)
    stripe_api._clients.clear()
    assert deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2500), at_stripe=False)[0] == 200
    assert balance("u1") == 2500


def test_a_credit_is_pushed_as_balance_updated_to_every_connection_of_the_client(deliver) -> None:
    open_payment("pi_1", "u1", 2500)
    fund("u1", 300, "pi_earlier")
    connect("u1-phone", "u1", "client")
    connect("u1-laptop", "u1", "client")
    connect("u2-app", "u2", "client")
    deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2500))
    expected = {
        "event": "balance-updated",
        "balance_cents": 2800,
        "movement_id": "topup:pi_1",
        "payment_intent_id": "pi_1",
    }
    assert events_of("u1-phone", "balance-updated") == [expected] == events_of("u1-laptop", "balance-updated")
    assert "u2-app" not in apigatewaymanagementapi_backends[ACCOUNT][REGION].connections
    assert deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2500))[1]["outcome"] == "duplicate"
    assert events_of("u1-phone", "balance-updated") == [expected, expected]  # told again, nothing credited again
    assert balance("u1") == 2800
