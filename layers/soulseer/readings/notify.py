"""Server -> participant events of a reading: to the room's connections, and request outcomes to every
open connection of each participant (they may not have joined the room yet)."""

from __future__ import annotations

from typing import Any

from soulseer import notify, presence
from soulseer.adapters.push import push
from soulseer.lifecycles import ReadingStatus
from soulseer.models import SessionModel

EXPIRED_REASONS = ("not_answered", "not_joined")


def connection_of(session: SessionModel, role: str) -> str | None:
    return session.client_connection if role == "client" else session.reader_connection


def to_role(session: SessionModel, role: str, message: dict[str, Any]) -> bool:
    connection_id = connection_of(session, role)
    return push(connection_id, message) if connection_id else False


def summary(session: SessionModel) -> dict[str, Any]:
    return {
        "session_id": session.session_id,
        "status": session.status,
        "minutes": int(session.minutes),
        "paid_minutes": int(session.paid_minutes),
        "total_cents": int(session.total_cents),
        "reader_share_cents": int(session.reader_share_cents),
        "end_reason": session.end_reason,
    }


def announce_end(session: SessionModel) -> None:
    message = {"event": "session-ended", "session_id": session.session_id, "summary": summary(session)}
    for role in ("client", "reader"):
        to_role(session, role, message)
    if session.status == ReadingStatus.CANCELLED:
        announce_request_closed(session)
    elif int(session.minutes or 0) > 0:
        notify.enqueue_email(session.client_id, "reading", receipt(session), dedupe=session.session_id)


def receipt(session: SessionModel) -> dict[str, Any]:
    """What the client's reading receipt says (the reader's name is looked up when it is sent)."""
    return {
        "session_id": session.session_id,
        "reader_id": session.reader_id,
        "kind": session.kind,
        "minutes": int(session.minutes),
        "paid_minutes": int(session.paid_minutes),
        "total_cents": int(session.total_cents),
    }


def request_closed_event(session: SessionModel) -> dict[str, Any]:
    """What a cancelled request's participants are told: declined, expired, or cancelled (withdrawn...)."""
    reason = str(session.end_reason or "")
    if reason == "declined":
        return {"event": "reading-declined", "session_id": session.session_id, "reason": session.decline_reason}
    if reason in EXPIRED_REASONS:
        return {"event": "reading-expired", "session_id": session.session_id}
    shown = "withdrawn" if reason == "ended_by_client" else reason
    return {"event": "reading-cancelled", "session_id": session.session_id, "reason": shown}


def announce_request_closed(session: SessionModel) -> None:
    event = request_closed_event(session)
    for user_id in (session.client_id, session.reader_id):
        presence.push_to_user(user_id, event)
    if event["event"] in ("reading-declined", "reading-expired"):
        notify.enqueue_push(session.client_id, event)
    if session.end_reason == "not_answered":
        notify.ring_missed(session.reader_id, session.session_id)
