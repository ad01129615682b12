"""Server -> participant events of a reading: to the room's connections, and request outcomes to every
open connection of each participant (they may not have joined the room yet)."""

from __future__ import annotations

from typing import Any, TypedDict

from soulseer import notify, presence
from soulseer.adapters.push import push
from soulseer.lifecycles import ReadingStatus
from soulseer.stores.readings import Reading

EXPIRED_REASONS = ("not_answered", "not_joined")


class Summary(TypedDict):
    """`session-ended`'s summary: the fields of `SessionSummary` (POST /api/sessions/end answers with it)."""

    session_id: str
    status: ReadingStatus
    minutes: int
    paid_minutes: int
    total_cents: int
    reader_share_cents: int
    end_reason: str | None


def connection_of(session: Reading, role: str) -> str | None:
    return session.connection_of(role)


def to_role(session: Reading, role: str, message: dict[str, Any]) -> bool:
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
    message = {"event": "session-ended", "session_id": session.session_id, "summary": summary(session)}
    for role in ("client", "reader"):
        to_role(session, role, message)
    if session.status == ReadingStatus.CANCELLED:
        announce_request_closed(session)
    elif session.minutes > 0:
        notify.enqueue_email(session.client_id, "reading", receipt(session), dedupe=session.session_id)


def receipt(session: Reading) -> dict[str, Any]:
    """What the client's reading receipt says (the reader's name is looked up when it is sent)."""
    return {
        "session_id": session.session_id,
        "reader_id": session.reader_id,
        "kind": session.kind,
        "minutes": session.minutes,
        "paid_minutes": session.paid_minutes,
        "total_cents": session.total_cents,
    }


def request_closed_event(session: Reading) -> dict[str, Any]:
    """What a cancelled request's participants are told: declined, expired, or cancelled (withdrawn...)."""
    reason = str(session.end_reason or "")
    if reason == "declined":
        return {"event": "reading-declined", "session_id": session.session_id, "reason": session.decline_reason}
    if reason in EXPIRED_REASONS:
        return {"event": "reading-expired", "session_id": session.session_id}
    shown = "withdrawn" if reason == "ended_by_client" else reason
    return {"event": "reading-cancelled", "session_id": session.session_id, "reason": shown}


def announce_request_closed(session: Reading) -> None:
    event = request_closed_event(session)
    for user_id in (session.client_id, session.reader_id):
        presence.push_to_user(user_id, event)
    if event["event"] in ("reading-declined", "reading-expired"):
        notify.enqueue_push(session.client_id, event)
    if session.end_reason == "not_answered":
        notify.ring_missed(session.reader_id, session.session_id)
