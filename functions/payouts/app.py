"""The daily payout run, invoked by the EventBridge schedule (asynchronously; failures go to the DLQ).

It fans out: one message per reader to be paid on the payouts queue; the payout worker pays each.
The payout date is the scheduled event's date, so a retried delivery of the same event is the same
run and pays nobody twice. `{"dry_run": true}` lists the readers without sending anything."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import tracing
from soulseer.config import PAYOUTS_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.payouts import fanout

SETTINGS = cold_start(PAYOUTS_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


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
    if event.get("dry_run"):
        readers = fanout.readers_to_pay()
        return {"payout_date": payout_date, "readers": len(readers), "reader_ids": readers, "enqueued": 0}
    report = fanout.fan_out(payout_date)
    logger.info("Payouts enqueued", extra=report)
    return report
