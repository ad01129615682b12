"""The local EventBridge scheduler: rate() and cron() expressions, template.yaml's schedules, firing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from soulseer_tools.localcloud.read_schedules import Schedule
from soulseer_tools.localcloud.recurrence import parse_expression
from soulseer_tools.localcloud.scheduler import Scheduler, scheduled_event
from soulseer_tools.localcloud.template import Template

ROOT = Path(__file__).resolve().parents[2]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("cron(0 6 * * ? *)", "2030-01-15T05:59:00", "2030-01-15T06:00:00"),
        ("cron(0 6 * * ? *)", "2030-01-15T06:00:00", "2030-01-16T06:00:00"),
        ("cron(0 6 * * ? *)", "2030-12-31T07:00:00", "2031-01-01T06:00:00"),
        ("cron(*/15 * * * ? *)", "2030-01-15T10:07:30", "2030-01-15T10:15:00"),
        ("cron(30 9 ? * MON-FRI *)", "2030-01-18T10:00:00", "2030-01-21T09:30:00"),  # Fri -> Mon
        ("cron(0 0 ? * 1 *)", "2030-01-15T00:00:00", "2030-01-20T00:00:00"),  # 1 = Sunday
        ("cron(0 12 1 JAN,JUL ? *)", "2030-02-01T00:00:00", "2030-07-01T12:00:00"),
        ("cron(0 8 29 2 ? 2032)", "2030-01-01T00:00:00", "2032-02-29T08:00:00"),
        ("cron(5,35 14 * * ? *)", "2030-01-15T14:05:00", "2030-01-15T14:35:00"),
    ],
)
def test_cron_next_firing(expression: str, after: str, expected: str) -> None:
    assert parse_expression(expression).next_after(at(after)) == at(expected)


def test_rate_fires_every_period_from_the_anchor() -> None:
    start = at("2030-01-15T06:00:00")
    every_five = parse_expression("rate(5 minutes)")
    assert every_five.next_after(start, start) == start + timedelta(minutes=5)
    assert every_five.next_after(start + timedelta(minutes=7), start) == start + timedelta(minutes=10)
    assert parse_expression("rate(1 day)").next_after(start, start) == start + timedelta(days=1)
    assert parse_expression("rate(2 hours)").next_after(start, start) == start + timedelta(hours=2)


@pytest.mark.parametrize(
    "expression",
    [
        "rate(0 minutes)",
        "rate(5 weeks)",
        "cron(0 6 * * *)",
        "cron(0 6 * * * *)",
        "cron(0 6 ? * ? *)",
        "cron(0 25 * * ? *)",
        "cron(0 6 L * ? *)",
        "cron(0 6 ? * 2#1 *)",
        "every day",
    ],
)
def test_bad_expressions_are_refused(expression: str) -> None:
    with pytest.raises(ValueError):
        parse_expression(expression)


def test_the_template_schedules_the_daily_payouts() -> None:
    schedules = Template(ROOT / "template.yaml").schedules
    payouts = [s for s in schedules.values() if s.function_id == "PayoutsFunction"]
    assert len(payouts) == 1 and payouts[0].enabled and payouts[0].name == "soulseer-dev-daily-payouts"
    assert payouts[0].expression.startswith(("cron(", "rate("))
    overridden = Template(ROOT / "template.yaml", {"PayoutSchedule": "rate(1 minute)"}).schedules
    assert [s.expression for s in overridden.values() if s.function_id == "PayoutsFunction"] == ["rate(1 minute)"]


def schedule(expression: str, **overrides: Any) -> Schedule:
    fields: dict[str, Any] = {
        "name": "soulseer-test-tick",
        "function_id": "TickFunction",
        "expression": expression,
        "recurrence": parse_expression(expression),
        "enabled": True,
        "input": None,
        **overrides,
    }
    return Schedule(**fields)


def test_due_schedules_fire_once_per_time_and_move_on() -> None:
    clock = [at("2030-01-15T05:59:30")]
    scheduler = Scheduler({"daily": schedule("cron(0 6 * * ? *)")}, lambda *_: None, now=lambda: clock[0])
    assert scheduler.due() == []
    clock[0] = at("2030-01-15T06:00:01")
    ((fired, when),) = scheduler.due()
    assert fired.name == "soulseer-test-tick" and when == at("2030-01-15T06:00:00")
    assert scheduler.due() == [] and scheduler.next_at["daily"] == at("2030-01-16T06:00:00")


def test_the_event_is_an_eventbridge_scheduled_event_or_the_input() -> None:
    event = scheduled_event(schedule("rate(1 day)"), at("2030-01-15T06:00:00"))
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert event["time"] == "2030-01-15T06:00:00Z" and event["resources"][0].endswith(":rule/soulseer-test-tick")
    assert scheduled_event(schedule("rate(1 day)", input={"dry_run": True}), at("2030-01-15T06:00:00")) == {
        "dry_run": True
    }


def test_the_scheduler_invokes_functions_on_its_loop_and_survives_failures() -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def invoke(function_id: str, event: dict[str, Any]) -> None:
        calls.append((function_id, event))
        raise RuntimeError("the function failed")  # logged; the scheduler carries on

    async def scenario() -> Scheduler:
        start = datetime.now(UTC)
        clock = [start]
        scheduler = Scheduler({"fast": schedule("rate(1 minute)")}, invoke, now=lambda: clock[0], max_sleep=0.01)
        scheduler.start()
        for minutes in (1, 2):
            clock[0] = start + timedelta(minutes=minutes, seconds=1)
            for _ in range(100):
                await asyncio.sleep(0.02)
                if len(calls) == minutes:
                    break
        await scheduler.stop()
        return scheduler

    scheduler = asyncio.run(scenario())
    assert [function for function, _ in calls] == ["TickFunction", "TickFunction"]
    assert len(scheduler.fired) == 2 and calls[0][1]["time"] != calls[1][1]["time"]


def test_disabled_schedules_never_fire() -> None:
    scheduler = Scheduler({"off": schedule("rate(1 minute)", enabled=False)}, lambda *_: None)
    assert scheduler.schedules == {}
