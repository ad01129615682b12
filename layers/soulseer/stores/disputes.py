"""The disputes aggregate's store: a client's dispute of a reading (one per reading), open -> refunded |
rejected. The only importer of its PynamoDB model; the domain (soulseer.disputes) works with `Dispute`
records, and a resolution's change is a write in the transaction that moves the money or logs the action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from soulseer.conditional import applied
from soulseer.lifecycles import DisputeStatus, sources
from soulseer.models import DisputeModel, utcnow
from soulseer.pagination import newest_first
from soulseer.records import record

_CURSOR_KEYS = frozenset({"dispute_id", "status", "opened_key"})
_BATCH = 100  # BatchGetItem's limit


@record
class Dispute:
    """A dispute as stored: mapped once from its item."""

    dispute_id: str
    session_id: str
    client_id: str
    reader_id: str
    reason: str
    status: DisputeStatus
    session_total_cents: int
    refund_cents: int
    reader_take_back_cents: int
    reader_shortfall_cents: int  # what the reader's pending lacked: reader debt
    note: str | None
    resolved_by: str | None
    opened_at: datetime
    resolved_at: datetime | None


def _dispute(item: DisputeModel) -> Dispute:
    return Dispute(
        dispute_id=item.dispute_id,
        session_id=item.session_id,
        client_id=item.client_id,
        reader_id=item.reader_id,
        reason=item.reason,
        status=DisputeStatus(item.status),
        session_total_cents=int(item.session_total_cents),
        refund_cents=int(item.refund_cents),
        reader_take_back_cents=int(item.reader_take_back_cents),
        reader_shortfall_cents=int(item.reader_shortfall_cents),
        note=item.note,
        resolved_by=item.resolved_by,
        opened_at=item.opened_at,
        resolved_at=item.resolved_at,
    )


def find(dispute_id: str) -> Dispute | None:
    try:
        return _dispute(DisputeModel.get(dispute_id, consistent_read=True))
    except DisputeModel.DoesNotExist:
        return None


def of_ids(dispute_ids: list[str]) -> dict[str, Dispute]:
    """The disputes of these ids that exist."""
    found: dict[str, Dispute] = {}
    for start in range(0, len(dispute_ids), _BATCH):
        for item in DisputeModel.batch_get(dispute_ids[start : start + _BATCH]):
            found[item.dispute_id] = _dispute(item)
    return found


def open_dispute(
    dispute_id: str, session_id: str, client_id: str, reader_id: str, reason: str, session_total_cents: int
) -> Dispute | None:
    """Writes the open dispute; None when the reading was disputed already."""
    now = utcnow()
    item = DisputeModel(
        dispute_id,
        session_id=session_id,
        client_id=client_id,
        reader_id=reader_id,
        reason=reason,
        status=DisputeStatus.OPEN,
        opened_key=f"{now.isoformat()}#{dispute_id}",
        session_total_cents=session_total_cents,
        opened_at=now,
    )
    if not applied(lambda: item.save(condition=DisputeModel.dispute_id.does_not_exist())):
        return None
    return _dispute(item)


def in_status(status: DisputeStatus, limit: int, cursor: str | None) -> tuple[list[Dispute], str | None]:
    """Disputes in one status, newest first."""
    items, next_cursor = newest_first(DisputeModel.by_status.query, status, "status", _CURSOR_KEYS, limit, cursor)
    return [_dispute(item) for item in items], next_cursor


def count_open() -> int:
    return int(DisputeModel.by_status.count(DisputeStatus.OPEN))


def rejected_write(dispute_id: str, admin_id: str, note: str) -> Callable[[Any], None]:
    """The rejection, in the transaction that logs the admin's action."""

    def write(transaction: Any) -> None:
        transaction.update(
            DisputeModel(dispute_id),
            actions=[
                DisputeModel.status.set(DisputeStatus.REJECTED),
                DisputeModel.note.set(note),
                DisputeModel.resolved_by.set(admin_id),
                DisputeModel.resolved_at.set(utcnow()),
            ],
            condition=DisputeModel.status.is_in(*sources(DisputeStatus.REJECTED)),
        )

    return write


def refunded_write(
    dispute_id: str, admin_id: str, note: str, *, refund: int, take_back: int, shortfall: int
) -> Callable[[Any], None]:
    """The refund's outcome, in the transaction of its ledger movement."""

    def write(transaction: Any) -> None:
        transaction.update(
            DisputeModel(dispute_id),
            actions=[
                DisputeModel.status.set(DisputeStatus.REFUNDED),
                DisputeModel.refund_cents.set(refund),
                DisputeModel.reader_take_back_cents.set(take_back),
                DisputeModel.reader_shortfall_cents.set(shortfall),
                DisputeModel.note.set(note),
                DisputeModel.resolved_by.set(admin_id),
                DisputeModel.resolved_at.set(utcnow()),
            ],
            condition=DisputeModel.status.is_in(*sources(DisputeStatus.REFUNDED)),
        )

    return write
