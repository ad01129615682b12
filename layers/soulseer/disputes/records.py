"""Opening and listing disputes: one per reading, by its client, within the window after it ended."""

from __future__ import annotations

from datetime import timedelta

from soulseer.clock import utcnow
from soulseer.config import DisputeSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import DisputeStatus, ReadingStatus
from soulseer.readings import lifecycle
from soulseer.schemas.readings import DisputePage, DisputeView, ReportView
from soulseer.stores import disputes as store
from soulseer.stores.disputes import Dispute


def window_hours() -> int:
    return settings_for(DisputeSettings).DISPUTE_WINDOW_HOURS


def dispute_id_for(session_id: str) -> str:
    """Deterministic: one dispute per reading."""
    return "dsp_" + session_id.removeprefix("ses_")


def view(item: Dispute) -> DisputeView:
    return DisputeView(
        dispute_id=item.dispute_id,
        session_id=item.session_id,
        client_id=item.client_id,
        reader_id=item.reader_id,
        reason=item.reason,
        status=item.status,
        session_total_cents=item.session_total_cents,
        refund_cents=item.refund_cents,
        reader_take_back_cents=item.reader_take_back_cents,
        reader_shortfall_cents=item.reader_shortfall_cents,
        note=item.note,
        resolved_by=item.resolved_by,
        opened_at=item.opened_at.isoformat(),
        resolved_at=item.resolved_at.isoformat() if item.resolved_at else None,
    )


def load(dispute_id: str) -> Dispute:
    item = store.find(dispute_id)
    if item is None:
        raise DomainError(ErrorCode.DISPUTE_NOT_FOUND)
    return item


def open_dispute(session_id: str, user_id: str, reason: str) -> DisputeView:
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
    item = store.open_dispute(
        dispute_id_for(session_id),
        session_id,
        session.client_id,
        session.reader_id,
        reason,
        int(session.total_cents),
    )
    if item is None:
        raise DomainError(ErrorCode.ALREADY_DISPUTED)
    return view(item)


def list_disputes(status: DisputeStatus, limit: int, cursor: str | None) -> DisputePage:
    """Disputes in one status, newest first."""
    items, next_cursor = store.in_status(status, limit, cursor)
    return DisputePage(items=[view(item) for item in items], next_cursor=next_cursor)


def open_count() -> int:
    return store.count_open()


def of_ids(dispute_ids: list[str]) -> dict[str, Dispute]:
    return store.of_ids(dispute_ids)


def report_of(session_id: str) -> ReportView | None:
    """The reading's dispute as its client sees it (no admin ids), or None."""
    item = store.find(dispute_id_for(session_id))
    if item is None:
        return None
    return ReportView(
        status=item.status,
        reason=item.reason,
        refund_cents=item.refund_cents,
        note=item.note,
        opened_at=item.opened_at.isoformat(),
        resolved_at=item.resolved_at.isoformat() if item.resolved_at else None,
    )
