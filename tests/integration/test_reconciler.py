"""Nothing stays active without a billing loop (issue 10, path 3): StartExecution failing after the
activation commit is retried, and otherwise the scheduled reconciler restarts the loop or ends the
reading; requests past their expiry are ended by it too."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError

from soulseer import ledger
from soulseer.adapters import workflows
from soulseer.models import ReaderProfileModel
from soulseer.readings import lifecycle
from soulseer.readings import reconcile as reconcile_module
from soulseer.stores.readings import SessionModel
from soulseer_tools.localcloud.read_schedules import read_schedules
from tests.conftest import TEST_ENV
from tests.support.apigw import LambdaContext, load_handler_module
from tests.support.readings import (
    active_reading,
    events_of,
    executions,
    fund,
    make_reader,
    request,
    session,
    stored,
    wait_for,
)

BILLING_ARN = TEST_ENV["BILLING_STATE_MACHINE_ARN"]
pytestmark = pytest.mark.usefixtures("fresh_rules")


@pytest.fixture
def failing_starts(monkeypatch: pytest.MonkeyPatch):
    """StartExecution of the billing state machine fails the next `failures[0]` times."""
    real = workflows._client()
    failures = [0]
    calls: list[str] = []

    class Flaky:
        def start_execution(self, **kwargs: Any) -> Any:
            if kwargs["stateMachineArn"] == BILLING_ARN:
                calls.append(kwargs["name"])
                if failures[0] > 0:
                    failures[0] -= 1
                    raise ClientError(
                        {"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "StartExecution"
                    )
            return real.start_execution(**kwargs)

    monkeypatch.setattr(workflows, "_client", lambda: Flaky())
    monkeypatch.setattr(lifecycle, "START_BACKOFF_SECONDS", 0.01)
    return failures, calls


def reconcile(session_id: str | None = None, after_last_tick: float | None = None) -> dict[str, Any]:
    """The scheduled handler; with `after_last_tick`, run as if that many seconds had passed since the
    reading's last tick. Its rules are about that time (stale after 2 ticks, given up after 6): a loaded
    machine, slow between two statements, must not change which rule applies."""
    handler = load_handler_module("reconciler").handler
    if after_last_tick is None:
        return handler({"source": "aws.events"}, LambdaContext())
    assert session_id is not None
    now = reconcile_module.last_tick(session(session_id)) + after_last_tick
    with mock.patch.object(reconcile_module, "time", SimpleNamespace(time=lambda: now)):
        return handler({"source": "aws.events"}, LambdaContext())


def test_the_reconciler_is_scheduled_in_the_template(template) -> None:
    schedule = read_schedules(template)["ReconcilerFunctionReconcile"]
    assert schedule.enabled and schedule.expression == "rate(1 minute)"


def test_start_execution_failing_at_activation_is_retried(state_machines, failing_starts) -> None:
    failures, calls = failing_starts
    failures[0] = 2
    sid, _, _ = active_reading()
    assert calls == [sid, sid, sid]
    wait_for(lambda: int(session(sid).paid_minutes) >= 2)
    lifecycle.end_by_participant(sid, "c1", "client")
    assert [e["name"] for e in executions(BILLING_ARN)] == [sid]


def test_a_reading_left_without_a_loop_is_restarted_by_the_reconciler(state_machines, failing_starts) -> None:
    failures, _ = failing_starts
    failures[0] = 10  # every attempt at activation fails
    sid, _, _ = active_reading()
    assert session(sid).status == "active" and executions(BILLING_ARN) == []
    assert reconcile(sid, after_last_tick=1.9)["restarted"] == []  # not stale yet: younger than two ticks
    failures[0] = 0
    assert reconcile(sid, after_last_tick=2.2)["restarted"] == [sid]
    assert [e["name"] for e in executions(BILLING_ARN)] == [f"{sid}-g1"]
    wait_for(lambda: int(session(sid).paid_minutes) >= 2)
    assert reconcile(sid, after_last_tick=1.9)["restarted"] == []  # ticking again: left alone
    lifecycle.end_by_participant(sid, "c1", "client")
    ended = session(sid)
    assert int(ended.minutes) == int(ended.paid_minutes)


def test_a_stopped_execution_is_replaced(state_machines) -> None:
    sid, _, _ = active_reading()
    wait_for(lambda: int(session(sid).paid_minutes) >= 1)
    sfn = boto3.client("stepfunctions")
    sfn.stop_execution(executionArn=executions(BILLING_ARN)[0]["executionArn"])
    # a tick already running may still land: then the reconciler leaves it be, and is asked again
    wait_for(lambda: reconcile(sid, after_last_tick=2.2)["restarted"] == [sid], timeout=10, interval=0.5)
    assert int(session(sid).generation) == 1
    paid = int(session(sid).paid_minutes)
    wait_for(lambda: int(session(sid).paid_minutes) >= paid + 2)
    lifecycle.end_by_participant(sid, "c1", "client")


def test_a_loop_that_looked_dead_but_was_alive_hands_over_to_the_new_one(state_machines) -> None:
    sid, _, _ = active_reading()
    wait_for(lambda: int(session(sid).paid_minutes) >= 1)
    current = stored(sid)
    current.update(actions=[SessionModel.last_tick_at.set(float(current.last_tick_at) - 3)])  # a slow tick
    assert reconcile(sid, after_last_tick=3)["restarted"] == [sid]
    by_name = lambda: {e["name"]: e["status"] for e in executions(BILLING_ARN)}  # noqa: E731
    wait_for(lambda: by_name() == {sid: "SUCCEEDED", f"{sid}-g1": "RUNNING"})  # the old loop stepped down
    paid = int(session(sid).paid_minutes)
    wait_for(lambda: int(session(sid).paid_minutes) >= paid + 2)
    lifecycle.end_by_participant(sid, "c1", "client")
    ended = session(sid)
    assert int(ended.minutes) == int(ended.paid_minutes)
    assert ledger.balance_of(ledger.client_balance("c1")) == 10_000 - 100 * int(ended.paid_minutes)


def test_when_no_loop_can_start_the_reconciler_ends_the_reading(state_machines, failing_starts) -> None:
    failures, _ = failing_starts
    failures[0] = 100
    sid, client_conn, reader_conn = active_reading()
    assert reconcile(sid, after_last_tick=2.2)["ended"] == [sid]
    ended = session(sid)
    assert ended.status == "ended" and ended.end_reason == "billing_error"
    assert int(ended.minutes) == 0 and ReaderProfileModel.get("r1").status == "online"
    for conn in (client_conn, reader_conn):
        assert events_of(conn, "session-ended")[0]["summary"]["end_reason"] == "billing_error"


def test_requests_past_their_expiry_are_ended(state_machines, monkeypatch) -> None:
    monkeypatch.setattr(workflows, "start_request_expiry", lambda *args, **kwargs: True)  # its timer got lost
    make_reader("r1")
    fund("c1", 1_000, "pi_1")
    fund("c2", 1_000, "pi_2")
    fresh = request("c1", "r1", "chat")
    old = request("c2", "r1", "voice")
    aged = stored(old)
    aged.update(actions=[SessionModel.created_at.set(aged.created_at - timedelta(seconds=61))])
    assert reconcile()["expired"] == [old]
    assert session(old).status == "cancelled" and session(old).end_reason == "not_answered"
    assert session(fresh).status == "requested"
    assert [s.session_id for s in SessionModel.open_index.query("requested")] == [fresh]
