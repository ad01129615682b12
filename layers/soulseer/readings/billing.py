"""One billing tick: charge the minute that starts now, exactly once, or end the reading.

The session-billing state machine is Task (this tick) -> Wait -> Task ...; the loop ends when the tick
raises ReadingOver (caught by the state machine, which then succeeds). Any other error, after the
state machine's retries, ends the reading as `billing_error` (`end_on_error`)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from aws_lambda_powertools import Logger

from soulseer import ledger, monitoring, sales, saved_cards
from soulseer.adapters import workflows
from soulseer.ledger.core import InsufficientFunds, PreconditionFailed
from soulseer.ledger.kinds import MovementKind
from soulseer.lifecycles import ReadingStatus
from soulseer.logs import SERVICE
from soulseer.readings import notify
from soulseer.readings.lifecycle import BillingState, end_reading, load
from soulseer.readings.rules import rules
from soulseer.stores import readings as store
from soulseer.stores import saved_cards as card_store
from soulseer.stores.readings import Reading

logger = Logger(service=SERVICE, child=True)
Outcome = Literal["charged", "recorded", "refused", "over"]
BILLING_ERRORS = "BillingErrors"  # readings ended because their billing loop failed
LOOPS_ENDED = "BillingLoopsEnded"  # ticks that raised ReadingOver: Lambda errors by design


class ReadingOver(Exception):
    """The loop ends here (the reading ended, or it continues in a new execution)."""


class BillingOutOfStep(Exception):
    """The minute could be neither charged nor recorded as free: the loop must not go on."""


def tick(state: BillingState) -> BillingState:
    """The billing state machine's task: returns the next state, or raises ReadingOver (counted, so
    the Lambda errors alarm can tell these planned exits from failures)."""
    try:
        return _tick(state)
    except ReadingOver:
        monitoring.count(LOOPS_ENDED)
        raise


def _tick(state: BillingState) -> BillingState:
    session_id, minute = str(state["session_id"]), int(state["minute"])
    generation = int(state.get("generation", 0))
    session, balance, card = read_session_and_balance(session_id, state.get("client_id"))
    state = {**state, "client_id": session.client_id}  # the next tick reads both at once
    if session.status != ReadingStatus.ACTIVE:
        raise ReadingOver(f"{session_id} is {session.status}")
    if session.generation > generation:
        raise ReadingOver(f"{session_id} is billed by generation {session.generation} now")
    if int(state.get("ticks_left", 1)) <= 0:
        _continue_as_new(state)
    now = time.time()
    if away_roles(session, now):
        _pause(session, generation, int(state["wait_seconds"]), now, _task_key(state))
        return _next(state, minute)  # paused: this minute starts when both are back
    if minute > rules().max_minutes:
        end_reading(session_id, "max_duration")
        raise ReadingOver("max_duration")
    if session.minutes < minute and _passes_limit(session, minute):
        end_reading(session_id, "limit_reached")
        raise ReadingOver("limit_reached")
    if session.minutes < minute:
        outcome = _start_minute(session, minute, generation, now)
        if outcome == "over":
            raise ReadingOver(f"{session_id} ended meanwhile")
        if outcome == "refused":
            end_reading(session_id, "insufficient_funds")
            raise ReadingOver("insufficient_funds")
        # the balance read before the charge is current after it only if this tick charged or the minute was free
        known = outcome == "charged" or minute <= session.free_minutes
        if balance is not None and outcome == "charged":
            balance -= session.rate_cents
        _announce_minute(session, minute)
        _warn_if_low(session, minute, balance if known else None)
        if outcome == "charged" and balance is not None and saved_cards.should_top_up(card, balance):
            saved_cards.queue_if_low(session.client_id, balance, card)  # the money worker charges the card
        return _next(state, minute + 1)
    return _next(state, session.minutes + 1)  # recorded by an earlier delivery of this tick


def read_session_and_balance(
    session_id: str, client_id: Any
) -> tuple[Reading, int | None, card_store.SavedCard | None]:
    """The session (consistent) and, when the loop already knows the client, the client's balance and
    saved card (its automatic top-up) in the same consistent read: a tick is then one read and one
    transaction."""
    if not client_id:
        return load(session_id), None, None
    read = store.with_balance(session_id, ledger.client_balance(str(client_id)), card_store.raw_key(str(client_id)))
    if read is None:
        return load(session_id), None, None  # DynamoDB kept some keys back: read them one by one
    session, balance, raw_card = read
    if session.client_id != client_id:
        return session, None, None
    return session, balance, card_store.from_raw(raw_card) if raw_card is not None else None


def away_roles(session: Reading, now: float) -> list[str]:
    """Participants whose connection dropped, or who sent no heartbeat within the window."""
    window = rules().heartbeat_window_seconds
    away = []
    for role, since, seen in (
        ("client", session.client_away_since, session.client_seen_at),
        ("reader", session.reader_away_since, session.reader_seen_at),
    ):
        if since is not None or (seen is not None and now - seen > window):
            away.append(role)
    return away


def _task_key(state: BillingState) -> str:
    """Names one Task of one execution: a redelivery of it has the same input, the next Task does not."""
    return f"{state.get('generation', 0)}:{state['minute']}:{state.get('ticks_left')}"


def _pause(session: Reading, generation: int, tick_seconds: int, now: float, task: str) -> None:
    """A paused tick leaves the next `tick_seconds` unbilled, so it spends that much of the reading's
    pause allowance, once per Task (a redelivered Task spends nothing more); a tick that would
    overspend it ends the reading instead."""
    if session.paused_tick == task:
        return
    if session.paused_seconds + tick_seconds > rules().disconnect_grace_seconds:
        end_reading(session.session_id, "disconnected")
        raise ReadingOver("disconnected")
    if not store.pause(session.session_id, tick_seconds, task, generation, now):
        current = load(session.session_id)
        if current.status == ReadingStatus.ACTIVE and current.generation <= generation and current.paused_tick == task:
            return  # a concurrent delivery of this Task paused it
        raise ReadingOver(f"{session.session_id} ended or moved on meanwhile")


def _start_minute(session: Reading, minute: int, generation: int, now: float) -> Outcome:
    """Records the minute (charging it unless free): `recorded` (now or by an earlier delivery),
    `refused` (the balance cannot pay it) or `over` (the reading ended or another loop took over)."""
    if minute <= session.free_minutes:
        return _record_free_minute(session, minute, generation, now)
    rate = session.rate_cents
    reader_share, platform_share = sales.split(rate)
    movement_id = f"charge:{session.session_id}:{minute}"
    client = ledger.client_balance(session.client_id)
    entries = [ledger.Entry(client, ledger.reader_pending(session.reader_id), reader_share)]
    if platform_share:
        entries.append(ledger.Entry(client, ledger.platform_revenue(movement_id), platform_share))

    record = store.minute_charged(session.session_id, minute, rate, reader_share, generation, now)
    try:
        movement = ledger.post(
            movement_id,
            MovementKind.READING,
            entries,
            memo={"session": session.session_id, "minute": str(minute)},
            extra_writes=[record],
        )
    except InsufficientFunds:
        return "refused"
    except PreconditionFailed:
        return _not_recorded(session.session_id, minute, generation)
    if movement.replayed:  # an earlier delivery charged it, with the session, in one transaction
        return _claim(session.session_id, generation, now)
    monitoring.count(monitoring.MINUTES_BILLED)
    monitoring.cents(monitoring.BILLED_CENTS, rate)
    monitoring.cents(monitoring.REVENUE_CENTS, platform_share)
    return "charged"


def _record_free_minute(session: Reading, minute: int, generation: int, now: float) -> Outcome:
    if store.record_free_minute(session.session_id, minute, generation, now):
        return "recorded"
    return _not_recorded(session.session_id, minute, generation)


def _claim(session_id: str, generation: int, now: float) -> Outcome:
    if store.claim_loop(session_id, generation, now):
        return "recorded"
    return "over"


def _not_recorded(session_id: str, minute: int, generation: int) -> Outcome:
    """The session refused the minute's record: fine if it ended, another loop took over, or it holds
    this minute already (a free minute recorded by an earlier delivery); otherwise the loop is out of
    step and must stop (BillingOutOfStep): a minute neither charged nor free never lets it go on."""
    current = load(session_id)
    if current.status != ReadingStatus.ACTIVE or current.generation > generation:
        return "over"
    if current.minutes >= minute:
        return "recorded"
    raise BillingOutOfStep(f"{session_id}: minute {minute} not recorded (session at {current.minutes})")


def _passes_limit(session: Reading, minute: int) -> bool:
    """The client's spending limit would be passed by charging this (paid) minute."""
    if session.limit_cents is None or minute <= session.free_minutes:
        return False
    return session.total_cents + session.rate_cents > session.limit_cents


def _announce_minute(session: Reading, minute: int) -> None:
    """Both participants' meters follow the server: each started minute (charged or free) is pushed, so
    the room reads the session again instead of polling it."""
    event = notify.ReadingMinute(event="reading-minute", session_id=session.session_id, minutes=minute)
    for role in ("client", "reader"):
        notify.to_role(session, role, event)


def _warn_if_low(session: Reading, minute: int, balance: int | None) -> None:
    """`balance`: the client's balance after this minute, when the tick already knows it. `minutes_left`
    counts the minutes after this one that the balance (and the spending limit, if any) still cover."""
    rate = session.rate_cents
    free_left = max(session.free_minutes - minute, 0)
    if balance is None:
        balance = ledger.balance_of(ledger.client_balance(session.client_id))
    paid_left = balance // rate
    limited_by: Literal["balance", "limit"] = "balance"
    if session.limit_cents is not None:
        spent = session.total_cents + (rate if minute > session.free_minutes else 0)
        under_limit = max(session.limit_cents - spent, 0) // rate
        if under_limit < paid_left:
            paid_left, limited_by = under_limit, "limit"
    minutes_left = free_left + paid_left
    if minutes_left <= rules().low_balance_minutes:
        notify.to_role(
            session,
            "client",
            notify.BalanceLow(
                event="balance-low",
                session_id=session.session_id,
                balance_cents=balance,
                minutes_left=minutes_left,
                limited_by=limited_by,
            ),
        )


def _next(state: BillingState, minute: int) -> BillingState:
    ticks_left = int(state.get("ticks_left", rules().ticks_per_execution)) - 1
    return {**state, "minute": minute, "ticks_left": ticks_left}


def _continue_as_new(state: BillingState) -> None:
    """This execution has had its ticks: the next generation charges this minute from its first state
    (and claims the loop with it); this one ends."""
    generation = int(state.get("generation", 0)) + 1
    following: BillingState = {**state, "ticks_left": rules().ticks_per_execution, "generation": generation}
    workflows.start_billing(str(state["session_id"]), following, generation=generation)
    raise ReadingOver(f"continued as generation {generation}")


class LoopEnded(TypedDict):
    """`end_on_error`'s result: the reading as the failed loop left it."""

    session_id: str
    status: ReadingStatus
    end_reason: str | None


def end_on_error(event: Mapping[str, Any]) -> LoopEnded:
    """The state machine's last resort after the tick failed past its retries."""
    session_id = str(event["session_id"])
    logger.error("billing failed; ending the reading", extra={"session_id": session_id, "error": event.get("error")})
    monitoring.count(BILLING_ERRORS)
    session = end_reading(session_id, "billing_error")
    return LoopEnded(session_id=session_id, status=session.status, end_reason=session.end_reason)
