"""Tasks of the session-billing state machine: charge the minute that starts now, or (after the tick
failed past its retries) end the reading as `billing_error`."""

from __future__ import annotations

from typing import Any, cast

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import tracing
from soulseer.config import BILLING_TICK_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.readings.billing import LoopEnded, end_on_error, tick
from soulseer.readings.lifecycle import BillingState

SETTINGS = cold_start(BILLING_TICK_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


@flush_metrics_after
@logger.inject_lambda_context(correlation_id_path="session_id")
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> BillingState | LoopEnded:
    logger.append_keys(session_id=event.get("session_id"), minute=event.get("minute"))
    if event.get("operation") == "end_on_error":
        return end_on_error(event)
    return tick(cast(BillingState, event))  # the state machine hands back what the last tick returned
