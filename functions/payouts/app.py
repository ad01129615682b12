"""The daily payout run, invoked by the EventBridge schedule (asynchronously; failures go to the DLQ).

The payout date is the scheduled event's date, so a retried delivery of the same event is the same
run and pays nobody twice. A reader whose transfer fails is recorded and counted (PayoutFailures,
alarmed); the run goes on with the others."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import payouts, tracing
from soulseer.monitoring import flush_metrics_after

logger = Logger()
tracer = tracing.tracer()
SAFETY_MARGIN_MS = 10_000


def payout_date_of(event: dict[str, Any]) -> str:
    """`time` of an EventBridge scheduled event (ISO 8601, UTC); now when invoked by hand."""
    raw = event.get("time")
    if isinstance(raw, str) and raw:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC).date().isoformat()
    return datetime.now(UTC).date().isoformat()


@flush_metrics_after
@logger.inject_lambda_context(correlation_id_path="id")
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    payout_date = payout_date_of(event)
    logger.append_keys(payout_date=payout_date)
    deadline = time.monotonic() + max(context.get_remaining_time_in_millis() - SAFETY_MARGIN_MS, 1000) / 1000
    report = payouts.run(payout_date, dry_run=bool(event.get("dry_run", False)), deadline=deadline).to_dict()
    logger.info("Payouts done", extra={k: v for k, v in report.items() if k != "results"})
    return report
