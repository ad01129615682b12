"""The billing loop on moto's Step Functions with the real ASL: two states per billed minute, the end
through a Catch, and a tick failing past its retries ending the reading as billing_error."""

from __future__ import annotations

import boto3
import pytest

from soulseer import ledger
from soulseer.ledger import transaction
from soulseer.models import ReaderProfileModel, UserModel
from soulseer.readings import billing, lifecycle, room
from soulseer.stores.readings import SessionModel
from tests.conftest import TEST_ENV
from tests.support.operations import call
from tests.support.readings import (
    active_reading,
    events_of,
    executions,
    fund,
    make_reader,
    open_room,
    send,
    session,
    stored,
    wait_for,
)

BILLING_ARN = TEST_ENV["BILLING_STATE_MACHINE_ARN"]
pytestmark = pytest.mark.usefixtures("fresh_rules")


def history(execution_arn: str) -> list[dict]:
    sfn = boto3.client("stepfunctions")
    events, token = [], None
    while True:
        page = sfn.get_execution_history(executionArn=execution_arn, **({"nextToken": token} if token else {}))
        events += page["events"]
        token = page.get("nextToken")
        if not token:
            return events


def states_entered(execution_arn: str) -> list[str]:
    """The state transitions Step Functions bills, in order (one per state entered)."""
    return [
        e["type"].removesuffix("StateEntered") for e in history(execution_arn) if e["type"].endswith("StateEntered")
    ]


def only_execution() -> dict:
    (execution,) = executions(BILLING_ARN)
    return execution


def test_two_state_transitions_per_billed_minute(state_machines) -> None:
    sid, client_conn, _ = active_reading(100, 10_000)
    wait_for(lambda: int(session(sid).paid_minutes) >= 4)
    send(client_conn, "end-session", session_id=sid)
    wait_for(lambda: only_execution()["status"] == "SUCCEEDED")

    paid = int(session(sid).paid_minutes)
    entered = states_entered(only_execution()["executionArn"])
    # each billed minute is a Task (its charge) and the Wait after it; the Task that finds the
    # reading over raises ReadingOver and the Catch leads to the Succeed state
    assert entered == ["Task", "Wait"] * paid + ["Task", "Succeed"]
    assert (len(entered) - 2) / paid == 2


def test_the_loop_ends_through_the_catch_of_reading_over(state_machines) -> None:
    sid, _, _ = active_reading(100, 150)  # one paid minute, then too little for the second
    wait_for(lambda: only_execution()["status"] != "RUNNING")
    assert only_execution()["status"] == "SUCCEEDED"
    ended = session(sid)
    assert ended.end_reason == "insufficient_funds" and int(ended.paid_minutes) == 1
    events = history(only_execution()["executionArn"])
    failed = [e for e in events if e["type"] == "LambdaFunctionFailed"]
    assert [e["lambdaFunctionFailedEventDetails"]["error"] for e in failed] == ["ReadingOver"]  # never retried


def test_a_tick_failing_past_its_retries_ends_the_reading_as_billing_error(state_machines, monkeypatch) -> None:
    sid, client_conn, reader_conn = active_reading(100, 10_000)
    wait_for(lambda: int(session(sid).paid_minutes) >= 1)

    def throttled(*args, **kwargs):
        raise RuntimeError("ProvisionedThroughputExceededException: the table is throttled")

    monkeypatch.setattr(billing, "_start_minute", throttled)
    wait_for(lambda: session(sid).status == "ended", timeout=30)
    ended = session(sid)
    assert ended.end_reason == "billing_error"
    assert ReaderProfileModel.get("r1").status == "online"  # free to be booked again
    for conn in (client_conn, reader_conn):
        (event,) = wait_for(lambda conn=conn: events_of(conn, "session-ended"))  # pushed after the end commits
        assert event["summary"]["end_reason"] == "billing_error"
    paid = int(ended.paid_minutes)
    assert paid == int(ended.minutes) == 1  # nothing given away: the reading stopped at the failure
    assert ledger.balance_of(ledger.client_balance("c1")) == 10_000 - 100 * paid
    wait_for(lambda: only_execution()["status"] == "FAILED")
    failed = [e for e in history(only_execution()["executionArn"]) if e["type"] == "LambdaFunctionFailed"]
    assert len(failed) == 4  # the first try and three retries


def test_a_refused_charge_with_a_top_up_landing_between_is_not_a_free_minute(state_machines, monkeypatch) -> None:
    """Path 1 of issue 10: the refusal used to be re-read as "already recorded" and the rest was free."""
    sid, client_conn, _ = active_reading(100, 150)
    commit = transaction.OrderedTransaction.commit
    landed: list[str] = []

    def top_up_lands_after_the_refusal(self: transaction.OrderedTransaction) -> None:
        try:
            commit(self)
        except transaction.Cancelled:
            if not landed:
                fund("c1", 1_000, "pi_2")
                landed.append("pi_2")
            raise

    monkeypatch.setattr(transaction.OrderedTransaction, "commit", top_up_lands_after_the_refusal)
    wait_for(lambda: session(sid).status == "ended")
    ended = session(sid)
    assert landed and ended.end_reason == "insufficient_funds"
    assert int(ended.minutes) == int(ended.paid_minutes) == 1  # every minute served was paid
    assert ledger.balance_of(ledger.client_balance("c1")) == 1_050
    wait_for(lambda: events_of(client_conn, "session-ended"))  # pushed after the end commits


def test_a_minute_neither_charged_nor_free_never_lets_the_loop_go_on(state_machines, monkeypatch) -> None:
    monkeypatch.setattr(lifecycle, "start_billing_loop", lambda *args, **kwargs: True)  # ticks by hand
    sid, _, _ = active_reading(100, 1_000)
    state = {"session_id": sid, "minute": 1, "wait_seconds": 1, "ticks_left": 10, "generation": 0}
    state = billing.tick(state)
    assert int(session(sid).paid_minutes) == 1
    stored(sid).update(actions=[SessionModel.minutes.set(0)])  # the counter fell behind the ledger
    with pytest.raises(billing.BillingOutOfStep):
        billing.tick(state)
    assert int(session(sid).paid_minutes) == 1 and ledger.balance_of(ledger.client_balance("c1")) == 900
    lifecycle.end_reading(sid, "test_over")


def test_a_participant_silent_past_the_heartbeat_window_is_away(state_machines, monkeypatch) -> None:
    monkeypatch.setenv("HEARTBEAT_WINDOW_SECONDS", "1")
    monkeypatch.setenv("DISCONNECT_GRACE_SECONDS", "2")
    sid, client_conn, _ = active_reading(100, 10_000)
    send(client_conn, "heartbeat")
    assert session(sid).client_seen_at is not None
    wait_for(lambda: session(sid).status == "ended", timeout=20)  # the client never heartbeats again
    ended = session(sid)
    assert ended.end_reason == "disconnected" and int(ended.paused_seconds) >= 1
    assert int(ended.minutes) == int(ended.paid_minutes)


def test_a_participant_who_never_heartbeats_is_judged_by_disconnect_alone(state_machines, monkeypatch) -> None:
    monkeypatch.setenv("HEARTBEAT_WINDOW_SECONDS", "1")
    sid, client_conn, _ = active_reading(100, 10_000)
    wait_for(lambda: int(session(sid).paid_minutes) >= 3)
    assert session(sid).status == "active" and int(session(sid).paused_seconds) == 0
    send(client_conn, "end-session", session_id=sid)


def _tick_by_hand(state: dict) -> dict | None:
    """One billing tick as the state machine's Task runs it; None once it raised ReadingOver."""
    try:
        return billing.tick(state)
    except billing.ReadingOver:
        return None


def _rejoin(sid: str, user_id: str, role: str, n: int) -> str:
    connection = f"conn-{user_id}-back-{n}"
    room.connect(connection, user_id, role)
    send(connection, "join-reading", session_id=sid)
    return connection


@pytest.mark.parametrize("every", [1, 2])
def test_dropping_before_ticks_cannot_dodge_charges(state_machines, monkeypatch, every: int) -> None:
    """Path 4 of issue 10: a client who drops the WebSocket just before a tick (every tick, or every
    other one) and rejoins within the grace is charged every tick it was present for, and the reading
    ends once the cumulative pause allowance is spent, however the drops are spread."""
    monkeypatch.setenv("DISCONNECT_GRACE_SECONDS", "5")  # five one-second ticks of pauses in all
    monkeypatch.setattr(lifecycle, "start_billing_loop", lambda *args, **kwargs: True)  # ticks by hand
    sid, client_conn, _ = active_reading(100, 10_000)
    state: dict | None = lifecycle.billing_input(sid, minute=1, generation=0)
    connection, ticks, paused, present = client_conn, 0, 0, 0
    while state is not None and ticks < 40:
        drop = ticks % every == 0
        if drop:
            room.disconnect(connection)  # just before the tick
        if session(sid).status != "active":
            break  # the drop itself found the allowance spent
        state, ticks = _tick_by_hand(state), ticks + 1
        paused += drop and state is not None
        present += not drop and state is not None
        if drop and session(sid).status == "active":
            connection = _rejoin(sid, "c1", "client", ticks)  # back well within the grace
    ended = session(sid)
    assert ended.status == "ended" and ended.end_reason == "disconnected"
    assert paused == 5 and int(ended.paused_seconds) == 5  # the allowance, and not a second more
    assert ticks < 40 and int(ended.minutes) == int(ended.paid_minutes) == present  # every tick present was paid
    assert ledger.balance_of(ledger.client_balance("c1")) == 10_000 - 100 * int(ended.paid_minutes)
    assert ReaderProfileModel.get("r1").status == "online"


def test_a_dodger_who_stays_within_the_allowance_pays_every_other_minute(state_machines, monkeypatch) -> None:
    """Path 4, the other way out: with the allowance left, each tick the client was present for is charged."""
    monkeypatch.setenv("DISCONNECT_GRACE_SECONDS", "60")
    monkeypatch.setattr(lifecycle, "start_billing_loop", lambda *args, **kwargs: True)
    sid, client_conn, _ = active_reading(100, 10_000)
    state: dict | None = lifecycle.billing_input(sid, minute=1, generation=0)
    connection = client_conn
    for n in range(20):
        if n % 2:
            room.disconnect(connection)
        state = _tick_by_hand(state)
        assert state is not None
        if n % 2:
            connection = _rejoin(sid, "c1", "client", n)
    current = session(sid)
    assert current.status == "active"
    assert int(current.paid_minutes) == int(current.minutes) == 10 and int(current.paused_seconds) == 10
    assert ledger.balance_of(ledger.client_balance("c1")) == 10_000 - 1_000
    lifecycle.end_reading(sid, "test_over")


def test_a_paused_tick_delivered_twice_spends_the_allowance_once(state_machines, monkeypatch) -> None:
    """Step Functions runs a Task again when its response was lost: a paused tick redelivered must not
    spend a second tick of the pause allowance (found by tests/simulation/test_reading_simulation.py)."""
    monkeypatch.setenv("DISCONNECT_GRACE_SECONDS", "3")
    monkeypatch.setattr(lifecycle, "start_billing_loop", lambda *args, **kwargs: True)
    sid, client_conn, _ = active_reading(100, 10_000)
    state = billing.tick(lifecycle.billing_input(sid, minute=1, generation=0))
    room.disconnect(client_conn)
    paused = billing.tick(state)
    assert int(session(sid).paused_seconds) == 1
    assert billing.tick(state) == paused  # the same Task again: the same answer, nothing more spent
    assert int(session(sid).paused_seconds) == 1
    billing.tick(paused)  # the next Task is a new pause
    assert int(session(sid).paused_seconds) == 2
    assert int(session(sid).paid_minutes) == 1
    lifecycle.end_reading(sid, "test_over")


def test_a_spending_limit_ends_the_reading_before_a_minute_would_pass_it(state_machines, api_module) -> None:
    """$3.50 at $1.00 a minute after three free minutes: minutes 4, 5 and 6 are paid, the seventh would pass
    the limit, so the loop ends the reading as limit_reached and charges nothing more."""
    make_reader("r1", rate_cents=100)
    fund("c1", 10_000, "pi_1")
    UserModel("c1").update(actions=[UserModel.intro_used.set(False)])
    status, started = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"),
        body={"reader_id": "r1", "type": "chat", "limit_cents": 350},
    )  # fmt: skip
    assert status == 200, started
    sid = started["session"]["session_id"]
    assert started["session"]["limit_cents"] == 350 and started["session"]["free_minutes"] == 3
    client_conn, reader_conn = open_room(sid, "c1", "r1")
    wait_for(lambda: session(sid).status == "ended")
    wait_for(lambda: events_of(reader_conn, "session-ended"))
    ended = session(sid)
    assert ended.end_reason == "limit_reached"
    assert (int(ended.minutes), int(ended.paid_minutes), int(ended.total_cents)) == (6, 3, 300)
    assert ledger.balance_of(ledger.client_balance("c1")) == 10_000 - 300
    low = events_of(client_conn, "balance-low")
    assert [e["minutes_left"] for e in low] == [2, 1, 0]  # the room warns before the last paid minute
    assert {e["limited_by"] for e in low} == {"limit"}
    assert events_of(client_conn, "session-ended")[0]["summary"]["end_reason"] == "limit_reached"
    wait_for(lambda: only_execution()["status"] == "SUCCEEDED")
    assert int(session(sid).paid_minutes) == 3


@pytest.mark.parametrize(
    ("limit", "code"), [(99, "limit_too_low"), (0, "validation_failed"), ("5", "validation_failed")]
)
def test_a_limit_below_one_paid_minute_is_refused(state_machines, api_module, limit, code) -> None:
    make_reader("r1", rate_cents=100)
    fund("c1", 10_000, "pi_1")
    status, body = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"),
        body={"reader_id": "r1", "type": "chat", "limit_cents": limit},
    )  # fmt: skip
    assert (status, body["error"]["code"]) == (400, code)
    assert SessionModel.count() == 0
