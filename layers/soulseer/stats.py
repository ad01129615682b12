"""The admin dashboard's numbers. Money comes from the ledger: revenue is the sum of the platform
revenue shards' entries in each window (charges and gifts add, dispute refunds subtract), top-ups are
the Stripe clearing shards' `topup` entries, pending payouts are the readers' pending balances."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from soulseer import ledger
from soulseer.ledger.accounts import all_shards
from soulseer.models import ConnectAccountModel, DisputeModel, LedgerEntryModel, ReaderProfileModel, utcnow
from soulseer.payouts import minimum_cents, records
from soulseer.readers import LISTING


def windows(now: datetime) -> dict[str, datetime]:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "today": midnight,
        "last_7_days": now.replace(microsecond=0) - timedelta(days=7),
        "last_30_days": now.replace(microsecond=0) - timedelta(days=30),
    }


def _sums(prefix: str, since: dict[str, datetime], kind: str | None = None, sign: int = 1) -> dict[str, int]:
    """Per window, the signed sum of the entries of every shard of `prefix` (entries sort by time)."""
    earliest = min(since.values())
    totals = dict.fromkeys(since, 0)
    for account in all_shards(prefix):
        results = LedgerEntryModel.query(
            account,
            range_key_condition=LedgerEntryModel.position >= earliest.isoformat(),
            filter_condition=(LedgerEntryModel.kind == kind) if kind else None,
        )
        for entry in results:
            for name, start in since.items():
                if entry.created_at >= start:
                    totals[name] += sign * int(entry.amount)
    return totals


def _readers() -> tuple[Counter[str], list[str]]:
    statuses: Counter[str] = Counter()
    ids: list[str] = []
    for item in ReaderProfileModel.by_rating.query(LISTING):
        statuses[item.status] += 1
        ids.append(item.reader_id)
    return statuses, ids


def _payouts(reader_ids: list[str]) -> dict[str, Any]:
    accounts = {item.reader_id: item for item in ConnectAccountModel.batch_get(reader_ids)} if reader_ids else {}
    pending = ledger.balances_of(ledger.reader_pending(r) for r in reader_ids) if reader_ids else {}
    owed = ledger.balances_of(ledger.reader_owed(r) for r in reader_ids) if reader_ids else {}
    minimum, eligible, eligible_cents = minimum_cents(), 0, 0
    for reader in reader_ids:
        available = pending[ledger.reader_pending(reader)] + owed[ledger.reader_owed(reader)]
        account = accounts.get(reader)
        if available >= minimum and account is not None and account.payouts_enabled:
            eligible, eligible_cents = eligible + 1, eligible_cents + available
    outstanding = list(records.outstanding())
    return {
        "pending_cents": sum(pending.values()),
        "readers_owed_back_cents": -sum(owed.values()),
        "eligible_readers": eligible,
        "eligible_cents": eligible_cents,
        "minimum_cents": minimum,
        "outstanding": len(outstanding),
        "failed": sum(1 for item in outstanding if item.status == "failed"),
    }


def stats(now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    since = windows(now)
    statuses, reader_ids = _readers()
    return {
        "generated_at": now.isoformat(),
        "readings": {"active": statuses["busy"]},  # a reader is busy exactly while a reading is active
        "readers": {"total": len(reader_ids), "online": statuses["online"], "busy": statuses["busy"]},
        "revenue_cents": _sums("platform:revenue", since),
        "topups_cents": _sums("stripe:clearing", since, kind="topup", sign=-1),
        "payouts": _payouts(reader_ids),
        "disputes": {"open": DisputeModel.by_status.count("open")},
    }
