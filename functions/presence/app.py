"""The presence function: the presence queue's messages (readers offline after the grace, fan-out of
`reader-online` and `reader-available`) and the sweep schedule (connections silent without $disconnect)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import favorites, presence, tracing
from soulseer.config import PRESENCE_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after

SETTINGS = cold_start(PRESENCE_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


def apply(message: dict[str, Any]) -> None:
    kind, reader_id = message.get("kind"), str(message.get("reader_id") or "")
    if kind == "presence-check":
        logger.info("Presence check", extra={"reader_id": reader_id, "result": presence.check_reader(reader_id)})
    elif kind == "reader-available":
        favorites.on_available(reader_id, str(message.get("previous") or ""))
    elif kind == "fan-out":
        favorites.fan_out(reader_id, str(message["watch"]), message.get("cursor"))
    else:
        logger.warning("Unknown presence message", extra={"queued": message})


@flush_metrics_after
@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    if event.get("detail-type") == "Scheduled Event":
        return {"taken_offline": presence.sweep()}
    failures = []
    for record in event.get("Records") or []:
        try:
            apply(json.loads(record["body"]))
        except Exception:  # one bad message is retried (then dead-lettered) without the others
            logger.exception("Presence message failed", extra={"message_id": record.get("messageId")})
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
