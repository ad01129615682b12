"""What was paid: a day's run (the payouts table's `by-date` index), a reader's own history (the ledger's
paid-out entries, each a payout movement with its transfer, and any unfinished intent), and when the next
daily run starts (the `PayoutSchedule` expression)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from soulseer import ledger
from soulseer.clock import utcnow
from soulseer.config import PayoutSettings, settings_for
from soulseer.lifecycles import PayoutStatus
from soulseer.payouts import records
from soulseer.payouts.posting import available_cents
from soulseer.schemas.console import MyPayouts, PayoutRecordView, PayoutRunDetail, PayoutRunSummary
from soulseer.stores import payouts as store
from soulseer.stores.payouts import Payout

_DAILY_CRON = re.compile(r"^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$")
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")


def record_view(item: Payout) -> PayoutRecordView:
    return PayoutRecordView(
        payout_id=item.payout_id,
        reader_id=item.reader_id,
        payout_date=item.payout_date,
        amount_cents=item.amount_cents,
        status=item.status,
        transfer_id=item.transfer_id,
        failures=item.failures,
        last_error=item.last_error,
        created_at=item.created_at.isoformat(),
        updated_at=item.updated_at.isoformat(),
    )


def _summary(payout_date: str, items: list[Payout]) -> PayoutRunSummary:
    def count(status: PayoutStatus) -> int:
        return sum(1 for item in items if item.status == status)

    return PayoutRunSummary(
        payout_date=payout_date,
        readers=len(items),
        paid_count=count(PayoutStatus.PAID),
        paid_cents=sum(item.amount_cents for item in items if item.status == PayoutStatus.PAID),
        failed_count=count(PayoutStatus.FAILED),
        pending_count=count(PayoutStatus.PENDING),
        cancelled_count=count(PayoutStatus.CANCELLED),
    )


def run_of(payout_date: date) -> PayoutRunDetail:
    day = payout_date.isoformat()
    items = store.of_date(day)
    current = [records.find(item.payout_id) or item for item in items]  # the index lags; read each item
    return PayoutRunDetail(**_summary(day, current).model_dump(), payouts=[record_view(item) for item in current])


def runs(days: int, today: date | None = None) -> list[PayoutRunSummary]:
    """The runs that paid (or tried to pay) someone, newest first, over the last `days` days."""
    today = today or utcnow().date()
    found = []
    for n in range(days):
        day = (today - timedelta(days=n)).isoformat()
        items = store.of_date(day)
        if items:
            found.append(_summary(day, items))
    return found


def next_run_at(expression: str, now: datetime) -> datetime | None:
    """The next start of a daily `cron(M H * * ? *)` (or a `rate(...)`, from now); None for other forms."""
    cron = _DAILY_CRON.match(expression.strip())
    if cron:
        minute, hour = int(cron.group(1)), int(cron.group(2))
        start = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return start if start > now else start + timedelta(days=1)
    rate = _RATE.match(expression.strip())
    if rate:
        unit = rate.group(2).rstrip("s")
        return now + timedelta(**{f"{unit}s": int(rate.group(1))})
    return None


def mine(reader_id: str, limit: int, cursor: str | None) -> MyPayouts:
    """A reader's payouts newest first: unfinished ones (pending, failed) on the first page, then each paid
    payout from the ledger (amount, transfer id, date)."""
    unfinished = [record_view(item) for item in records.outstanding(reader_id)] if cursor is None else []
    rows, next_cursor = ledger.entries_of(ledger.reader_paid_out(reader_id), limit=limit, cursor=cursor)
    paid = [record_view(item) for item in store.of_ids([row.movement_id for row in rows])]
    settings = settings_for(PayoutSettings)
    upcoming = next_run_at(settings.PAYOUT_SCHEDULE, utcnow())
    return MyPayouts(
        items=unfinished + paid,
        next_cursor=next_cursor,
        next_payout_at=upcoming.isoformat() if upcoming else None,
        minimum_cents=settings.PAYOUT_MINIMUM_CENTS,
        available_cents=available_cents(reader_id),
    )
