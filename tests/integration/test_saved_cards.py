"""Saved cards against the local Stripe (real SDK): a top-up that saves its card, one-tap top-ups with
it (off-session intents confirmed here, credited only by the webhook after reading the intent back), and
the automatic top-up (queued by a minute's charge, charged once per generation by the money worker; a
declined card credits nothing, pauses it and tells the client)."""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
import stripe

from soulseer import ledger, presence, saved_cards
from soulseer.models import PaymentModel, UserModel
from soulseer.stores import saved_cards as card_store
from tests.conftest import STRIPE_TEST_KEY, TEST_ENV
from tests.integration.test_orders import GUIDE, buy, product
from tests.support.apigw import LambdaContext, load_handler_module, rest_event
from tests.support.readings import active_reading, events_of, executions, make_reader, send, session, wait_for

BILLING_ARN = TEST_ENV["BILLING_STATE_MACHINE_ARN"]


def api(api_module: Any, method: str, path: str, body: Any = None, user: str = "c1", key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    event = rest_event(method, path, body=body, user=(user, "client"), headers=headers)
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def stripe_client(local_stripe: Any) -> stripe.StripeClient:
    return stripe.StripeClient(STRIPE_TEST_KEY, base_addresses={"api": local_stripe.url})


def balance(user_id: str = "c1") -> int:
    return ledger.balance_of(ledger.client_balance(user_id))


def succeeded(deliver: Any, intent_id: str) -> dict[str, Any]:
    """Stripe's webhook for an intent the local Stripe really holds (the handler reads it back)."""
    event = {"id": f"evt_{intent_id}", "type": "payment_intent.succeeded", "data": {"object": {"id": intent_id}}}
    status, body = deliver(event, at_stripe=False)
    assert status == 200, body
    return body


def save_a_card(api_module: Any, local_stripe: Any, deliver: Any, user: str = "c1") -> str:
    """A browser top-up of $25.00 with "save this card", paid with Stripe's Visa test card."""
    body = {"amount_cents": 2500, "save_card": True}
    status, topup = api(api_module, "POST", "/api/payments/add-balance", body, user)
    assert status == 200, topup
    stripe_client(local_stripe).v1.payment_intents.confirm(
        topup["payment_intent_id"], params={"payment_method": "pm_card_visa"}
    )
    assert succeeded(deliver, topup["payment_intent_id"])["outcome"] == "credited"
    return str(topup["payment_intent_id"])


def customer_intents(local_stripe: Any, user: str = "c1") -> list[stripe.PaymentIntent]:
    card = card_store.find(user)
    assert card is not None and card.customer_id
    return list(stripe_client(local_stripe).v1.payment_intents.list(params={"customer": card.customer_id}).data)


def test_a_saved_card_tops_up_in_one_tap_credited_by_the_webhook(local_stripe, api_module, deliver) -> None:
    status, none = api(api_module, "GET", "/api/payments/saved-card")
    assert (status, none) == (200, {"card": None, "auto_topup": None})
    status, refused = api(api_module, "POST", "/api/payments/one-tap", {"amount_cents": 1000})
    assert status == 409 and refused["error"]["code"] == "no_saved_card"

    save_a_card(api_module, local_stripe, deliver)
    assert balance() == 2500
    status, saved = api(api_module, "GET", "/api/payments/saved-card")
    assert saved == {"card": {"brand": "visa", "last4": "4242"}, "auto_topup": None}

    status, tapped = api(api_module, "POST", "/api/payments/one-tap", {"amount_cents": 1000}, key="tap-1")
    assert status == 200 and tapped["status"] == "succeeded" and tapped["amount_cents"] == 1000
    assert balance() == 2500  # charged at Stripe, but nothing moves before the webhook says so
    _, again = api(api_module, "POST", "/api/payments/one-tap", {"amount_cents": 1000}, key="tap-1")
    assert again["payment_intent_id"] == tapped["payment_intent_id"]  # a retry charges the card once
    assert succeeded(deliver, tapped["payment_intent_id"])["outcome"] == "credited"
    assert succeeded(deliver, tapped["payment_intent_id"])["outcome"] == "duplicate"
    assert balance() == 3500
    assert sorted(i.amount_received for i in customer_intents(local_stripe)) == [1000, 2500]
    status, bad = api(api_module, "POST", "/api/payments/one-tap", {"amount_cents": 100})
    assert status == 400 and bad["error"]["code"] == "amount_out_of_bounds"

    status, forgotten = api(api_module, "DELETE", "/api/payments/saved-card")
    assert forgotten == {"card": None, "auto_topup": None}
    assert api(api_module, "POST", "/api/payments/one-tap", {"amount_cents": 1000})[0] == 409


def test_a_declined_saved_card_is_a_402_and_credits_nothing(local_stripe, api_module, deliver) -> None:
    save_a_card(api_module, local_stripe, deliver)
    card = card_store.find("c1")
    assert card is not None and card.customer_id
    failing = stripe_client(local_stripe).v1.payment_methods.attach(
        "pm_card_chargeCustomerFail", params={"customer": card.customer_id}
    )
    card_store.save_card("c1", card.customer_id, failing.id, "visa", "0341")  # as a webhook saving it would
    status, declined = api(api_module, "POST", "/api/payments/one-tap", {"amount_cents": 1000})
    assert status == 402 and declined["error"]["code"] == "card_declined"
    assert "declined" in declined["error"]["message"]
    intent_id = declined["error"]["details"]["payment_intent_id"]
    assert PaymentModel.get(intent_id).status == "failed"
    assert balance() == 2500


def money_messages() -> list[dict[str, Any]]:
    sqs, url, records = boto3.client("sqs"), os.environ["PAYOUTS_QUEUE_URL"], []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            records.append({"messageId": message["MessageId"], "body": message["Body"], "eventSource": "aws:sqs"})
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return records


def run_worker(records: list[dict[str, Any]]) -> None:
    worker = load_handler_module("payout_worker")
    assert worker.handler({"Records": records}, LambdaContext()) == {"batchItemFailures": []}


def auto_messages(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(r["body"]) for r in records]


def test_auto_topup_is_queued_by_a_minutes_charge_and_charged_once(
    local_stripe, api_module, deliver, state_machines, fresh_rules
) -> None:
    save_a_card(api_module, local_stripe, deliver)  # $25.00 in, the card saved
    half = {"amount_cents": 2000, "threshold_cents": None}
    assert api(api_module, "PUT", "/api/payments/auto-topup", half)[0] == 400
    body = {"amount_cents": 2000, "threshold_cents": 12_350}
    status, on = api(api_module, "PUT", "/api/payments/auto-topup", body)
    assert status == 200 and on["auto_topup"] == {**body, "paused_reason": None}

    sid, client_conn, _ = active_reading(100, 10_000, "chat")  # $125.00 in all, $1.00 a minute
    presence.connected("c1", "app-c1", "client")  # the client's app is open
    wait_for(lambda: int(session(sid).paid_minutes) >= 4)  # below $123.50 from the second minute on
    send(client_conn, "end-session", session_id=sid)
    wait_for(lambda: executions(BILLING_ARN)[0]["status"] != "RUNNING")
    paid = int(session(sid).paid_minutes)
    records = money_messages()
    assert len(records) >= 2 and all(m == {"kind": "auto-topup", "user_id": "c1"} for m in auto_messages(records))
    assert balance() == 12_500 - 100 * paid  # the charges queued it; nothing was charged inline

    run_worker(records)  # every trigger of this generation asks for the same payment: one charge
    intents = [i for i in customer_intents(local_stripe) if i.amount == 2000]
    assert [(i.status, i.amount_received, i.metadata["purpose"]) for i in intents] == [
        ("succeeded", 2000, "balance_topup")
    ]
    card = card_store.find("c1")
    assert card is not None and card.auto_pending_intent == intents[0].id
    assert balance() == 12_500 - 100 * paid  # credited only by the webhook
    assert succeeded(deliver, intents[0].id)["outcome"] == "credited"
    assert balance() == 14_500 - 100 * paid
    credited = card_store.find("c1")
    assert credited is not None and credited.auto_pending_intent is None
    assert credited.auto_generation == card.auto_generation + 1  # the next one is a new payment
    (updated,) = events_of("app-c1", "balance-updated")  # the app finishes on it
    assert updated["payment_intent_id"] == intents[0].id and updated["balance_cents"] == balance()

    run_worker(records)  # redelivered triggers: the balance is above the threshold now
    assert len([i for i in customer_intents(local_stripe) if i.amount == 2000]) == 1


def test_auto_topup_failure_credits_nothing_pauses_and_tells_the_client(
    local_stripe, api_module, deliver, reading
) -> None:
    presence.connected("c1", "app-c1", "client")  # the client's app is open
    assert api(api_module, "POST", "/api/payments/add-balance", {"amount_cents": 2500})[0] == 200  # the customer
    customer = UserModel.get("c1").stripe_customer_id
    failing = stripe_client(local_stripe).v1.payment_methods.attach(
        "pm_card_chargeCustomerFail", params={"customer": customer}
    )
    card_store.save_card("c1", str(customer), failing.id, "visa", "0341")  # as the webhook of its top-up would
    body = {"amount_cents": 2000, "threshold_cents": 5000}
    assert api(api_module, "PUT", "/api/payments/auto-topup", body)[0] == 200
    assert balance() == 900

    assert saved_cards.queue_if_low("c1", balance())
    assert saved_cards.queue_if_low("c1", balance())  # two charges before the worker runs
    run_worker(money_messages())
    declined = [i for i in customer_intents(local_stripe) if i.amount == 2000]
    assert [(i.status, i.amount_received) for i in declined] == [("requires_payment_method", 0)]
    assert PaymentModel.get(declined[0].id).status == "failed"
    assert balance() == 900 and ledger.balance_of(ledger.client_owed("c1")) == 0  # nothing credited, nothing owed
    (told,) = events_of("app-c1", "auto-topup-failed")
    assert told["amount_cents"] == 2000 and "declined" in told["message"]
    _, view = api(api_module, "GET", "/api/payments/saved-card")
    assert view["auto_topup"]["paused_reason"] == told["message"]

    assert not saved_cards.queue_if_low("c1", balance())  # paused: no retry storm
    run_worker([{"messageId": "late", "body": json.dumps({"kind": "auto-topup", "user_id": "c1"})}])
    assert len([i for i in customer_intents(local_stripe) if i.amount == 2000]) == 1
    assert len(events_of("app-c1", "auto-topup-failed")) == 1

    _, resumed = api(api_module, "PUT", "/api/payments/auto-topup", body)  # the client sets it again
    assert resumed["auto_topup"]["paused_reason"] is None
    assert saved_cards.queue_if_low("c1", balance())


def test_a_purchase_that_leaves_the_balance_low_queues_the_automatic_top_up(local_stripe, api_module, deliver) -> None:
    boto3.client("s3").create_bucket(Bucket=TEST_ENV["MEDIA_BUCKET"])
    make_reader("r1")
    save_a_card(api_module, local_stripe, deliver)  # $25.00
    api(api_module, "PUT", "/api/payments/auto-topup", {"amount_cents": 1000, "threshold_cents": 2000})
    guide = product(api_module, GUIDE)  # $9.00
    money_messages()
    status, bought = buy(api_module, guide)
    assert status == 200 and bought["balance_cents"] == 1600
    assert auto_messages(money_messages()) == [{"kind": "auto-topup", "user_id": "c1"}]
    run_worker([{"messageId": "m1", "body": json.dumps({"kind": "auto-topup", "user_id": "c1"})}])
    (charged,) = [i for i in customer_intents(local_stripe) if i.amount == 1000]
    assert succeeded(deliver, charged.id)["outcome"] == "credited"
    assert balance() == 2600
