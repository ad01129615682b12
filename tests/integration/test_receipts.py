"""Receipts through the real money paths: a top-up (the Stripe webhook), a reading (billed, then ended),
a payout (the daily run), an order (bought from the balance), a card refund (the Stripe webhook) and a
report's outcome (an admin's resolution) each send one email, after the money committed; none after the
client or reader used the one-click unsubscribe; the reader of a payout also gets a `payout-sent` push."""

from __future__ import annotations

from typing import Any

import pytest

from soulseer import payouts
from soulseer.notify import preferences
from soulseer.readings import lifecycle
from soulseer.readings.notify import announce_end
from soulseer.stores import notifications as store
from soulseer.stores import readings as readings_store
from tests.integration.test_disputes import dispute, resolve
from tests.integration.test_products import buy, create
from tests.integration.test_stripe_webhook import balance, charge_refunded, intent_event, open_payment
from tests.support.notify import emails_to, payloads, subscribe
from tests.support.operations import connected_reader, earn, ended_reading
from tests.support.presence import delivery
from tests.support.readings import active_reading, fund, make_reader, session, wait_for

DAY = "2030-01-15"


def with_email(user_id: str, address: str) -> None:
    preferences.update(user_id, "client", preferences.Choices(email=address))


def unsubscribe(sent: dict[str, Any]) -> None:
    """What the email's one-click List-Unsubscribe link does (no sign-in: the signed token)."""
    assert preferences.unsubscribe_emails(sent["list_unsubscribe"].split("token=")[1].rstrip(">"))


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
    unsubscribe(receipt)
    ended_reading("ses_later", "c1", "r1", minutes=2, rate=100)
    announce_end(readings_store.get("ses_later"))  # another paid reading ends: its receipt is not sent
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
    unsubscribe(sent)
    earn("r9", 1600, "r9-later")
    assert payouts.run("2030-01-16").results[0].outcome == "paid"  # the next day's payout: no email
    delivery(template).drain()
    assert len(emails_to("r9@example.com")) == 1
    assert store.preferences("r9").emails_off


def test_an_order_sends_one_receipt_and_none_after_unsubscribing(local_stripe, push_service, template, api_module):
    make_reader("r1")
    fund("c1", 5_000, "pi_shop")
    with_email("c1", "c1@example.com")
    product = create(api_module, name="Moon candle", price_cents=1500)
    for _ in range(2):  # a retried purchase (same Idempotency-Key): one order, one email
        status, bought = buy(api_module, product["product_id"], quantity=2, key="buy-once")
        assert status == 200, bought
    assert emails_to("c1@example.com") == []  # queued, never inline on the purchase
    delivery(template).drain()
    (receipt,) = emails_to("c1@example.com")
    assert receipt["subject"] == "Receipt: your order of Moon candle"
    assert "2 x Moon candle from r1" in receipt["text"] and "Total: $30.00" in receipt["text"]
    assert bought["order"]["order_id"] in receipt["text"]
    unsubscribe(receipt)
    assert buy(api_module, product["product_id"], key="buy-again")[0] == 200
    delivery(template).drain()
    assert len(emails_to("c1@example.com")) == 1


def test_a_card_refund_sends_one_receipt_and_none_after_unsubscribing(push_service, template, deliver) -> None:
    open_payment("pi_ref1", "c1", 3000)
    assert deliver(intent_event("payment_intent.succeeded", "pi_ref1", "c1", 3000))[0] == 200
    delivery(template).drain()
    with_email("c1", "c1@example.com")  # after the top-up was told: only the refund's email is sent
    for _ in range(2):  # Stripe delivers twice: one take-back, one email
        assert deliver(charge_refunded("pi_ref1", "c1", 3000, 1000))[1]["outcome"] == "refunded"
    assert balance("c1") == 2000
    delivery(template).drain()
    (receipt,) = emails_to("c1@example.com")
    assert receipt["subject"] == "Refund: $10.00 back to your card"
    assert "It came out of your SoulSeer balance." in receipt["text"]
    assert "refund:ch_pi_ref1:1000" in receipt["text"]
    unsubscribe(receipt)
    assert deliver(charge_refunded("pi_ref1", "c1", 3000, 2500))[1]["outcome"] == "refunded"  # a second refund
    assert balance("c1") == 500
    delivery(template).drain()
    assert len(emails_to("c1@example.com")) == 1


def test_a_reports_outcome_sends_one_email_and_none_after_unsubscribing(push_service, template, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=3, rate=100)
    ended_reading("ses_2", "c1", "r1", minutes=2, rate=100)
    with_email("c1", "c1@example.com")
    _, first = dispute(api_module, "ses_1")
    partial = {"outcome": "refund", "amount_cents": 120, "note": "Two minutes were lost to the connection."}
    for _ in range(2):  # a retried resolution: one refund, one email
        status, done = resolve(api_module, first["dispute_id"], partial)
        assert status == 200 and done["refund_cents"] == 120
    assert emails_to("c1@example.com") == []  # queued after the refund committed, never inline
    delivery(template).drain()
    (outcome,) = emails_to("c1@example.com")
    assert outcome["subject"] == "Your report about a reading was reviewed"
    assert "your reading with r1 was reviewed: $1.20 was refunded to your balance." in outcome["text"]
    assert "Two minutes were lost to the connection." in outcome["text"] and "ses_1" in outcome["text"]
    unsubscribe(outcome)
    _, second = dispute(api_module, "ses_2")
    assert resolve(api_module, second["dispute_id"], {"outcome": "reject", "note": "It happened."})[0] == 200
    delivery(template).drain()
    assert len(emails_to("c1@example.com")) == 1


def test_a_rejected_report_says_so_in_its_email(push_service, template, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=2, rate=100)
    with_email("c1", "c1@example.com")
    _, opened = dispute(api_module, "ses_1")
    assert resolve(api_module, opened["dispute_id"], {"outcome": "reject", "note": "The reading happened."})[0] == 200
    delivery(template).drain()
    (outcome,) = emails_to("c1@example.com")
    assert "was reviewed: no refund this time." in outcome["text"] and "The reading happened." in outcome["text"]
