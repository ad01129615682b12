"""The admin dashboard's numbers. Money comes from the ledger's daily rollups (kept by every movement
in its own transaction, `soulseer.rollups`): revenue is what the platform revenue shards gained
(charges and gifts add, dispute refunds subtract), top-ups what the `topup` movements brought in;
windows are whole UTC days (today, the last 7 and 30 days counting today's start back). Pending
payouts are the readers' pending balances."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from soulseer import disputes, ledger, rollups
from soulseer.clock import utcnow
from soulseer.lifecycles import PayoutStatus, ReaderStatus
from soulseer.payouts import minimum_cents, records
from soulseer.schemas.admin import ActiveReadings, DisputeCounts, PayoutStats, PeriodSums, ReaderCounts, Stats
from soulseer.schemas.console import DailyPoint, DailyStats
from soulseer.stores import payouts as payouts_store
from soulseer.stores import users as users_store


def windows(now: datetime) -> dict[str, datetime]:
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "today": midnight,
        "last_7_days": now.replace(microsecond=0) - timedelta(days=7),
        "last_30_days": now.replace(microsecond=0) - timedelta(days=30),
    }


def _sums(metric: str, since: dict[str, datetime]) -> PeriodSums:
    """Per window, the metric's total over the whole UTC days from the window's start to today."""
    starts = {name: start.date() for name, start in since.items()}
    today = max(start.date() for start in since.values())
    first = min(starts.values())
    per_day = rollups.daily(metric, (first + timedelta(days=n) for n in range((today - first).days + 1)))
    return PeriodSums(
        **{name: sum(cents for day, cents in per_day.items() if start <= day) for name, start in starts.items()}
    )


def _readers() -> tuple[Counter[str], list[str]]:
    statuses: Counter[str] = Counter()
    ids: list[str] = []
    for item in users_store.readers_in_listing(users_store.LISTING):
        statuses[item.status] += 1
        ids.append(item.reader_id)
    return statuses, ids


def _payouts(reader_ids: list[str]) -> PayoutStats:
    accounts = payouts_store.accounts_of(reader_ids)
    pending = ledger.balances_of(ledger.reader_pending(r) for r in reader_ids) if reader_ids else {}
    owed = ledger.balances_of(ledger.reader_owed(r) for r in reader_ids) if reader_ids else {}
    minimum, eligible, eligible_cents = minimum_cents(), 0, 0
    for reader in reader_ids:
        available = pending[ledger.reader_pending(reader)] + owed[ledger.reader_owed(reader)]
        account = accounts.get(reader)
        if available >= minimum and account is not None and account.payouts_enabled:
            eligible, eligible_cents = eligible + 1, eligible_cents + available
    outstanding = list(records.outstanding())
    return PayoutStats(
        pending_cents=sum(pending.values()),
        readers_owed_back_cents=-sum(owed.values()),
        eligible_readers=eligible,
        eligible_cents=eligible_cents,
        minimum_cents=minimum,
        outstanding=len(outstanding),
        failed=sum(1 for item in outstanding if item.status == PayoutStatus.FAILED),
    )


def stats(now: datetime | None = None) -> Stats:
    now = now or utcnow()
    since = windows(now)
    statuses, reader_ids = _readers()
    return Stats(
        generated_at=now.isoformat(),
        readings=ActiveReadings(active=statuses[ReaderStatus.BUSY]),  # a reader is busy exactly while reading
        readers=ReaderCounts(
            total=len(reader_ids), online=statuses[ReaderStatus.ONLINE], busy=statuses[ReaderStatus.BUSY]
        ),
        revenue_cents=_sums(rollups.REVENUE, since),
        topups_cents=_sums(rollups.TOPUPS, since),
        payouts=_payouts(reader_ids),
        disputes=DisputeCounts(open=disputes.open_count()),
    )


def daily_series(days: int, now: datetime | None = None) -> DailyStats:
    """One point per UTC day for the last `days` days, today last, from the daily rollups."""
    today = (now or utcnow()).date()
    wanted = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    per_metric = {metric: rollups.daily(metric, wanted) for metric in rollups.METRICS}
    return DailyStats(
        days=days,
        series=[
            DailyPoint(
                date=day.isoformat(),
                revenue_cents=per_metric[rollups.REVENUE][day],
                billed_minutes=per_metric[rollups.MINUTES][day],
                topups_cents=per_metric[rollups.TOPUPS][day],
                refunds_cents=per_metric[rollups.REFUNDS][day],
                payouts_cents=per_metric[rollups.PAYOUTS][day],
            )
            for day in wanted
        ],
    )
