"""A payout run: first finish unfinished intents (any date), then pay every eligible reader for the day."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from soulseer import connect, ledger, monitoring, notify
from soulseer.adapters.stripe_api import stripe_error
from soulseer.config import PayoutSettings, settings_for
from soulseer.ledger.core import find_movement
from soulseer.lifecycles import PayoutOutcome
from soulseer.logs import SERVICE
from soulseer.payouts import posting, records, transfers
from soulseer.stores import payouts as store
from soulseer.stores.payouts import Payout, PayoutAccount

if TYPE_CHECKING:
    import stripe

logger = Logger(service=SERVICE, child=True)
LISTED = frozenset(PayoutOutcome) - {PayoutOutcome.BELOW_MINIMUM, PayoutOutcome.PENDING}  # the rest only counted
IN_FLIGHT = (PayoutOutcome.FAILED, PayoutOutcome.WOULD_PAY)  # one transfer in flight per reader


def minimum_cents() -> int:
    return settings_for(PayoutSettings).PAYOUT_MINIMUM_CENTS


@dataclass
class ReaderResult:
    reader_id: str
    payout_id: str
    outcome: PayoutOutcome
    amount_cents: int = 0
    transfer_id: str | None = None
    error: str | None = None


@dataclass
class PayoutRun:
    payout_date: str
    dry_run: bool
    complete: bool = True
    results: list[ReaderResult] = field(default_factory=list)
    below_minimum: int = 0

    def count(self, *outcomes: PayoutOutcome) -> int:
        return sum(1 for result in self.results if result.outcome in outcomes)

    def cents(self, *outcomes: PayoutOutcome) -> int:
        return sum(result.amount_cents for result in self.results if result.outcome in outcomes)

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in self.to_dict().items() if k != "results"}

    def listed(self) -> list[ReaderResult]:
        return [result for result in self.results if result.outcome in LISTED]

    def to_dict(self) -> dict[str, Any]:
        return {
            "payout_date": self.payout_date,
            "dry_run": self.dry_run,
            "complete": self.complete,
            "minimum_cents": minimum_cents(),
            "paid_count": self.count(PayoutOutcome.PAID, PayoutOutcome.REPAIRED),
            "paid_cents": self.cents(PayoutOutcome.PAID, PayoutOutcome.REPAIRED),
            "would_pay_cents": self.cents(PayoutOutcome.WOULD_PAY),
            "failed_count": self.count(PayoutOutcome.FAILED),
            "below_minimum_count": self.below_minimum,
            "results": [asdict(result) for result in self.listed()],
        }


def run(payout_date: str, *, dry_run: bool = False, deadline: float | None = None) -> PayoutRun:
    """`deadline` (time.monotonic) stops the run between readers; a rerun continues where it stopped."""
    report = PayoutRun(payout_date, dry_run)
    blocked: set[str] = set()
    finished: set[str] = set()
    for item in records.outstanding():
        if deadline is not None and time.monotonic() > deadline:
            report.complete = False
            return report
        result = _finish(item, dry_run)
        report.results.append(result)
        finished.add(item.payout_id)
        if result.outcome in IN_FLIGHT:
            blocked.add(item.reader_id)
    for account in store.all_accounts():
        if account.reader_id in blocked or records.payout_id(account.reader_id, payout_date) in finished:
            continue
        if deadline is not None and time.monotonic() > deadline:
            report.complete = False
            break
        result = _pay(account, payout_date, dry_run)
        if result.outcome == PayoutOutcome.BELOW_MINIMUM:
            report.below_minimum += 1
        else:
            report.results.append(result)
    logger.info("Payout run", extra={k: v for k, v in report.to_dict().items() if k != "results"})
    return report


def pay_reader(reader_id: str, payout_date: str, *, dry_run: bool = False) -> PayoutRun:
    """One reader's share of a run (one message of the fan-out): their unfinished intents first, then
    the day's payout, with the same ids and outcomes as `run`."""
    report = PayoutRun(payout_date, dry_run)
    blocked, finished = False, set()
    for item in records.outstanding(reader_id):
        result = _finish(item, dry_run)
        report.results.append(result)
        finished.add(item.payout_id)
        blocked = blocked or result.outcome in IN_FLIGHT
    account = connect.find(reader_id)
    if account is None or blocked or records.payout_id(reader_id, payout_date) in finished:
        return report
    result = _pay(account, payout_date, dry_run)
    if result.outcome == PayoutOutcome.BELOW_MINIMUM:
        report.below_minimum += 1
    else:
        report.results.append(result)
    return report


def _pay(account: PayoutAccount, payout_date: str, dry_run: bool) -> ReaderResult:
    reader = account.reader_id
    payout = records.payout_id(reader, payout_date)
    done = find_movement(payout)
    if done is not None:
        return ReaderResult(reader, payout, PayoutOutcome.ALREADY_PAID, done.amount_to(ledger.reader_paid_out(reader)))
    existing = records.find(payout)
    if existing is not None:  # cancelled earlier today (outstanding ones were finished above)
        return ReaderResult(reader, payout, PayoutOutcome(existing.status), existing.amount_cents)
    available = posting.available_cents(reader)
    if available < minimum_cents():
        return ReaderResult(reader, payout, PayoutOutcome.BELOW_MINIMUM, max(available, 0))
    if not account.payouts_enabled:
        return ReaderResult(reader, payout, PayoutOutcome.PAYOUTS_DISABLED, available)
    if dry_run:
        return ReaderResult(reader, payout, PayoutOutcome.WOULD_PAY, available)
    item = records.record_intent(reader, payout_date, available, account.stripe_account_id)
    return _transfer_and_post(item, PayoutOutcome.PAID, look_first=item.amount_cents != available)


def _finish(item: Payout, dry_run: bool) -> ReaderResult:
    """An unfinished intent: post the transfer Stripe made, or make it, or cancel it."""
    amount = item.amount_cents
    try:
        transfer = transfers.find(item)
    except stripe_error() as error:
        return _failed(item, error, dry_run)
    if transfer is not None:
        if dry_run:
            return ReaderResult(item.reader_id, item.payout_id, PayoutOutcome.WOULD_PAY, amount, transfer.id)
        movement = posting.post_payout(item, int(transfer.amount), transfer.id)
        _count_paid(movement.replayed, int(transfer.amount))
        _announce(item, int(transfer.amount))
        return ReaderResult(item.reader_id, item.payout_id, PayoutOutcome.REPAIRED, int(transfer.amount), transfer.id)
    account = connect.find(item.reader_id)
    if account is None or not account.payouts_enabled or posting.available_cents(item.reader_id) < amount:
        if dry_run:
            return ReaderResult(item.reader_id, item.payout_id, PayoutOutcome.WOULD_CANCEL, amount)
        records.mark_cancelled(item, "earnings or payout account changed before the transfer was made")
        return ReaderResult(item.reader_id, item.payout_id, PayoutOutcome.CANCELLED, amount)
    if dry_run:
        return ReaderResult(item.reader_id, item.payout_id, PayoutOutcome.WOULD_PAY, amount)
    return _transfer_and_post(item, PayoutOutcome.PAID, look_first=False)


def _transfer_and_post(item: Payout, outcome: PayoutOutcome, *, look_first: bool) -> ReaderResult:
    try:
        transfer = (transfers.find(item) if look_first else None) or transfers.create(item)
    except stripe_error() as error:
        return _failed(item, error, dry_run=False)
    movement = posting.post_payout(item, int(transfer.amount), transfer.id)
    _count_paid(movement.replayed, int(transfer.amount))
    _announce(item, int(transfer.amount))
    return ReaderResult(item.reader_id, item.payout_id, outcome, int(transfer.amount), transfer.id)


def _failed(item: Payout, error: stripe.StripeError, dry_run: bool) -> ReaderResult:
    message = str(getattr(error, "user_message", None) or error)
    if not dry_run:
        records.mark_failed(item, message)
        monitoring.count(monitoring.PAYOUT_FAILURES)
        monitoring.cents(monitoring.PAYOUT_FAILED_CENTS, item.amount_cents)
        logger.error("Payout failed", extra={"payout_id": item.payout_id, "error": message})
    return ReaderResult(item.reader_id, item.payout_id, PayoutOutcome.FAILED, item.amount_cents, error=message)


def _count_paid(replayed: bool, amount: int) -> None:
    if not replayed:
        monitoring.count(monitoring.PAYOUTS)
        monitoring.cents(monitoring.PAYOUT_CENTS, amount)


def _announce(item: Payout, amount: int) -> None:
    """After the movement committed: the reader hears of it by push and email (once per payout id)."""
    notify.enqueue_push(item.reader_id, {"event": "payout-sent", "payout_id": item.payout_id, "amount_cents": amount})
    notify.enqueue_email(
        item.reader_id, "payout", {"payout_id": item.payout_id, "amount_cents": amount}, dedupe=item.payout_id
    )
