"""Task of the request-expiry state machine: cancel a reading the reader never joined."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import tracing
from soulseer.config import REQUEST_EXPIRY_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.readings.lifecycle import expire_request

SETTINGS = cold_start(REQUEST_EXPIRY_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


@flush_metrics_after
@logger.inject_lambda_context(correlation_id_path="session_id")
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    """The request's status after the check: cancelled (expired now or earlier), or what it became."""
    return {"session_id": str(event["session_id"]), "status": expire_request(str(event["session_id"]))}
