"""The reconciler (scheduled): nothing stays active without a billing loop, nothing stays requested
past its expiry.

An active reading whose last tick (charged, free or paused) is older than STALE_TICKS ticks has lost
its loop (StartExecution failed after activation, an execution was stopped or failed without ending
it): the loop restarts as the next generation, which charges the next minute at once; when that
cannot start, or a restarted loop still does not tick, the reading ends as `billing_error`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from aws_lambda_powertools import Logger
from pynamodb.expressions.condition import Condition

from soulseer.conditional import applied
from soulseer.lifecycles import READING_WAITING, ReadingStatus
from soulseer.models import SessionModel
from soulseer.readings import lifecycle
from soulseer.readings.rules import rules

STALE_TICKS = 2  # a loop that missed this many ticks is gone
GIVE_UP_TICKS = 6  # still no tick this long after the last one (restarts did not help): end the reading
BATCH = 100
logger = Logger(child=True)


@dataclass
class Report:
    restarted: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    complete: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "restarted": self.restarted,
            "ended": self.ended,
            "expired": self.expired,
            "complete": self.complete,
        }


def reconcile(now: float | None = None, time_left: Callable[[], float] | None = None) -> Report:
    """One pass over the open readings (a sparse index: only requested and active ones are in it)."""
    report = Report()
    for session in _open(ReadingStatus.ACTIVE):
        if time_left is not None and time_left() < 2:
            report.complete = False
            return report
        _reconcile_active(session, time.time() if now is None else now, report)
    for session in _open(ReadingStatus.REQUESTED):
        if time_left is not None and time_left() < 2:
            report.complete = False
            return report
        _expire_if_due(session, time.time() if now is None else now, report)
    return report


def _open(state: str) -> Iterator[SessionModel]:
    keys = [item.session_id for item in SessionModel.open_index.query(state)]
    for start in range(0, len(keys), BATCH):
        yield from SessionModel.batch_get(keys[start : start + BATCH], consistent_read=True)


def last_tick(session: SessionModel) -> float:
    if session.last_tick_at is not None:
        return session.last_tick_at
    return session.started_at.timestamp() if session.started_at else session.created_at.timestamp()


def _reconcile_active(session: SessionModel, now: float, report: Report) -> None:
    if session.status != ReadingStatus.ACTIVE:
        return
    tick = int(session.tick_seconds or rules().tick_seconds)
    observed = last_tick(session)
    silent = now - observed
    if silent <= STALE_TICKS * tick:
        return
    if silent > GIVE_UP_TICKS * tick:
        _end(session, report, f"no tick for {silent:.0f} s after a restart")
        return
    generation = int(session.generation) + 1
    if not applied(  # only one reconciler restarts it, and only if no tick came meanwhile
        lambda: session.update(
            actions=[SessionModel.generation.set(generation), SessionModel.last_tick_at.set(now)],
            condition=(SessionModel.status == ReadingStatus.ACTIVE)
            & (SessionModel.generation == int(session.generation))
            & _last_tick_is(session),
        )
    ):
        return
    if lifecycle.start_billing_loop(session.session_id, minute=int(session.minutes) + 1, generation=generation):
        logger.warning("billing loop restarted", extra={"session_id": session.session_id, "generation": generation})
        report.restarted.append(session.session_id)
    else:
        _end(session, report, "StartExecution keeps failing")


def _last_tick_is(session: SessionModel) -> Condition:
    if session.last_tick_at is None:
        return SessionModel.last_tick_at.does_not_exist()
    return SessionModel.last_tick_at == session.last_tick_at


def _end(session: SessionModel, report: Report, why: str) -> None:
    logger.error("ending a reading without a billing loop", extra={"session_id": session.session_id, "why": why})
    lifecycle.end_reading(session.session_id, "billing_error")
    report.ended.append(session.session_id)


def _expire_if_due(session: SessionModel, now: float, report: Report) -> None:
    if session.status not in READING_WAITING:  # requested, or accepted and not yet joined
        return
    if now - session.created_at.timestamp() <= rules().join_timeout_seconds:
        return
    if lifecycle.expire_request(session.session_id) not in READING_WAITING:
        report.expired.append(session.session_id)
