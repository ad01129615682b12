"""Server -> participant events of a reading: to the room's connections, and request outcomes to every
open connection of each participant (they may not have joined the room yet)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict

from soulseer import notify, presence
from soulseer.adapters.push import push
from soulseer.lifecycles import ReadingKind, ReadingStatus
from soulseer.stores.readings import Reading, Role

EXPIRED_REASONS = ("not_answered", "not_joined")


class ReadingMinute(TypedDict):
    """Each started minute (charged or free), to both meters."""

    event: Literal["reading-minute"]
    session_id: str
    minutes: int


class BalanceLow(TypedDict):
    """To the client when the minutes the balance (or the spending limit) still covers run low."""

    event: Literal["balance-low"]
    session_id: str
    balance_cents: int
    minutes_left: int
    limited_by: Literal["balance", "limit"]  # what ends the reading: the balance, or the spending limit


class RequestingClient(TypedDict):
    user_id: str
    display_name: str


class ReadingRequested(TypedDict):
    """To the reader's open connections (and their push subscriptions): a request rings them."""

    event: Literal["reading-requested"]
    session_id: str
    client: RequestingClient
    type: ReadingKind
    rate_cents: int
    free_minutes: int
    expires_at: str


class ReadingAccepted(TypedDict):
    event: Literal["reading-accepted"]
    session_id: str
    reader_id: str


class ReadingDeclined(TypedDict):
    event: Literal["reading-declined"]
    session_id: str
    reason: str | None  # one of asking.DECLINE_REASONS, or "declined"


class ReadingExpired(TypedDict):
    event: Literal["reading-expired"]
    session_id: str


class ReadingCancelled(TypedDict):
    event: Literal["reading-cancelled"]
    session_id: str
    reason: str  # "withdrawn", or the end reason (reader_unavailable, client_blocked...)


RequestClosed = ReadingDeclined | ReadingExpired | ReadingCancelled


class Receipt(TypedDict):
    """What the client's reading receipt says (the reader's name is looked up when it is sent)."""

    session_id: str
    reader_id: str
    kind: str
    minutes: int
    paid_minutes: int
    total_cents: int


class Summary(TypedDict):
    """`session-ended`'s summary: the fields of `SessionSummary` (POST /api/sessions/end answers with it)."""

    session_id: str
    status: ReadingStatus
    minutes: int
    paid_minutes: int
    total_cents: int
    reader_share_cents: int
    end_reason: str | None


class SessionEnded(TypedDict):
    event: Literal["session-ended"]
    session_id: str
    summary: Summary


class UserJoined(TypedDict):
    """To a participant joining the room, and to the other one if they are in it."""

    event: Literal["user-joined"]
    session_id: str
    role: Role
    user_id: str
    status: ReadingStatus
    peer_present: bool


# "from" is a keyword: these two are declared the functional way
ChatMessage = TypedDict(
    "ChatMessage",
    {
        "event": Literal["chat-message"],
        "session_id": str,
        "message_id": int,
        "from": Role,
        "text": str,
        "sent_at": str,
    },
)
Signal = TypedDict(  # relayed: only the signaling payload travels, `from` and `session_id` are the server's
    "Signal",
    {
        "event": Literal["offer", "answer", "ice-candidate"],
        "session_id": str,
        "from": Role,
        "sdp": NotRequired[str | dict[str, str]],
        "candidate": NotRequired[str | dict[str, Any]],
    },
)


class ChatAck(TypedDict):
    event: Literal["chat-ack"]
    session_id: str
    message_id: int


def connection_of(session: Reading, role: str) -> str | None:
    return session.connection_of(role)


def to_role(session: Reading, role: str, message: Mapping[str, Any]) -> bool:
    connection_id = session.connection_of(role)
    return push(connection_id, message) if connection_id else False


def summary(session: Reading) -> Summary:
    return Summary(
        session_id=session.session_id,
        status=session.status,
        minutes=session.minutes,
        paid_minutes=session.paid_minutes,
        total_cents=session.total_cents,
        reader_share_cents=session.reader_share_cents,
        end_reason=session.end_reason,
    )


def announce_end(session: Reading) -> None:
    message = SessionEnded(event="session-ended", session_id=session.session_id, summary=summary(session))
    for role in ("client", "reader"):
        to_role(session, role, message)
    if session.status == ReadingStatus.CANCELLED:
        announce_request_closed(session)
    elif session.minutes > 0:
        notify.enqueue_email(session.client_id, "reading", receipt(session), dedupe=session.session_id)


def receipt(session: Reading) -> Receipt:
    return Receipt(
        session_id=session.session_id,
        reader_id=session.reader_id,
        kind=session.kind,
        minutes=session.minutes,
        paid_minutes=session.paid_minutes,
        total_cents=session.total_cents,
    )


def request_closed_event(session: Reading) -> RequestClosed:
    """What a cancelled request's participants are told: declined, expired, or cancelled (withdrawn...)."""
    reason = str(session.end_reason or "")
    if reason == "declined":
        return ReadingDeclined(event="reading-declined", session_id=session.session_id, reason=session.decline_reason)
    if reason in EXPIRED_REASONS:
        return ReadingExpired(event="reading-expired", session_id=session.session_id)
    shown = "withdrawn" if reason == "ended_by_client" else reason
    return ReadingCancelled(event="reading-cancelled", session_id=session.session_id, reason=shown)


def announce_request_closed(session: Reading) -> None:
    event = request_closed_event(session)
    for user_id in (session.client_id, session.reader_id):
        presence.push_to_user(user_id, event)
    if event["event"] in ("reading-declined", "reading-expired"):
        notify.enqueue_push(session.client_id, event)
    if session.end_reason == "not_answered":
        notify.ring_missed(session.reader_id, session.session_id)
