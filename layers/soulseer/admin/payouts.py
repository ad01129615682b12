"""Payout runs as admin actions: logged as an intent before any transfer (Stripe is remote) and as their
outcome after; a failed payout retried the same way."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from soulseer import payouts
from soulseer.admin import actions
from soulseer.admin.actions import ActionKind
from soulseer.errors import DomainError, ErrorCode
from soulseer.payouts import PayoutOutcome, PayoutRun, records
from soulseer.payouts.history import record_view
from soulseer.schemas.admin import PayoutResult, PayoutRunView
from soulseer.schemas.console import PayoutRecordView


def run_now(admin_id: str, *, dry_run: bool, deadline: float) -> PayoutRunView:
    """Today's run now. A dry run moves nothing and is not an action (nothing is logged)."""
    today = datetime.now(UTC).date().isoformat()
    if dry_run:
        return run_view(payouts.run(today, dry_run=True, deadline=deadline))
    intent = actions.intend(actions.record(admin_id, ActionKind.PAYOUT_RUN, subject=today))
    try:
        report = payouts.run(today, dry_run=False, deadline=deadline)
    except Exception as error:
        actions.conclude(intent, failed=True, details={"error": str(error)[:500]})
        raise
    summary = report.summary()
    actions.conclude(intent, failed=bool(summary["failed_count"]), details=summary)
    return run_view(report)


def run_view(report: PayoutRun) -> PayoutRunView:
    return PayoutRunView(
        payout_date=report.payout_date,
        dry_run=report.dry_run,
        complete=report.complete,
        minimum_cents=payouts.minimum_cents(),
        paid_count=report.count(PayoutOutcome.PAID, PayoutOutcome.REPAIRED),
        paid_cents=report.cents(PayoutOutcome.PAID, PayoutOutcome.REPAIRED),
        would_pay_cents=report.cents(PayoutOutcome.WOULD_PAY),
        failed_count=report.count(PayoutOutcome.FAILED),
        below_minimum_count=report.below_minimum,
        results=[
            PayoutResult(
                reader_id=result.reader_id,
                payout_id=result.payout_id,
                outcome=result.outcome,
                amount_cents=result.amount_cents,
                transfer_id=result.transfer_id,
                error=result.error,
            )
            for result in report.listed()
        ],
    )


def retry(admin_id: str, payout_id: str, reason: str) -> PayoutRecordView:
    """A failed (or stuck pending) payout tried again now: its transfer found at Stripe or made, then the
    movement written; 409 `payout_not_outstanding` once it is paid or cancelled."""
    item = records.find(payout_id)
    if item is None:
        raise DomainError(ErrorCode.PAYOUT_NOT_FOUND)
    if not item.outstanding:
        raise DomainError(ErrorCode.PAYOUT_NOT_OUTSTANDING, details={"status": item.status})
    intent = actions.intend(
        actions.record(
            admin_id,
            ActionKind.PAYOUT_RETRIED,
            target_id=item.reader_id,
            subject=payout_id,
            reason=reason,
            details={"amount_cents": int(item.amount_cents), "failures": int(item.failures)},
        )
    )
    started = time.monotonic()
    report = payouts.pay_reader(item.reader_id, item.payout_date)
    result = next((r for r in report.results if r.payout_id == payout_id), None)
    outcome = result.outcome.value if result else "unchanged"
    details = {"outcome": outcome, "seconds": round(time.monotonic() - started, 3)}
    if result and result.error:
        details["error"] = result.error
    actions.conclude(intent, failed=outcome == PayoutOutcome.FAILED, details=details)
    found = records.find(payout_id)
    assert found is not None
    return record_view(found)
