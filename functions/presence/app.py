"""The presence function: the presence queue's messages (readers offline after the grace, fan-out of
`reader-online` and `reader-available`, web pushes and emails) and the sweep schedule (connections silent
without $disconnect)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import favorites, tracing
from soulseer.config import PRESENCE_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.notify import delivery, ringing
from soulseer.notify.suppression import suppress_from_event

SETTINGS = cold_start(PRESENCE_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


def apply(message: dict[str, Any]) -> None:
    kind, reader_id = message.get("kind"), str(message.get("reader_id") or "")
    if kind == "presence-check":
        logger.info("Presence check", extra={"reader_id": reader_id, "result": ringing.check_reader(reader_id)})
    elif kind == "reader-available":
        favorites.on_available(reader_id, str(message.get("previous") or ""))
    elif kind == "fan-out":
        favorites.fan_out(reader_id, str(message["watch"]), message.get("cursor"))
    elif kind in delivery.KINDS:
        logger.info("Notify", extra={"kind": kind, "result": delivery.handle(message)})
    else:
        logger.warning("Unknown presence message", extra={"queued": message})


def _notice(record: dict[str, Any]) -> dict[str, Any]:
    try:
        notice = json.loads(record["Sns"]["Message"])
    except (KeyError, TypeError, ValueError):
        return {}
    return notice if isinstance(notice, dict) else {}


@flush_metrics_after
@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("detail-type") == "Scheduled Event":
        return {"taken_offline": ringing.sweep()}
    records = event.get("Records") or []
    if records and records[0].get("EventSource") == "aws:sns":  # SES bounces and complaints
        return {"suppressed": sum(suppress_from_event(_notice(record)) for record in records)}
    failures = []
    for record in records:
        try:
            apply(json.loads(record["body"]))
        except Exception:  # one bad message is retried (then dead-lettered) without the others
            logger.exception("Presence message failed", extra={"message_id": record.get("messageId")})
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
