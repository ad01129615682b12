"""Receipts through the real money paths: a top-up (the Stripe webhook), a reading (billed, then ended)
and a payout (the daily run) each send one email, after the money committed; none after the client or
reader used the one-click unsubscribe; the reader of a payout also gets a `payout-sent` push."""

from __future__ import annotations

from typing import Any

import pytest

from soulseer import notify, payouts
from soulseer.notify import preferences
from soulseer.readings import lifecycle
from soulseer.stores import notifications as store
from tests.integration.test_stripe_webhook import intent_event, open_payment
from tests.support.notify import emails_to, payloads, subscribe
from tests.support.operations import connected_reader, earn
from tests.support.presence import delivery
from tests.support.readings import active_reading, session, wait_for

DAY = "2030-01-15"


def with_email(user_id: str, address: str) -> None:
    preferences.update(user_id, "client", preferences.Choices(email=address))


def test_a_top_up_sends_one_receipt_and_none_after_unsubscribing(push_service, template, deliver) -> None:
    with_email("c1", "c1@example.com")
    open_payment("pi_top1", "c1", 2500)
    for _ in range(2):  # Stripe delivers twice: one credit, one email
        assert deliver(intent_event("payment_intent.succeeded", "pi_top1", "c1", 2500))[0] == 200
    assert emails_to("c1@example.com") == []  # queued, never inline on the webhook
    delivery(template).drain()
    (receipt,) = emails_to("c1@example.com")
    assert receipt["subject"] == "Receipt: $25.00 added to your balance" and "topup:pi_top1" in receipt["text"]
    assert preferences.unsubscribe_emails(receipt["list_unsubscribe"].split("token=")[1].rstrip(">"))
    open_payment("pi_top2", "c1", 1000)
    assert deliver(intent_event("payment_intent.succeeded", "pi_top2", "c1", 1000))[0] == 200
    delivery(template).drain()
    assert len(emails_to("c1@example.com")) == 1


@pytest.mark.usefixtures("slow_minutes")
def test_a_reading_sends_one_receipt_naming_minutes_total_and_reader(state_machines, push_service, template) -> None:
    sid, _, _ = active_reading(100, 1_000, "video")
    wait_for(lambda: int(session(sid).paid_minutes) == 1)
    with_email("c1", "c1@example.com")
    lifecycle.end_reading(sid, "ended_by_client")
    delivery(template).drain()
    (receipt,) = emails_to("c1@example.com")
    assert receipt["subject"] == "Receipt: your reading with r1"
    assert "lasted 1 minute(s)" in receipt["text"] and "Total: $1.00" in receipt["text"]
    lifecycle.end_reading(sid, "ended_by_reader")  # ended already: nothing more
    delivery(template).drain()
    assert len(emails_to("c1@example.com")) == 1


def test_a_payout_sends_one_email_and_a_push(local_stripe, push_service, template) -> None:
    connected_reader(local_stripe.url, "r9")
    with_email("r9", "r9@example.com")
    endpoint, key, auth = subscribe(push_service, "r9", "r9-phone")
    earn("r9", 1500, "r9")
    assert payouts.run(DAY).results[0].outcome == "paid"
    payouts.run(DAY)  # again the same day: already paid, nothing more said
    delivery(template).drain()
    (sent,) = emails_to("r9@example.com")
    assert sent["subject"] == "Payout sent: $15.00"
    pushes: list[Any] = payloads(push_service, endpoint, key, auth)
    assert [(p["event"], p["amount_cents"]) for p in pushes] == [("payout-sent", 1500)]
    store.set_flag("r9", emails_off=True)
    notify.enqueue_email("r9", "payout", {"payout_id": "payout:r9:later", "amount_cents": 1600}, dedupe="later")
    delivery(template).drain()
    assert len(emails_to("r9@example.com")) == 1
