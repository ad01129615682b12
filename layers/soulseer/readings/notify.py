"""Server -> participant events of a reading."""

from __future__ import annotations

from typing import Any

from soulseer.adapters.push import push
from soulseer.models import SessionModel


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
