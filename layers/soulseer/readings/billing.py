"""One billing tick: charge the minute that starts now, exactly once, or end the reading."""

from __future__ import annotations

import time
from typing import Any

from soulseer import ledger, monitoring
from soulseer.adapters import workflows
from soulseer.conditional import applied
from soulseer.ledger.core import InsufficientFunds, PreconditionFailed
from soulseer.models import SessionModel
from soulseer.readings import notify
from soulseer.readings.lifecycle import end_reading, load
from soulseer.readings.rules import rules

READER_SHARE_PERCENT = 70


def split(amount_cents: int) -> tuple[int, int]:
    """(reader share, platform share) of an amount in cents."""
    reader = amount_cents * READER_SHARE_PERCENT // 100
    return reader, amount_cents - reader


def tick(state: dict[str, Any]) -> dict[str, Any]:
    """The billing state machine's task: returns the next state, with action `wait` or `stop`."""
    session_id, minute = str(state["session_id"]), int(state["minute"])
    session = load(session_id)
    if session.status != "active":
        return {**state, "action": "stop"}
    away = [int(since) for since in (session.client_away_since, session.reader_away_since) if since is not None]
    if away:
        if time.time() - min(away) >= rules().disconnect_grace_seconds:
            end_reading(session_id, "disconnected")
            return {**state, "action": "stop"}
        return {**state, "action": "wait"}  # paused: this minute starts when both are back
    if minute > rules().max_minutes:
        end_reading(session_id, "max_duration")
        return {**state, "action": "stop"}
    if int(session.minutes) < minute:
        if not _start_minute(session, minute):
            end_reading(session_id, "insufficient_funds")
            return {**state, "action": "stop"}
        _warn_if_low(load(session_id))
    return _next(state, minute + 1)


def _start_minute(session: SessionModel, minute: int) -> bool:
    """Records the minute (charging it unless free); False when the balance cannot pay it."""
    if minute <= int(session.free_minutes):
        _record_free_minute(session, minute)
        return True
    rate = int(session.rate_cents)
    reader_share, platform_share = split(rate)
    movement_id = f"charge:{session.session_id}:{minute}"
    client = ledger.client_balance(session.client_id)
    entries = [ledger.Entry(client, ledger.reader_pending(session.reader_id), reader_share)]
    if platform_share:
        entries.append(ledger.Entry(client, ledger.platform_revenue(movement_id), platform_share))

    def record(transaction: Any) -> None:
        transaction.update(
            SessionModel(session.session_id),
            actions=[
                SessionModel.minutes.set(minute),
                SessionModel.paid_minutes.add(1),
                SessionModel.total_cents.add(rate),
                SessionModel.reader_share_cents.add(reader_share),
            ],
            condition=(SessionModel.minutes == minute - 1) & (SessionModel.status == "active"),
        )

    try:
        movement = ledger.post(
            movement_id,
            "reading",
            entries,
            memo={"session": session.session_id, "minute": str(minute)},
            extra_writes=[record],
        )
        if not movement.replayed:
            monitoring.count(monitoring.MINUTES_BILLED)
            monitoring.cents(monitoring.BILLED_CENTS, rate)
            monitoring.cents(monitoring.REVENUE_CENTS, platform_share)
    except InsufficientFunds:
        return False
    except PreconditionFailed:
        pass  # another delivery of this tick recorded it, or the reading just ended
    return True


def _record_free_minute(session: SessionModel, minute: int) -> None:
    applied(
        lambda: session.update(
            actions=[SessionModel.minutes.set(minute)],
            condition=(SessionModel.minutes == minute - 1) & (SessionModel.status == "active"),
        )
    )


def _warn_if_low(session: SessionModel) -> None:
    rate = int(session.rate_cents)
    free_left = max(int(session.free_minutes) - int(session.minutes), 0)
    balance = ledger.balance_of(ledger.client_balance(session.client_id))
    minutes_left = free_left + balance // rate
    if minutes_left <= rules().low_balance_minutes:
        notify.to_role(
            session,
            "client",
            {
                "event": "balance-low",
                "session_id": session.session_id,
                "balance_cents": balance,
                "minutes_left": minutes_left,
            },
        )


def _next(state: dict[str, Any], minute: int) -> dict[str, Any]:
    ticks_left = int(state.get("ticks_left", rules().ticks_per_execution)) - 1
    following = {**state, "minute": minute, "ticks_left": ticks_left, "action": "wait"}
    if ticks_left > 0:
        return following
    generation = int(state.get("generation", 0)) + 1
    fresh = {**following, "ticks_left": rules().ticks_per_execution, "generation": generation}  # starts waiting
    workflows.start_billing(str(state["session_id"]), fresh, generation=generation)
    return {**state, "action": "stop", "continued_as": generation}
