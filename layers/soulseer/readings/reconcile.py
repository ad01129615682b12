"""The reconciler (scheduled): nothing stays active without a billing loop, nothing stays requested
past its expiry.

An active reading whose last tick (charged, free or paused) is older than STALE_TICKS ticks has lost
its loop (StartExecution failed after activation, an execution was stopped or failed without ending
it): the loop restarts as the next generation, which charges the next minute at once; when that
cannot start, or a restarted loop still does not tick, the reading ends as `billing_error`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from aws_lambda_powertools import Logger

from soulseer.lifecycles import READING_WAITING, ReadingStatus
from soulseer.logs import SERVICE
from soulseer.readings import lifecycle
from soulseer.readings.rules import rules
from soulseer.stores import readings as store
from soulseer.stores.readings import Reading

STALE_TICKS = 2  # a loop that missed this many ticks is gone
GIVE_UP_TICKS = 6  # still no tick this long after the last one (restarts did not help): end the reading
logger = Logger(service=SERVICE, child=True)


class Reconciled(TypedDict):
    """What one pass did: the reconciler's result (and its log line)."""

    restarted: list[str]
    ended: list[str]
    expired: list[str]
    complete: bool


@dataclass
class Report:
    restarted: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
    complete: bool = True

    def to_dict(self) -> Reconciled:
        return Reconciled(restarted=self.restarted, ended=self.ended, expired=self.expired, complete=self.complete)


def reconcile(now: float | None = None, time_left: Callable[[], float] | None = None) -> Report:
    """One pass over the open readings (a sparse index: only requested and active ones are in it)."""
    report = Report()
    for session in store.open_in(ReadingStatus.ACTIVE):
        if time_left is not None and time_left() < 2:
            report.complete = False
            return report
        _reconcile_active(session, time.time() if now is None else now, report)
    for session in store.open_in(ReadingStatus.REQUESTED):
        if time_left is not None and time_left() < 2:
            report.complete = False
            return report
        _expire_if_due(session, time.time() if now is None else now, report)
    return report


def last_tick(session: Reading) -> float:
    if session.last_tick_at is not None:
        return session.last_tick_at
    return session.started_at.timestamp() if session.started_at else session.created_at.timestamp()


def _reconcile_active(session: Reading, now: float, report: Report) -> None:
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
    generation = session.generation + 1
    if not store.restart_loop(session, generation, now):  # only one reconciler, only if no tick came meanwhile
        return
    if lifecycle.start_billing_loop(session.session_id, minute=session.minutes + 1, generation=generation):
        logger.warning("billing loop restarted", extra={"session_id": session.session_id, "generation": generation})
        report.restarted.append(session.session_id)
    else:
        _end(session, report, "StartExecution keeps failing")


def _end(session: Reading, report: Report, why: str) -> None:
    logger.error("ending a reading without a billing loop", extra={"session_id": session.session_id, "why": why})
    lifecycle.end_reading(session.session_id, "billing_error")
    report.ended.append(session.session_id)


def _expire_if_due(session: Reading, now: float, report: Report) -> None:
    if session.status not in READING_WAITING:  # requested, or accepted and not yet joined
        return
    if now - session.created_at.timestamp() <= rules().join_timeout_seconds:
        return
    if lifecycle.expire_request(session.session_id) not in READING_WAITING:
        report.expired.append(session.session_id)
