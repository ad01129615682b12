"""The money worker: pays one reader per message of the payouts queue (sent by the daily payout run),
and charges a client's saved card for an automatic top-up (`{"kind": "auto-topup", "user_id"}`, queued by
a charge that left the balance below the client's threshold; idempotent per generation, see saved_cards).

A message is `{"reader_id", "payout_date"}`; paying is idempotent per reader and date
(`payout:<reader>:<date>`), so a redelivered message pays nobody twice. A transfer Stripe refuses is
recorded on the payout and counted (the message is done; the next run retries); an unexpected error
returns the message to the queue (ReportBatchItemFailures), and after five tries it is dead-lettered."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import payouts, saved_cards, tracing
from soulseer.config import PAYOUT_WORKER_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after

SETTINGS = cold_start(PAYOUT_WORKER_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


def _pay(record: dict[str, Any]) -> None:
    body = json.loads(record["body"])
    if body.get("kind") == saved_cards.AUTO_TOPUP:
        user_id = str(body["user_id"])
        logger.info("Automatic top-up", extra={"user_id": user_id, "outcome": saved_cards.run_auto_topup(user_id)})
        return
    reader_id, payout_date = str(body["reader_id"]), str(body["payout_date"])
    report = payouts.pay_reader(reader_id, payout_date)
    logger.info("Reader paid", extra={"reader_id": reader_id, "payout_date": payout_date, **report.summary()})


@flush_metrics_after
@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    failures: list[dict[str, str]] = []
    for record in event.get("Records") or []:
        try:
            _pay(record)
        except Exception:
            logger.exception("Payout message failed; it returns to the queue", extra={"id": record.get("messageId")})
            failures.append({"itemIdentifier": str(record["messageId"])})
    return {"batchItemFailures": failures}
