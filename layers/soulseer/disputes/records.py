"""Opening and listing disputes: one per reading, by its client, within the window after it ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from soulseer.conditional import applied
from soulseer.config import DisputeSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import DisputeStatus, ReadingStatus
from soulseer.models import DisputeModel, utcnow
from soulseer.pagination import newest_first
from soulseer.readings import lifecycle

_CURSOR_KEYS = frozenset({"dispute_id", "status", "opened_key"})


def window_hours() -> int:
    return settings_for(DisputeSettings).DISPUTE_WINDOW_HOURS


def dispute_id_for(session_id: str) -> str:
    """Deterministic: one dispute per reading."""
    return "dsp_" + session_id.removeprefix("ses_")


def view(item: DisputeModel) -> dict[str, Any]:
    return {
        "dispute_id": item.dispute_id,
        "session_id": item.session_id,
        "client_id": item.client_id,
        "reader_id": item.reader_id,
        "reason": item.reason,
        "status": item.status,
        "session_total_cents": int(item.session_total_cents),
        "refund_cents": int(item.refund_cents),
        "reader_take_back_cents": int(item.reader_take_back_cents),
        "reader_shortfall_cents": int(item.reader_shortfall_cents),
        "note": item.note,
        "resolved_by": item.resolved_by,
        "opened_at": item.opened_at.isoformat(),
        "resolved_at": item.resolved_at.isoformat() if item.resolved_at else None,
    }


def load(dispute_id: str) -> DisputeModel:
    try:
        return DisputeModel.get(dispute_id, consistent_read=True)
    except DisputeModel.DoesNotExist:
        raise DomainError(ErrorCode.DISPUTE_NOT_FOUND) from None


def open_dispute(session_id: str, user_id: str, reason: str) -> dict[str, Any]:
    session = lifecycle.load(session_id)
    who = lifecycle.role_of(session, user_id)
    if who is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if who != "client":
        raise DomainError(ErrorCode.FORBIDDEN, "Only the client disputes a reading.")
    if session.status != ReadingStatus.ENDED or session.ended_at is None:
        raise DomainError(ErrorCode.NOT_DISPUTABLE)
    if int(session.total_cents) <= 0:
        raise DomainError(ErrorCode.NOTHING_TO_REFUND)
    now, hours = utcnow(), window_hours()
    if now - session.ended_at > timedelta(hours=hours):
        raise DomainError(
            ErrorCode.DISPUTE_WINDOW_CLOSED,
            f"A reading can be disputed within {hours} hours of its end.",
            details={"window_hours": hours, "ended_at": session.ended_at.isoformat()},
        )
    dispute_id = dispute_id_for(session_id)
    item = DisputeModel(
        dispute_id,
        session_id=session_id,
        client_id=session.client_id,
        reader_id=session.reader_id,
        reason=reason,
        status=DisputeStatus.OPEN,
        opened_key=f"{now.isoformat()}#{dispute_id}",
        session_total_cents=int(session.total_cents),
        opened_at=now,
    )
    if not applied(lambda: item.save(condition=DisputeModel.dispute_id.does_not_exist())):
        raise DomainError(ErrorCode.ALREADY_DISPUTED) from None
    return view(item)


def list_disputes(status: DisputeStatus, limit: int, cursor: str | None) -> dict[str, Any]:
    """Disputes in one status, newest first."""
    items, next_cursor = newest_first(DisputeModel.by_status.query, status, "status", _CURSOR_KEYS, limit, cursor)
    return {"items": [view(item) for item in items], "next_cursor": next_cursor}


def report_of(session_id: str) -> dict[str, Any] | None:
    """The reading's dispute as its client sees it (no admin ids), or None."""
    try:
        item = DisputeModel.get(dispute_id_for(session_id), consistent_read=True)
    except DisputeModel.DoesNotExist:
        return None
    found = view(item)
    return {key: found[key] for key in ("status", "reason", "refund_cents", "note", "opened_at", "resolved_at")}
