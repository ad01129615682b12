"""Reading requests as the reader sees them: the request rings every open connection of the reader, who
accepts or declines; a client has one open request at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

from soulseer import notify, presence, reader_stats, users
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import READING_WAITING, ReaderStatus, ReadingStatus, can_move
from soulseer.readings import lifecycle
from soulseer.readings.notify import ReadingAccepted, ReadingRequested
from soulseer.stores import readings as store
from soulseer.stores.readings import Reading

if TYPE_CHECKING:
    from soulseer.schemas.readings import ReadingRequestView, StartedReading

ANONYMOUS_CLIENT = "Client"
# What a reader may give as the reason for a decline (the app shows them in words); none given: "declined".
DeclineReason = Literal["on_a_break", "busy_soon", "not_my_specialty", "connection_problems", "other"]
DECLINE_REASONS: tuple[str, ...] = get_args(DeclineReason)
NO_REASON = "declined"
_CLOSED_WORDS = {
    "ended_by_client": "The client withdrew this request.",
    "declined": "This request was declined.",
    "not_answered": "This request expired before anyone answered it.",
    "not_joined": "This request expired before both of you joined.",
    "reader_unavailable": "This request was cancelled because you were unavailable.",
}


def request_reading(
    client_id: str,
    reader_id: str,
    kind: lifecycle.ReadingKind,
    client: users.User | None = None,
    limit_cents: int | None = None,
) -> StartedReading:
    """`POST /api/sessions/start`: claims the client's one open request, creates the reading, rings the reader.
    `client`: the client's record as read (consistently) earlier in this request, instead of a new read."""
    client = client if client is not None and client.user_id == client_id else users.ensure_user(client_id)
    session_id = lifecycle.new_session_id()
    claimed = _claim(client_id, session_id, client.open_request)
    try:
        session, started = lifecycle.create_reading(
            client_id, reader_id, kind, session_id=session_id, client=claimed, limit_cents=limit_cents
        )
    except DomainError:
        store.release_open_request(client_id, session_id)
        raise
    event = requested_event(session, client.display_name)
    presence.push_to_user(reader_id, event)
    notify.enqueue_push(reader_id, event)  # rings the reader's devices (the presence function sends it)
    return started


def ringing(session: Reading, client_name: str | None) -> ReadingRequestView:
    """A request as it rings the reader (`reading-requested`, and `GET /api/me/requests` after a reconnect)."""
    from soulseer.schemas.readings import ReadingRequestClient, ReadingRequestView

    expires_at = lifecycle.request_expires_at(session)
    return ReadingRequestView(
        session_id=session.session_id,
        client=ReadingRequestClient(user_id=session.client_id, display_name=client_name or ANONYMOUS_CLIENT),
        type=session.kind,
        rate_cents=session.rate_cents,
        free_minutes=session.free_minutes,
        expires_at=expires_at.isoformat(),
    )


def requested_event(session: Reading, client_name: str | None) -> ReadingRequested:
    view = ringing(session, client_name)
    return {
        "event": "reading-requested",
        "session_id": view.session_id,
        "client": {"user_id": view.client.user_id, "display_name": view.client.display_name},
        "type": view.type,
        "rate_cents": view.rate_cents,
        "free_minutes": view.free_minutes,
        "expires_at": view.expires_at,
    }


def _claim(client_id: str, session_id: str, previous: str | None) -> users.User:
    """Marks `session_id` as the client's open request unless an earlier one still waits for an answer;
    returns the client's record as the write left it (UpdateItem's ALL_NEW)."""
    if previous is not None:
        try:
            earlier = lifecycle.load(previous)
        except DomainError as error:
            if error.code is not ErrorCode.SESSION_NOT_FOUND:
                raise
            earlier = None
        if earlier is not None and earlier.status in READING_WAITING:
            raise DomainError(
                ErrorCode.REQUEST_OPEN,
                "You already have a request waiting for an answer; withdraw it first.",
                details={"session_id": previous},
            )
    claimed = store.claim_open_request(client_id, session_id, previous)
    if claimed is None:
        raise DomainError(ErrorCode.REQUEST_OPEN)
    return claimed


def _waiting_for(session_id: str, reader_id: str) -> Reading:
    session = lifecycle.load(session_id)
    if lifecycle.role_of(session, reader_id) is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if reader_id != session.reader_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the reader answers a request.")
    return session


def accept(session_id: str, reader_id: str) -> Reading:
    """The reader says yes: the client is told (`reading-accepted`) and both join the room."""
    session = _waiting_for(session_id, reader_id)
    if session.status == ReadingStatus.ACCEPTED:
        return session
    if not can_move(session.status, ReadingStatus.ACCEPTED):
        raise _closed(session)
    profile = store.reader(reader_id)
    status = profile.status if profile is not None else ReaderStatus.OFFLINE
    if status != ReaderStatus.ONLINE:
        raise DomainError(ErrorCode.READER_UNAVAILABLE, f"You are {status}; go online to accept requests.")
    accepted = store.accept(session_id)
    if accepted is None:
        session = lifecycle.load(session_id)
        if session.status in (ReadingStatus.ACCEPTED, ReadingStatus.ACTIVE):
            return session
        raise _closed(session)
    session = accepted
    answered = session.accepted_at or session.created_at
    reader_stats.record_response(reader_id, int((answered - session.created_at).total_seconds()))
    event = ReadingAccepted(event="reading-accepted", session_id=session_id, reader_id=reader_id)
    for user_id in (session.client_id, reader_id):
        presence.push_to_user(user_id, event)
    notify.enqueue_push(session.client_id, event)
    notify.ring_answered(reader_id)
    return session


def _closed(session: Reading) -> DomainError:
    """409 `request_closed`, saying in words what became of the request."""
    if session.status in (ReadingStatus.ACTIVE, ReadingStatus.ENDED):
        started = session.status == ReadingStatus.ACTIVE
        message = "This reading has already started." if started else "This reading has ended."
    else:
        message = _CLOSED_WORDS.get(str(session.end_reason), "This request is no longer waiting for an answer.")
    details = {"status": session.status, "end_reason": session.end_reason}
    return DomainError(ErrorCode.REQUEST_CLOSED, message, details=details)


def decline(session_id: str, reader_id: str, reason: str | None) -> Reading:
    """The reader says no, with one of `DECLINE_REASONS` or none: the request is cancelled at no charge
    and the client told (`reading-declined`)."""
    if reason is not None and reason not in DECLINE_REASONS:
        raise DomainError(
            ErrorCode.INVALID_DECLINE_REASON,
            f"A reason is one of {', '.join(DECLINE_REASONS)}.",
            details={"reasons": list(DECLINE_REASONS)},
        )
    session = _waiting_for(session_id, reader_id)
    if session.status not in READING_WAITING:
        raise _closed(session)
    if not store.note_decline(session_id, reason or NO_REASON):
        raise _closed(lifecycle.load(session_id))
    notify.ring_answered(reader_id)
    return lifecycle.end_reading(session_id, "declined")
