"""Payout intents: written before the transfer, finished with the movement (kept by stores/payouts)."""

from __future__ import annotations

from collections.abc import Iterator

from soulseer.ledger.core import ExtraWrite
from soulseer.stores import payouts as store
from soulseer.stores.payouts import Payout


def payout_id(reader_id: str, payout_date: str) -> str:
    """The payout's id: also its ledger movement id and the base of its Stripe idempotency key."""
    return f"payout:{reader_id}:{payout_date}"


def find(payout: str) -> Payout | None:
    return store.find(payout)


def record_intent(reader_id: str, payout_date: str, amount_cents: int, destination: str) -> Payout:
    """The intent to pay; if a concurrent run wrote it first, that one is returned (and honoured)."""
    return store.record_intent(payout_id(reader_id, payout_date), reader_id, payout_date, amount_cents, destination)


def outstanding(reader_id: str | None = None) -> Iterator[Payout]:
    """Unfinished intents of any date (of one reader if given): pending (a run died after writing them)
    or failed."""
    return store.outstanding(reader_id)


def idempotency_key(item: Payout) -> str:
    """Stripe remembers a failed request under its key for 24 h, so each retry after a failure gets
    its own key; a transfer that did happen is found by `transfers.find` before any retry."""
    return item.payout_id if not item.failures else f"{item.payout_id}:retry{item.failures}"


def mark_failed(item: Payout, error: str) -> None:
    """Recorded per reader; the intent stays outstanding, so the next run tries again."""
    store.mark_failed(item.payout_id, error)


def mark_cancelled(item: Payout, reason: str) -> None:
    store.mark_cancelled(item.payout_id, reason)


def paid_write(item: Payout, transfer_id: str) -> ExtraWrite:
    """Part of the payout movement's transaction: the intent is finished with the money."""
    return store.paid_write(item.payout_id, transfer_id)
