"""A reading's life: requested -> active (both joined; billing runs) -> ended, or cancelled unanswered."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from soulseer import chargebacks, ledger, monitoring, presence, reader_stats, users
from soulseer.adapters import workflows
from soulseer.conditional import applied
from soulseer.config import ReadingSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import READING_OPEN, READING_WAITING, ReaderStatus, ReadingKind, ReadingStatus, sources
from soulseer.models import ReaderProfileModel, SessionModel, UserModel, transactions_connection, utcnow
from soulseer.readings import notify
from soulseer.readings.ice import ice_servers
from soulseer.readings.rules import rules

if TYPE_CHECKING:  # pydantic loads on the API's paths only: the ws, billing and expiry functions never need it
    from soulseer.schemas.readings import ReadingIceServers, SessionView, StartedReading

Role = Literal["client", "reader"]
START_ATTEMPTS = 3
START_BACKOFF_SECONDS = 0.2
logger = Logger(child=True)


def new_session_id() -> str:
    return f"ses_{uuid.uuid4().hex}"


def load(session_id: str) -> SessionModel:
    try:
        return SessionModel.get(session_id, consistent_read=True)
    except SessionModel.DoesNotExist:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND) from None


def role_of(session: SessionModel, user_id: str) -> Role | None:
    if user_id == session.client_id:
        return "client"
    if user_id == session.reader_id:
        return "reader"
    return None


def request_expires_at(session: SessionModel) -> datetime:
    """When a request lapses unless both participants have joined (the request-expiry workflow's wait)."""
    return session.created_at + timedelta(seconds=rules().join_timeout_seconds)


def view_fields(session: SessionModel) -> dict[str, Any]:
    """The fields of `SessionView`, for the views that extend it (details, a reviewed reading)."""
    return {
        "session_id": session.session_id,
        "room_id": session.session_id,
        "client_id": session.client_id,
        "reader_id": session.reader_id,
        "type": session.kind,
        "status": ReadingStatus(session.status),
        "rate_cents": int(session.rate_cents),
        "free_minutes": int(session.free_minutes),
        "limit_cents": int(session.limit_cents) if session.limit_cents is not None else None,
        "minutes": int(session.minutes),
        "paid_minutes": int(session.paid_minutes),
        "total_cents": int(session.total_cents),
        "reader_share_cents": int(session.reader_share_cents),
        "end_reason": session.end_reason,
        "rating": int(session.rating) if session.rating is not None else None,
        "created_at": session.created_at.isoformat(),
        "started_at": session.started_at.isoformat() if session.started_at else None,
        "ended_at": session.ended_at.isoformat() if session.ended_at else None,
        "expires_at": request_expires_at(session).isoformat() if session.status in READING_WAITING else None,
    }


def view(session: SessionModel) -> SessionView:
    from soulseer.schemas.readings import SessionView

    return SessionView(**view_fields(session))


def start_reading(
    client_id: str,
    reader_id: str,
    kind: ReadingKind,
    session_id: str | None = None,
    client: users.User | None = None,
) -> StartedReading:
    """The client asks; the reader must be online and the balance must cover the first paid minute.
    `client`: the client's record as read (consistently) or written earlier in this request."""
    return create_reading(client_id, reader_id, kind, session_id, client)[1]


def create_reading(
    client_id: str,
    reader_id: str,
    kind: ReadingKind,
    session_id: str | None = None,
    client: users.User | None = None,
    limit_cents: int | None = None,
) -> tuple[SessionModel, StartedReading]:
    """`start_reading`, with the session as it was written. `limit_cents`: the client's spending limit
    for this reading (it must cover one paid minute); billing ends it before a minute would pass it."""
    if client_id == reader_id:
        raise DomainError(ErrorCode.SELF_READING)
    users.refuse_if_blocked(client_id, client)
    try:
        reader = ReaderProfileModel.get(reader_id, consistent_read=True)
    except ReaderProfileModel.DoesNotExist:
        raise DomainError(ErrorCode.READER_NOT_FOUND) from None
    if reader.status != ReaderStatus.ONLINE:
        raise DomainError(ErrorCode.READER_UNAVAILABLE, f"This reader is {reader.status} right now.")
    rate = int(getattr(reader, f"rate_{kind}_cents"))
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
    now = utcnow()
    session_id = session_id or new_session_id()
    session = SessionModel(
        session_id,
        client_id=client_id,
        reader_id=reader_id,
        created_key=f"{now.isoformat()}#{session_id}",
        kind=kind,
        rate_cents=rate,
        free_minutes=free,
        limit_cents=limit_cents,
        created_at=now,
    )
    session.save(condition=SessionModel.session_id.does_not_exist())
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


def join(session_id: str, user_id: str, connection_id: str) -> tuple[SessionModel, Role]:
    """A participant's connection joins the room; when both are in, the reading becomes active."""
    session = load(session_id)
    role = role_of(session, user_id)
    if role is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if session.status not in READING_OPEN:
        raise DomainError(ErrorCode.SESSION_ENDED)
    connection_attr, away_attr, seen_attr = _attrs(role)
    if not applied(
        lambda: session.update(
            # liveness comes from this connection's own heartbeats (none yet: only $disconnect counts)
            actions=[connection_attr.set(connection_id), away_attr.remove(), seen_attr.remove()],
            condition=SessionModel.status.is_in(*READING_OPEN),
        )
    ):
        raise DomainError(ErrorCode.SESSION_ENDED) from None
    if session.status in READING_WAITING and session.client_connection and session.reader_connection:
        activate(session)
        session.refresh(consistent_read=True)
    return session, role


def activate(session: SessionModel) -> None:
    """requested -> active and the reader online -> busy, in one transaction; then billing starts."""
    free = int(session.free_minutes)
    try:
        _activate(session, free)
    except TransactWriteError as error:
        if not any(r and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons):
            raise
        session.refresh(consistent_read=True)
        if session.status not in READING_WAITING:
            return  # activated by the other participant's join
        if free and UserModel.get(session.client_id, consistent_read=True).intro_used:
            session.update(actions=[SessionModel.free_minutes.set(0)])
            return activate(session)
        end_reading(session.session_id, "reader_unavailable")
        raise DomainError(ErrorCode.READER_UNAVAILABLE, "The reader is no longer available.") from None
    monitoring.count(monitoring.READINGS_STARTED)
    start_billing_loop(session.session_id, minute=1, generation=0)


def billing_input(session_id: str, minute: int, generation: int) -> dict[str, Any]:
    """The input of a billing execution: it charges `minute` at once, then every `wait_seconds`."""
    return {
        "session_id": session_id,
        "minute": minute,
        "wait_seconds": rules().tick_seconds,
        "ticks_left": rules().ticks_per_execution,
        "generation": generation,
    }


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


def _activate(session: SessionModel, free: int) -> None:
    now = utcnow()
    epoch = time.time()
    with TransactWrite(connection=transactions_connection()) as transaction:
        transaction.update(
            SessionModel(session.session_id),
            actions=[
                SessionModel.status.set(ReadingStatus.ACTIVE),
                SessionModel.open_state.set(ReadingStatus.ACTIVE),
                SessionModel.started_at.set(now),
                SessionModel.generation.set(0),
                SessionModel.tick_seconds.set(rules().tick_seconds),
                SessionModel.last_tick_at.set(epoch),
            ],
            condition=SessionModel.status.is_in(*sources(ReadingStatus.ACTIVE)),
        )
        transaction.update(
            ReaderProfileModel(session.reader_id),
            actions=[ReaderProfileModel.status.set(ReaderStatus.BUSY), ReaderProfileModel.updated_at.set(now)],
            condition=ReaderProfileModel.status.is_in(*sources(ReaderStatus.BUSY)),
        )
        if free:
            transaction.update(
                UserModel(session.client_id),
                actions=[UserModel.intro_used.set(True)],
                condition=UserModel.intro_used.does_not_exist() | (UserModel.intro_used == False),  # noqa: E712
            )


def end_reading(session_id: str, reason: str) -> SessionModel:
    """Ends (or cancels, if never active) a reading once; later calls return it unchanged."""
    session = load(session_id)
    if session.status not in READING_OPEN:
        return session
    final = ReadingStatus.ENDED if session.status == ReadingStatus.ACTIVE else ReadingStatus.CANCELLED
    if not applied(
        lambda: session.update(
            actions=[
                SessionModel.status.set(final),
                SessionModel.open_state.remove(),
                SessionModel.end_reason.set(reason),
                SessionModel.ended_at.set(utcnow()),
            ],
            condition=SessionModel.status == session.status,
        )
    ):
        return end_reading(session_id, reason)
    freed = final == ReadingStatus.ENDED and _free_reader(session.reader_id)
    if final == ReadingStatus.ENDED:
        reader_stats.reading_completed(session.reader_id)
    notify.announce_end(session)
    if freed:
        presence.reader_freed(session.reader_id)  # favorites and waiting clients, after the participants
    return session


def _free_reader(reader_id: str) -> bool:
    return applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[ReaderProfileModel.status.set(ReaderStatus.ONLINE), ReaderProfileModel.updated_at.set(utcnow())],
            condition=ReaderProfileModel.status == ReaderStatus.BUSY,
        )
    )


def end_by_participant(session_id: str, user_id: str, role: str) -> SessionModel:
    """Either participant (or an admin) ends the reading; the reading as it ended (`notify.summary`)."""
    session = load(session_id)
    who = role_of(session, user_id)
    if who is None and role != "admin":
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    return end_reading(session_id, f"ended_by_{who or 'admin'}")


def expire_request(session_id: str) -> str:
    """The reader did not join in time: the request is cancelled at no charge."""
    session = load(session_id)
    if session.status not in READING_WAITING:
        return session.status
    return end_reading(session_id, "not_answered" if session.status == ReadingStatus.REQUESTED else "not_joined").status


def _attrs(role: Role) -> tuple[Any, Any, Any]:
    """(connection, away since, last seen) attributes of a participant."""
    if role == "client":
        return SessionModel.client_connection, SessionModel.client_away_since, SessionModel.client_seen_at
    return SessionModel.reader_connection, SessionModel.reader_away_since, SessionModel.reader_seen_at


def mark_away(session_id: str, role: Role, connection_id: str) -> None:
    """A participant's connection dropped: billing pauses until they rejoin, within the reading's pause
    allowance; a drop once the allowance is used up ends the reading."""
    connection_attr, away_attr, _ = _attrs(role)
    if not applied(
        lambda: SessionModel(session_id).update(
            actions=[away_attr.set(int(time.time()))],
            condition=(connection_attr == connection_id) & SessionModel.status.is_in(*READING_OPEN),
        )
    ):
        return
    session = load(session_id)
    if session.status == ReadingStatus.ACTIVE and int(session.paused_seconds) >= rules().disconnect_grace_seconds:
        end_reading(session_id, "disconnected")


def record_heartbeat(session_id: str, role: Role, connection_id: str) -> bool:
    """The participant's connection in the room is alive now; False if it is not (or no longer) in it."""
    connection_attr, _, seen_attr = _attrs(role)
    return applied(
        lambda: SessionModel(session_id).update(
            actions=[seen_attr.set(int(time.time()))],
            condition=(connection_attr == connection_id) & SessionModel.status.is_in(*READING_OPEN),
        )
    )
