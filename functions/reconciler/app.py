"""Scheduled: restarts or ends active readings whose billing loop stopped ticking, and ends requests
past their expiry (the backstop of the billing and request-expiry state machines)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import tracing
from soulseer.config import RECONCILER_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.readings.reconcile import Reconciled, reconcile

SETTINGS = cold_start(RECONCILER_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()  # botocore only (a bare Tracer() patches every library the X-Ray SDK knows)


@flush_metrics_after
@logger.inject_lambda_context
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> Reconciled:
    report = reconcile(time_left=lambda: context.get_remaining_time_in_millis() / 1000)
    if report.restarted or report.ended or report.expired:
        logger.info("reconciled", extra=dict(report.to_dict()))
    return report.to_dict()
