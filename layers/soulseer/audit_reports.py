"""The audit as a job: the `audit` function runs it (on a schedule, or when an admin asks) and stores the
report; `GET /api/admin/audit` and `soulseer audit` read the latest one. No full scans in an API call."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from soulseer.adapters import aws
from soulseer.clock import utcnow
from soulseer.ledger.audit import run_incremental_audit
from soulseer.stores import audit_reports as store

if TYPE_CHECKING:  # the API's answers, loaded there: the audit job itself starts without pydantic
    from soulseer.schemas.admin import AuditLatest, AuditRequested

REPORT_TTL_SECONDS = 7 * 86400  # a report the schedule has not renewed for a week is gone, not trusted


def run_and_store(*, full: bool = False) -> dict[str, Any]:
    """The incremental audit (from the last run's checkpoint; `full`: from the first entry)."""
    started = utcnow()
    report = run_incremental_audit(full=full).to_dict()
    finished = utcnow()
    report |= {"started_at": started.isoformat(), "finished_at": finished.isoformat()}
    store.save_latest(report, started, finished, int(finished.timestamp()) + REPORT_TTL_SECONDS)
    return report


def latest() -> AuditLatest:
    """The latest stored report, or `never_run` before the first run finished."""
    from soulseer.schemas.admin import AuditNeverRun, AuditReport

    report = store.latest()
    if report is None:
        return AuditNeverRun(status="never_run")
    return AuditReport.model_validate({"status": "done", **report})


@lru_cache(maxsize=1)
def _lambda() -> Any:
    return aws.client("lambda")


def request_run(audit_function: str) -> AuditRequested:
    """Starts a fresh run of `audit_function` asynchronously; poll `latest()` for a report finished after
    `requested_at`. (Only the API function is given the audit function's name: it passes it in.)"""
    requested = utcnow()
    _lambda().invoke(
        FunctionName=audit_function,
        InvocationType="Event",
        Payload=json.dumps({"source": "soulseer.admin", "requested_at": requested.isoformat()}).encode(),
    )
    from soulseer.schemas.admin import AuditRequested

    return AuditRequested(status="requested", requested_at=requested.isoformat())
