"""The local EventBridge scheduler: fires template.yaml's schedules at their times (UTC), invoking the
function asynchronously with the event EventBridge sends (`Scheduled Event`, or the schedule's Input).

A failed invocation is logged (in AWS it would be retried and then sent to the failure destination)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from soulseer_tools.localcloud.intrinsics import ACCOUNT_ID, REGION
from soulseer_tools.localcloud.read_schedules import Schedule

log = logging.getLogger("soulseer.localcloud")
Invoke = Callable[[str, dict[str, Any]], Any]
MAX_SLEEP_SECONDS = 30.0  # re-reads the clock at least this often


def scheduled_event(schedule: Schedule, at: datetime) -> dict[str, Any]:
    if schedule.input is not None:
        return dict(schedule.input)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{schedule.name}"],
        "detail": {},
    }


class Scheduler:
    def __init__(
        self,
        schedules: dict[str, Schedule],
        invoke: Invoke,
        now: Callable[[], datetime] | None = None,
        max_sleep: float = MAX_SLEEP_SECONDS,
    ) -> None:
        self.schedules = {name: s for name, s in schedules.items() if s.enabled}
        self.invoke = invoke
        self.now = now or (lambda: datetime.now(UTC))
        self.max_sleep = max_sleep
        self.started = self.now()
        self.next_at = {name: s.recurrence.next_after(self.started, self.started) for name, s in self.schedules.items()}
        self.fired: list[tuple[str, datetime]] = []
        self._task: asyncio.Task[None] | None = None
        self._runs: set[asyncio.Task[None]] = set()

    def due(self) -> list[tuple[Schedule, datetime]]:
        """Schedules whose time has come; each is moved on to its next time."""
        now, found = self.now(), []
        for name, schedule in self.schedules.items():
            at = self.next_at[name]
            if at <= now:
                found.append((schedule, at))
                self.next_at[name] = schedule.recurrence.next_after(now, self.started)
        return found

    def start(self) -> None:
        """Start on the running event loop."""
        if self.schedules:
            self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        for task in [self._task, *self._runs]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _loop(self) -> None:
        while True:
            for schedule, at in self.due():
                run = asyncio.get_running_loop().create_task(self._fire(schedule, at))
                self._runs.add(run)
                run.add_done_callback(self._runs.discard)
            wait = min(self.next_at.values()) - self.now()
            await asyncio.sleep(min(max(wait.total_seconds(), 0.01), self.max_sleep))

    async def _fire(self, schedule: Schedule, at: datetime) -> None:
        self.fired.append((schedule.name, at))
        log.info("schedule %s (%s) -> %s", schedule.name, schedule.expression, schedule.function_id)
        try:
            await asyncio.to_thread(self.invoke, schedule.function_id, scheduled_event(schedule, at))
        except Exception:  # an asynchronous invocation's failure never stops the scheduler
            log.exception("scheduled invocation of %s failed", schedule.function_id)
