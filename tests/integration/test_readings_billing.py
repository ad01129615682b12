"""Readings billed by the real ASL in moto's Step Functions, one-second minutes, handlers in process."""

from __future__ import annotations

import time

import pytest

from soulseer import ledger
from soulseer.models import LedgerMovementModel, ReaderProfileModel, UserModel
from soulseer.readings import billing, lifecycle, room
from tests.conftest import TEST_ENV
from tests.support.readings import (
    accepted,
    active_reading,
    events_of,
    executions,
    fund,
    make_reader,
    open_room,
    request,
    send,
    session,
    wait_for,
)

BILLING_ARN = TEST_ENV["BILLING_STATE_MACHINE_ARN"]
pytestmark = pytest.mark.usefixtures("fresh_rules")


def balance(user_id: str) -> int:
    return ledger.balance_of(ledger.client_balance(user_id))


def pending(reader_id: str) -> int:
    return ledger.balance_of(ledger.reader_pending(reader_id))


def test_minutes_are_charged_exactly_and_split_70_30(state_machines) -> None:
    sid, client_conn, reader_conn = active_reading(150, 10_000, "video")
    assert session(sid).status == "active"
    assert ReaderProfileModel.get("r1").status == "busy"
    wait_for(lambda: int(session(sid).minutes) >= 4)
    send(client_conn, "end-session", session_id=sid)

    ended = session(sid)
    paid = int(ended.paid_minutes)
    assert ended.status == "ended" and ended.end_reason == "ended_by_client"
    assert paid == int(ended.minutes) >= 4
    assert int(ended.total_cents) == 150 * paid and int(ended.reader_share_cents) == 105 * paid
    assert balance("c1") == 10_000 - 150 * paid
    assert pending("r1") == 105 * paid
    assert ReaderProfileModel.get("r1").status == "online"
    for conn in (client_conn, reader_conn):
        (event,) = events_of(conn, "session-ended")
        assert event["summary"]["paid_minutes"] == paid and event["summary"]["total_cents"] == 150 * paid
        # each started minute reached both meters, in order, so the web app never polls the session
        wait_for(lambda conn=conn: len(events_of(conn, "reading-minute")) >= paid)  # pushed after its charge
        minutes = [e["minutes"] for e in events_of(conn, "reading-minute")]
        assert minutes == list(range(1, paid + 1)), minutes
        assert all(e["session_id"] == sid for e in events_of(conn, "reading-minute"))
    wait_for(lambda: executions(BILLING_ARN)[0]["status"] == "SUCCEEDED")
    assert int(session(sid).paid_minutes) == paid  # nothing charged after the end


def test_first_reading_gets_free_intro_minutes(state_machines) -> None:
    make_reader("r1", rate_cents=100)
    fund("c1", 1_000, "pi_1")
    sid = accepted("c1", "r1", "chat")
    assert session(sid).free_minutes == 3
    client_conn, _ = open_room(sid, "c1", "r1")
    wait_for(lambda: int(session(sid).minutes) >= 5)
    send(client_conn, "end-session", session_id=sid)
    ended = session(sid)
    assert int(ended.paid_minutes) == int(ended.minutes) - 3
    assert balance("c1") == 1_000 - 100 * int(ended.paid_minutes)
    assert UserModel.get("c1").intro_used is True
    second = session(request("c1", "r1", "chat"))
    assert second.free_minutes == 0


def test_running_out_of_funds_ends_the_reading(state_machines) -> None:
    sid, client_conn, reader_conn = active_reading(100, 250, "voice")
    wait_for(lambda: session(sid).status == "ended")
    wait_for(lambda: events_of(reader_conn, "session-ended"))  # pushed once the end has committed
    ended = session(sid)
    assert ended.end_reason == "insufficient_funds"
    assert int(ended.paid_minutes) == 2 and balance("c1") == 50 and pending("r1") == 140
    low = events_of(client_conn, "balance-low")
    assert low and low[-1]["minutes_left"] == 0 and low[-1]["balance_cents"] == 50
    assert events_of(reader_conn, "balance-low") == []
    assert events_of(reader_conn, "session-ended")[0]["summary"]["end_reason"] == "insufficient_funds"


def test_a_top_up_during_the_reading_keeps_it_going(state_machines) -> None:
    sid, client_conn, _ = active_reading(100, 200, "chat")
    wait_for(lambda: int(session(sid).paid_minutes) >= 1)
    fund("c1", 1_000, "pi_2")
    wait_for(lambda: int(session(sid).paid_minutes) >= 4)
    assert session(sid).status == "active"
    send(client_conn, "end-session", session_id=sid)
    assert balance("c1") == 1_200 - 100 * int(session(sid).paid_minutes)


def test_the_same_tick_delivered_twice_charges_once(state_machines, monkeypatch) -> None:
    monkeypatch.setenv("BILLING_TICK_SECONDS", "600")  # the execution charges minute 1, then waits
    sid, _, _ = active_reading(100, 1_000)
    wait_for(lambda: int(session(sid).paid_minutes) == 1)
    state = {"session_id": sid, "minute": 2, "wait_seconds": 600, "ticks_left": 100, "generation": 0}
    first, again = billing.tick(dict(state)), billing.tick(dict(state))
    assert first["minute"] == again["minute"] == 3
    assert int(session(sid).paid_minutes) == 2 and balance("c1") == 800
    assert LedgerMovementModel.count() == 3  # top-up + two minutes
    billing.tick({**state, "minute": 1})  # a stale redelivery of minute 1
    assert balance("c1") == 800
    lifecycle.end_reading(sid, "test_over")


def test_a_disconnect_past_the_grace_period_ends_the_reading(state_machines) -> None:
    sid, client_conn, reader_conn = active_reading(100, 5_000, "video")
    wait_for(lambda: int(session(sid).paid_minutes) >= 1)
    room.disconnect(reader_conn)
    paid_at_drop = int(session(sid).paid_minutes)
    wait_for(lambda: session(sid).status == "ended", timeout=20)
    ended = session(sid)
    assert ended.end_reason == "disconnected"
    assert int(ended.paid_minutes) <= paid_at_drop + 1  # billing paused while away
    assert balance("c1") == 5_000 - 100 * int(ended.paid_minutes)
    wait_for(lambda: events_of(client_conn, "session-ended"))  # pushed after the end commits


def test_a_reader_who_returns_within_grace_keeps_the_reading(state_machines, monkeypatch) -> None:
    monkeypatch.setenv("DISCONNECT_GRACE_SECONDS", "30")
    sid, client_conn, reader_conn = active_reading(100, 5_000, "video")
    wait_for(lambda: int(session(sid).paid_minutes) >= 1)
    room.disconnect(reader_conn)
    paused_at = int(session(sid).paid_minutes)
    time.sleep(2.5)
    assert int(session(sid).paid_minutes) <= paused_at + 1
    room.connect("conn-r1-back", "r1", "reader")
    send("conn-r1-back", "join-reading", session_id=sid)
    wait_for(lambda: int(session(sid).paid_minutes) >= paused_at + 3)
    assert session(sid).status == "active"
    send(client_conn, "end-session", session_id=sid)


def test_an_unanswered_request_is_cancelled_at_no_charge(state_machines, monkeypatch) -> None:
    monkeypatch.setenv("JOIN_TIMEOUT_SECONDS", "1")
    make_reader("r1", rate_cents=100)
    fund("c1", 1_000, "pi_1")
    sid = request("c1", "r1", "chat")
    wait_for(lambda: session(sid).status == "cancelled")
    assert session(sid).end_reason == "not_answered"
    assert balance("c1") == 1_000
    assert ReaderProfileModel.get("r1").status == "online"


def test_a_long_reading_continues_as_a_new_execution(state_machines, monkeypatch) -> None:
    monkeypatch.setenv("TICKS_PER_EXECUTION", "2")
    sid, client_conn, _ = active_reading(100, 5_000, "chat")
    wait_for(lambda: int(session(sid).paid_minutes) >= 5)
    send(client_conn, "end-session", session_id=sid)
    names = {execution["name"] for execution in executions(BILLING_ARN)}
    assert {sid, f"{sid}-g1", f"{sid}-g2"} <= names
    paid = int(session(sid).paid_minutes)
    assert balance("c1") == 5_000 - 100 * paid
    assert sorted(m.movement_id for m in LedgerMovementModel.scan() if m.kind == "reading") == sorted(
        f"charge:{sid}:{minute}" for minute in range(1, paid + 1)
    )
