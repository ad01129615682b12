"""A reading's life: requested -> active (both joined; billing runs) -> ended, or cancelled unanswered."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from soulseer import chargebacks, ledger, monitoring, presence, reader_stats, users
from soulseer.adapters import workflows
from soulseer.config import ReadingSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import READING_OPEN, READING_WAITING, ReaderStatus, ReadingKind, ReadingStatus
from soulseer.logs import SERVICE
from soulseer.readings import notify
from soulseer.readings.ice import ice_servers
from soulseer.readings.rules import rules
from soulseer.stores import readings as store
from soulseer.stores.readings import Reading, Role

if TYPE_CHECKING:  # pydantic loads on the API's paths only: the ws, billing and expiry functions never need it
    from soulseer.schemas.readings import ReadingIceServers, SessionView, StartedReading

START_ATTEMPTS = 3
START_BACKOFF_SECONDS = 0.2
logger = Logger(service=SERVICE, child=True)


def new_session_id() -> str:
    return f"ses_{uuid.uuid4().hex}"


def load(session_id: str) -> Reading:
    """The reading (read consistently), or `session_not_found`."""
    return store.get(session_id)


def role_of(session: Reading, user_id: str) -> Role | None:
    return session.role_of(user_id)


def request_expires_at(session: Reading) -> datetime:
    """When a request lapses unless both participants have joined (the request-expiry workflow's wait)."""
    return session.created_at + timedelta(seconds=rules().join_timeout_seconds)


def view_fields(session: Reading) -> dict[str, Any]:
    """The fields of `SessionView`, for the views that extend it (details, a reviewed reading)."""
    return {
        "session_id": session.session_id,
        "room_id": session.session_id,
        "client_id": session.client_id,
        "reader_id": session.reader_id,
        "type": session.kind,
        "status": session.status,
        "rate_cents": session.rate_cents,
        "free_minutes": session.free_minutes,
        "limit_cents": session.limit_cents,
        "minutes": session.minutes,
        "paid_minutes": session.paid_minutes,
        "total_cents": session.total_cents,
        "reader_share_cents": session.reader_share_cents,
        "end_reason": session.end_reason,
        "rating": session.rating,
        "created_at": session.created_at.isoformat(),
        "started_at": session.started_at.isoformat() if session.started_at else None,
        "ended_at": session.ended_at.isoformat() if session.ended_at else None,
        "expires_at": request_expires_at(session).isoformat() if session.status in READING_WAITING else None,
    }


def view(session: Reading) -> SessionView:
    from soulseer.schemas.readings import SessionView

    return SessionView(**view_fields(session))


def create_reading(
    client_id: str,
    reader_id: str,
    kind: ReadingKind,
    session_id: str | None = None,
    client: users.User | None = None,
    limit_cents: int | None = None,
) -> tuple[Reading, StartedReading]:
    """A new request (asking.request_reading claims the client's one open request first): the reader must
    be online and the balance must cover the first paid minute. `client`: the client's record as read
    (consistently) or written earlier in this request. `limit_cents`: the client's spending limit for this
    reading (it must cover one paid minute); billing ends it before a minute would pass it."""
    if client_id == reader_id:
        raise DomainError(ErrorCode.SELF_READING)
    users.refuse_if_blocked(client_id, client)
    reader = store.reader(reader_id)
    if reader is None:
        raise DomainError(ErrorCode.READER_NOT_FOUND)
    if reader.status != ReaderStatus.ONLINE:
        raise DomainError(ErrorCode.READER_UNAVAILABLE, f"This reader is {reader.status} right now.")
    rate = store.rate_of(reader, kind)
    if client is None or client.user_id != client_id:
        client = users.ensure_user(client_id)
    chargebacks.refuse_if_disputed(client_id, client)
    free = 0 if client.intro_used else rules().free_intro_minutes
    if limit_cents is not None and limit_cents < rate:
        raise DomainError(
            ErrorCode.LIMIT_TOO_LOW,
            f"A spending limit must cover at least one paid minute (${rate / 100:.2f}).",
            details={"rate_cents": rate, "limit_cents": limit_cents},
        )
    balance = ledger.balance_of(ledger.client_balance(client_id))
    if balance < rate:
        raise ledger.InsufficientFunds(
            message="Your balance does not cover the first paid minute; please top up.",
            details={"required_cents": rate, "balance_cents": balance},
        )
    session_id = session_id or new_session_id()
    session = store.create(session_id, client_id, reader_id, kind, rate, free, limit_cents)
    workflows.start_request_expiry(session_id, {"session_id": session_id, "wait_seconds": rules().join_timeout_seconds})
    from soulseer.schemas.readings import StartedReading

    return session, StartedReading(
        session=view(session),
        room_id=session_id,
        websocket_url=settings_for(ReadingSettings).WEBSOCKET_URL,
        ice_servers=ice_servers(client_id),
    )


def participant_ice_servers(session_id: str, user_id: str) -> ReadingIceServers:
    """Either participant of an open reading gets ICE servers with TURN credentials of their own (the
    client also gets them from start; the reader gets them only here)."""
    session = load(session_id)
    if role_of(session, user_id) is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if session.status not in READING_OPEN:
        raise DomainError(ErrorCode.SESSION_ENDED)
    from soulseer.schemas.readings import ReadingIceServers

    return ReadingIceServers(ice_servers=ice_servers(user_id))


def join(session_id: str, user_id: str, connection_id: str) -> tuple[Reading, Role]:
    """A participant's connection joins the room; when both are in, the reading becomes active."""
    session = load(session_id)
    role = role_of(session, user_id)
    if role is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if session.status not in READING_OPEN:
        raise DomainError(ErrorCode.SESSION_ENDED)
    seated = store.seat(session_id, role, connection_id)
    if seated is None:
        raise DomainError(ErrorCode.SESSION_ENDED)
    if seated.status in READING_WAITING and seated.client_connection and seated.reader_connection:
        activate(seated)
        seated = load(session_id)
    return seated, role


def activate(session: Reading) -> None:
    """requested -> active and the reader online -> busy, in one transaction; then billing starts."""
    try:
        store.activate(session, rules().tick_seconds)
    except store.Conflict:
        session = load(session.session_id)
        if session.status not in READING_WAITING:
            return  # activated by the other participant's join
        if session.free_minutes and users.get_user(session.client_id).intro_used:
            store.drop_free_minutes(session.session_id)
            return activate(load(session.session_id))
        end_reading(session.session_id, "reader_unavailable")
        raise DomainError(ErrorCode.READER_UNAVAILABLE, "The reader is no longer available.") from None
    monitoring.count(monitoring.READINGS_STARTED)
    start_billing_loop(session.session_id, minute=1, generation=0)


class BillingState(TypedDict):
    """The state of a billing execution, the billing tick's input and output: the tick charges `minute`,
    then the state machine waits `wait_seconds`. `client_id` joins after the first tick (the next one reads
    the reading and the client's balance at once)."""

    session_id: str
    minute: int
    wait_seconds: int
    ticks_left: int  # this execution's ticks before it continues as the next generation
    generation: int
    client_id: NotRequired[str]


def billing_input(session_id: str, minute: int, generation: int) -> BillingState:
    """The input of a billing execution: it charges `minute` at once, then every `wait_seconds`."""
    return BillingState(
        session_id=session_id,
        minute=minute,
        wait_seconds=rules().tick_seconds,
        ticks_left=rules().ticks_per_execution,
        generation=generation,
    )


def start_billing_loop(session_id: str, *, minute: int, generation: int) -> bool:
    """Starts the billing execution of a generation, retrying a failing StartExecution a few times;
    False when it still fails (the reconciler restarts the loop of an active reading that stopped ticking)."""
    for attempt in range(START_ATTEMPTS):
        try:
            workflows.start_billing(session_id, billing_input(session_id, minute, generation), generation=generation)
            return True
        except (ClientError, BotoCoreError):
            logger.exception("StartExecution failed for %s generation %d", session_id, generation)
            if attempt + 1 < START_ATTEMPTS:
                time.sleep(START_BACKOFF_SECONDS * 2**attempt)
    return False


def end_reading(session_id: str, reason: str) -> Reading:
    """Ends (or cancels, if never active) a reading once; later calls return it unchanged."""
    current = load(session_id)
    if current.status not in READING_OPEN:
        return current
    final = ReadingStatus.ENDED if current.status == ReadingStatus.ACTIVE else ReadingStatus.CANCELLED
    session = store.finish(current, final, reason)
    if session is None:
        return end_reading(session_id, reason)
    freed = final == ReadingStatus.ENDED and store.free_reader(session.reader_id)
    if final == ReadingStatus.ENDED:
        reader_stats.reading_completed(session.reader_id)
    notify.announce_end(session)
    if freed:
        presence.reader_freed(session.reader_id)  # favorites and waiting clients, after the participants
    return session


def end_by_participant(session_id: str, user_id: str, role: str) -> Reading:
    """Either participant (or an admin) ends the reading; the reading as it ended (`notify.summary`)."""
    session = load(session_id)
    who = role_of(session, user_id)
    if who is None and role != "admin":
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    return end_reading(session_id, f"ended_by_{who or 'admin'}")


def expire_request(session_id: str) -> ReadingStatus:
    """The reader did not join in time: the request is cancelled at no charge."""
    session = load(session_id)
    if session.status not in READING_WAITING:
        return session.status
    return end_reading(session_id, "not_answered" if session.status == ReadingStatus.REQUESTED else "not_joined").status


def mark_away(session_id: str, role: Role, connection_id: str) -> None:
    """A participant's connection dropped: billing pauses until they rejoin, within the reading's pause
    allowance; a drop once the allowance is used up ends the reading."""
    if not store.mark_away(session_id, role, connection_id):
        return
    session = load(session_id)
    if session.status == ReadingStatus.ACTIVE and session.paused_seconds >= rules().disconnect_grace_seconds:
        end_reading(session_id, "disconnected")


def record_heartbeat(session_id: str, role: Role, connection_id: str) -> bool:
    """The participant's connection in the room is alive now; False if it is not (or no longer) in it."""
    return store.heard(session_id, role, connection_id)
