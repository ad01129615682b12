"""Payout intents (the payouts table): written before the transfer, finished with the movement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from soulseer.conditional import applied
from soulseer.ledger.core import ExtraWrite
from soulseer.lifecycles import PayoutStatus
from soulseer.models import PayoutModel, utcnow

OUTSTANDING = "1"
MAX_ERROR_CHARS = 500


def payout_id(reader_id: str, payout_date: str) -> str:
    """The payout's id: also its ledger movement id and the base of its Stripe idempotency key."""
    return f"payout:{reader_id}:{payout_date}"


def find(payout: str) -> PayoutModel | None:
    try:
        return PayoutModel.get(payout, consistent_read=True)
    except PayoutModel.DoesNotExist:
        return None


def record_intent(reader_id: str, payout_date: str, amount_cents: int, destination: str) -> PayoutModel:
    """The intent to pay; if a concurrent run wrote it first, that one is returned (and honoured)."""
    item = PayoutModel(
        payout_id(reader_id, payout_date),
        reader_id=reader_id,
        payout_date=payout_date,
        amount_cents=amount_cents,
        destination=destination,
        status=PayoutStatus.PENDING,
        outstanding=OUTSTANDING,
    )
    if not applied(lambda: item.save(condition=PayoutModel.payout_id.does_not_exist())):
        return PayoutModel.get(item.payout_id, consistent_read=True)
    return item


def outstanding(reader_id: str | None = None) -> Iterator[PayoutModel]:
    """Unfinished intents of any date (of one reader if given): pending (a run died after writing them)
    or failed."""
    for key in PayoutModel.outstanding_index.query(OUTSTANDING):
        if reader_id is not None and key.reader_id != reader_id:
            continue
        item = find(key.payout_id)  # the index is eventually consistent: read the item itself
        if item is not None and item.outstanding:
            yield item


def idempotency_key(item: PayoutModel) -> str:
    """Stripe remembers a failed request under its key for 24 h, so each retry after a failure gets
    its own key; a transfer that did happen is found by `transfers.find` before any retry."""
    failures = int(item.failures)
    return item.payout_id if not failures else f"{item.payout_id}:retry{failures}"


def mark_failed(item: PayoutModel, error: str) -> None:
    """Recorded per reader; the intent stays outstanding, so the next run tries again."""
    applied(
        lambda: item.update(
            actions=[
                PayoutModel.status.set(PayoutStatus.FAILED),
                PayoutModel.failures.add(1),
                PayoutModel.last_error.set(error[:MAX_ERROR_CHARS] or "transfer failed"),
                PayoutModel.updated_at.set(utcnow()),
            ],
            condition=PayoutModel.outstanding.exists(),
        )
    )


def mark_cancelled(item: PayoutModel, reason: str) -> None:
    applied(
        lambda: item.update(
            actions=[
                PayoutModel.status.set(PayoutStatus.CANCELLED),
                PayoutModel.outstanding.remove(),
                PayoutModel.last_error.set(reason),
                PayoutModel.updated_at.set(utcnow()),
            ],
            condition=PayoutModel.outstanding.exists(),
        )
    )


def paid_write(item: PayoutModel, transfer_id: str) -> ExtraWrite:
    """Part of the payout movement's transaction: the intent is finished with the money."""

    def write(transaction: Any) -> None:
        transaction.update(
            PayoutModel(item.payout_id),
            actions=[
                PayoutModel.status.set(PayoutStatus.PAID),
                PayoutModel.transfer_id.set(transfer_id),
                PayoutModel.outstanding.remove(),
                PayoutModel.updated_at.set(utcnow()),
            ],
            condition=PayoutModel.outstanding.exists(),
        )

    return write
