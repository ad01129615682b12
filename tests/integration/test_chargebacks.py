"""Card chargebacks through the webhook: held, then released (won) or settled (lost); spending refused
while one is open; every order and duplicate of the events ends in the same ledger."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from soulseer import chargebacks, ledger
from soulseer.models import LedgerMovementModel, UserModel
from tests.integration.test_stripe_webhook import balance, intent_event, open_payment
from tests.support.apigw import LambdaContext, rest_event


def dispute_event(kind: str, intent_id: str, amount: int, status: str = "needs_response", n: int = 1) -> dict[str, Any]:
    dispute = {
        "id": f"dp_{n}",
        "object": "dispute",
        "amount": amount,
        "currency": "usd",
        "charge": f"ch_{intent_id}",
        "payment_intent": intent_id,
        "status": status,
    }
    return {"id": f"evt_{kind}_{status}_{n}", "object": "event", "type": kind, "data": {"object": dispute}}


def created(intent_id: str = "pi_1", amount: int = 2000, n: int = 1) -> dict[str, Any]:
    return dispute_event("charge.dispute.created", intent_id, amount, n=n)


def closed(status: str, intent_id: str = "pi_1", amount: int = 2000, n: int = 1) -> dict[str, Any]:
    return dispute_event("charge.dispute.closed", intent_id, amount, status, n=n)


def accounts(user: str) -> tuple[int, int, int]:
    """(balance, owed, held) in cents."""
    return (
        balance(user),
        -ledger.balance_of(ledger.client_owed(user)),
        ledger.balance_of(ledger.client_held(user)),
    )


def disputed(user: str) -> bool:
    return bool(UserModel.get(user).open_chargebacks)


@pytest.fixture
def topped_up(deliver) -> None:
    open_payment("pi_1", "u1", 2000)
    assert deliver(intent_event("payment_intent.succeeded", "pi_1", "u1", 2000))[1]["outcome"] == "credited"


def spend(user: str, amount: int, n: int = 1) -> None:
    entry = ledger.Entry(ledger.client_balance(user), ledger.reader_pending("r1"), amount)
    ledger.post(f"charge:s{n}:1", "reading", [entry])


def test_created_holds_the_balance_and_what_is_spent_becomes_debt(deliver, topped_up) -> None:
    spend("u1", 1500)
    assert deliver(created())[1]["outcome"] == "held"
    assert accounts("u1") == (0, 1500, 2000)
    assert disputed("u1")
    assert deliver(created())[1]["outcome"] == "duplicate"
    assert accounts("u1") == (0, 1500, 2000)


def test_won_returns_the_money_and_lifts_the_block(deliver, topped_up) -> None:
    spend("u1", 1500)
    deliver(created())
    assert deliver(closed("won"))[1]["outcome"] == "released"
    assert accounts("u1") == (500, 0, 0)
    assert not disputed("u1")


def test_lost_settles_and_the_debt_stays_until_a_top_up(deliver, topped_up) -> None:
    spend("u1", 1500)
    deliver(created())
    assert deliver(closed("lost"))[1]["outcome"] == "settled"
    assert accounts("u1") == (0, 1500, 0)
    assert not disputed("u1")
    assert deliver(closed("won"))[1]["outcome"] == "duplicate"  # the first close counts
    assert accounts("u1") == (0, 1500, 0)
    open_payment("pi_2", "u1", 2000)
    deliver(intent_event("payment_intent.succeeded", "pi_2", "u1", 2000))
    assert accounts("u1") == (500, 0, 0)


@pytest.mark.parametrize("outcome", ["won", "lost"])
def test_any_order_and_duplicates_end_the_same(deliver, outcome: str) -> None:
    expected = {"won": (2000, 0, 0), "lost": (0, 0, 0)}[outcome]
    for n, order in enumerate(sorted(set(itertools.permutations(["created", "closed", "closed", "created"])))):
        user, intent = f"u{n}", f"pi_{n}"
        open_payment(intent, user, 2000)
        deliver(intent_event("payment_intent.succeeded", intent, user, 2000))
        for step in order:
            event = created(intent, n=n) if step == "created" else closed(outcome, intent, n=n)
            assert deliver(event)[0] == 200
        assert accounts(user) == expected, order
        assert not disputed(user)
        assert LedgerMovementModel.count(f"chargeback:dp_{n}:hold") == 1


def test_a_dispute_is_capped_at_the_intent_and_must_name_its_charge(deliver, topped_up) -> None:
    forged = created(amount=9999)
    forged["data"]["object"]["charge"] = "ch_other"
    assert deliver(forged)[1]["outcome"] == "ignored"
    assert deliver(created("pi_unknown"))[1]["outcome"] == "ignored"
    assert accounts("u1") == (2000, 0, 0) and not disputed("u1")
    deliver(created(amount=9999))
    assert accounts("u1") == (0, 0, 2000)


def test_spending_is_refused_while_a_chargeback_is_open(deliver, topped_up) -> None:
    deliver(created(amount=500))
    with pytest.raises(chargebacks.PaymentDisputed):
        chargebacks.refuse_if_disputed("u1")
    deliver(closed("won", amount=500))
    chargebacks.refuse_if_disputed("u1")


def test_the_balance_route_shows_held_money(deliver, topped_up, api_module) -> None:
    deliver(created(amount=500))
    response = api_module.handler(rest_event("GET", "/api/payments/balance", user=("u1", "client")), LambdaContext())
    body = json.loads(response["body"])
    assert (body["balance_cents"], body["held_cents"], body["owed_cents"]) == (1500, 500, 0)


def test_readings_gifts_and_purchases_are_refused_while_disputed(
    deliver, topped_up, agora_secret, state_machines, api_module
) -> None:
    from tests.integration.test_streams import gift, go_live
    from tests.support.readings import make_reader
    from tests.support.streams import call

    make_reader("r1")
    deliver(created(amount=500))
    client = ("u1", "client")
    refused = [
        call(api_module, "POST", "/api/sessions/start", client, body={"reader_id": "r1", "type": "chat"}),
        gift(api_module, go_live(api_module)["stream"]["stream_id"], client, "rose"),
        call(
            api_module,
            "POST",
            "/api/products/prd_1/purchase",
            client,
            resource="/api/products/{id}/purchase",
            body={"quantity": 1},
        ),
    ]
    assert [(status, body["error"]["code"]) for status, body in refused] == [(403, "payment_disputed")] * 3
    assert accounts("u1") == (1500, 0, 500)
    deliver(closed("won", amount=500))
    status, body = call(api_module, "POST", "/api/sessions/start", client, body={"reader_id": "r1", "type": "chat"})
    assert status == 200, body


def _ticks_until_over(state: dict[str, Any]) -> int:
    """Billing ticks by hand, as the state machine's Task runs them, until the loop ends; returns how many."""
    from soulseer.readings import billing

    for n in range(1, 100):
        try:
            state = billing.tick(state)
        except billing.ReadingOver:
            return n
    raise AssertionError("the loop never ended")


def test_an_active_reading_goes_on_with_what_the_hold_left_and_ends_when_that_is_spent(
    deliver, topped_up, state_machines, monkeypatch
) -> None:
    """A chargeback opened during a reading: the hold already took the disputed money out of the balance, so
    the ticks charge only what is left (never the held money, never into debt) and the reading ends as any
    reading whose balance runs out (`insufficient_funds`); a new reading is refused meanwhile."""
    from soulseer.readings import lifecycle
    from tests.support.readings import accepted, make_reader, open_room, request, session

    monkeypatch.setattr(lifecycle, "start_billing_loop", lambda *args, **kwargs: True)  # ticks by hand
    make_reader("r1", rate_cents=100)
    UserModel("u1").update(actions=[UserModel.intro_used.set(True)])
    sid = accepted("u1", "r1", "chat")
    open_room(sid, "u1", "r1")
    assert session(sid).status == "active"
    state = {"session_id": sid, "minute": 1, "wait_seconds": 1, "ticks_left": 100, "generation": 0}
    from soulseer.readings import billing

    state = billing.tick(state)
    assert accounts("u1") == (1900, 0, 0)

    deliver(created(amount=1500))
    assert accounts("u1") == (400, 0, 1500)
    make_reader("r2", rate_cents=100)
    with pytest.raises(chargebacks.PaymentDisputed):
        request("u1", "r2", "chat")

    assert _ticks_until_over(state) == 5  # minutes 2-5 take the 400 left; minute 6 is refused
    ended = session(sid)
    assert (ended.status, ended.end_reason, int(ended.paid_minutes)) == ("ended", "insufficient_funds", 5)
    assert accounts("u1") == (0, 0, 1500)
    assert ledger.balance_of(ledger.reader_pending("r1")) == 70 * 5


def test_a_hold_larger_than_the_balance_ends_the_reading_at_the_next_tick(
    deliver, topped_up, state_machines, monkeypatch
) -> None:
    from soulseer.readings import billing, lifecycle
    from tests.support.readings import accepted, make_reader, open_room, session

    monkeypatch.setattr(lifecycle, "start_billing_loop", lambda *args, **kwargs: True)
    make_reader("r1", rate_cents=100)
    UserModel("u1").update(actions=[UserModel.intro_used.set(True)])
    sid = accepted("u1", "r1", "chat")
    open_room(sid, "u1", "r1")
    state = billing.tick({"session_id": sid, "minute": 1, "wait_seconds": 1, "ticks_left": 100, "generation": 0})
    deliver(created(amount=2000))  # the whole top-up: 1900 from the balance, 100 owed
    assert accounts("u1") == (0, 100, 2000)
    assert _ticks_until_over(state) == 1
    assert (session(sid).end_reason, int(session(sid).paid_minutes)) == ("insufficient_funds", 1)
    assert accounts("u1") == (0, 100, 2000)
