"""Step Functions state transitions per billed minute and per paused minute, from a real moto execution.

A reading is billed by template.yaml's state machine in moto (the ASL executed, its task calling the
billing handler in process, a short tick). The history is cut into ticks (each Task entry starts one,
with the states entered until the next); a tick whose output minute is past its input minute billed a
minute, one that left the minute unchanged was paused (a participant away)."""

from __future__ import annotations

import json
import os
import time
from typing import Any

from benchmarks.world import moto_world


def _wait_until(condition: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the reading did not reach the expected state")
        time.sleep(0.05)


def _ticks(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ticks: list[dict[str, Any]] = []
    for event in history:
        kind = event["type"]
        if kind == "TaskStateEntered":
            details = event["stateEnteredEventDetails"]
            ticks.append({"input": json.loads(details.get("input") or "{}"), "entered": 1, "output": None})
        elif kind.endswith("StateEntered") and ticks:
            ticks[-1]["entered"] += 1
        elif kind == "TaskStateExited" and ticks:
            ticks[-1]["output"] = json.loads(event["stateExitedEventDetails"].get("output") or "{}")
    return ticks


def _minute(state: dict[str, Any] | None) -> int | None:
    if not isinstance(state, dict):
        return None
    payload = state.get("Payload", state)  # a Lambda integration may wrap the handler's answer
    return int(payload["minute"]) if isinstance(payload, dict) and "minute" in payload else None


def measure(billed_minutes: int = 4, paused_ticks: int = 3) -> dict[str, Any]:
    import boto3

    from benchmarks.operations import Readings, _modules, _ws
    from soulseer.readings.lifecycle import load
    from soulseer.readings.rules import rules

    os.environ["DISCONNECT_GRACE_SECONDS"] = "600"  # the pause must outlast the measured ticks
    rules.cache_clear()
    tick = int(os.environ["BILLING_TICK_SECONDS"])
    try:
        with moto_world(execute_state_machines=True, stripe=False) as world:
            api, _, _ = _modules()
            readings = Readings(api)
            readings.count = 1000
            session_id, client_conn, _ = readings.joined()
            _wait_until(lambda: int(load(session_id).minutes) >= billed_minutes, 30 + billed_minutes * tick * 3)
            _ws("$disconnect", client_conn)
            paused_at = int(load(session_id).minutes)
            time.sleep(tick * (paused_ticks + 0.5))
            _ws("$connect", client_conn + "b", user=(load(session_id).client_id, "client"))
            _ws("$default", client_conn + "b", {"action": "join-reading", "session_id": session_id})
            _wait_until(lambda: int(load(session_id).minutes) > paused_at, 30)
            _ws("$default", client_conn + "b", {"action": "end-session", "session_id": session_id})
            sfn = boto3.client("stepfunctions")
            arn = next(a for a in world["state_machines"].values() if "billing" in a)
            executions = [e for e in sfn.list_executions(stateMachineArn=arn)["executions"]
                          if e["name"].startswith(session_id)]  # fmt: skip
            _wait_until(
                lambda: all(
                    sfn.describe_execution(executionArn=e["executionArn"])["status"] != "RUNNING" for e in executions
                ),
                30,
            )
            history: list[dict[str, Any]] = []
            for execution in executions:
                history += sfn.get_execution_history(executionArn=execution["executionArn"], maxResults=1000)["events"]
    finally:
        os.environ["DISCONNECT_GRACE_SECONDS"] = "2"
        rules.cache_clear()
    ticks = _ticks(history)
    billed = [t for t in ticks if (_minute(t["output"]) or 0) > (_minute(t["input"]) or 0)]
    paused = [t for t in ticks if t["output"] is not None and _minute(t["output"]) == _minute(t["input"])]
    steady_billed = billed[1:-1] or billed  # the first and last ticks carry the start and the end

    def per(group: list[dict[str, Any]]) -> float | None:
        return sum(t["entered"] for t in group) / len(group) if group else None

    return {
        "tick_seconds": tick,
        "ticks": len(ticks),
        "billed_ticks": len(billed),
        "paused_ticks": len(paused),
        "transitions_per_billed_minute": per(steady_billed),
        "transitions_per_paused_minute": per(paused),
        "history_events": len(history),
        "states_entered": sorted({e["type"] for e in history if e["type"].endswith("StateEntered")}),
    }


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
