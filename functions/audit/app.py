"""The ledger audit job (schedule `AuditSchedule`, or `POST /api/admin/audit`): runs it, stores the report."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer.audit_reports import run_and_store
from soulseer.config import AUDIT_FUNCTION, cold_start

SETTINGS = cold_start(AUDIT_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    report = run_and_store(full=event.get("full") is True)  # {"full": true}: rebuild the checkpoint
    log = logger.info if report["clean"] else logger.error
    log(
        "Ledger audit",
        extra={k: v for k, v in report.items() if k != "problems"} | {"problems": report["problems"][:20]},
    )
    return {"clean": report["clean"], "problems": len(report["problems"]), "finished_at": report["finished_at"]}
