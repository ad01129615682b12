"""The audit as a job: the `audit` function runs it (on a schedule, or when an admin asks) and stores the
report; `GET /api/admin/audit` and `soulseer audit` read the latest one. No full scans in an API call."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from soulseer.adapters import aws
from soulseer.config import AuditSettings
from soulseer.ledger.audit import run_incremental_audit
from soulseer.models import utcnow
from soulseer.stores.binding import BoundTable

LATEST = "latest"
REPORT_TTL_SECONDS = 7 * 86400  # a report the schedule has not renewed for a week is gone, not trusted


class AuditReportModel(Model):
    class Meta(BoundTable):
        settings_class = AuditSettings
        table_setting = "AUDIT_REPORTS_TABLE"

    report_id = UnicodeAttribute(hash_key=True)
    report = UnicodeAttribute()  # the report as JSON
    started_at = UTCDateTimeAttribute()
    finished_at = UTCDateTimeAttribute()
    expires_at = NumberAttribute()  # TTL


def run_and_store(*, full: bool = False) -> dict[str, Any]:
    """The incremental audit (from the last run's checkpoint; `full`: from the first entry)."""
    started = utcnow()
    report = run_incremental_audit(full=full).to_dict()
    finished = utcnow()
    report |= {"started_at": started.isoformat(), "finished_at": finished.isoformat()}
    expires = int(finished.timestamp()) + REPORT_TTL_SECONDS
    AuditReportModel(
        LATEST, report=json.dumps(report), started_at=started, finished_at=finished, expires_at=expires
    ).save()
    return report


def latest() -> dict[str, Any]:
    """The latest stored report, or `{"status": "never_run"}` before the first run finished."""
    try:
        item = AuditReportModel.get(LATEST, consistent_read=True)
    except AuditReportModel.DoesNotExist:
        return {"status": "never_run"}
    report: dict[str, Any] = json.loads(item.report)
    return {"status": "done", **report}


@lru_cache(maxsize=1)
def _lambda() -> Any:
    return aws.client("lambda")


def request_run(audit_function: str) -> dict[str, Any]:
    """Starts a fresh run of `audit_function` asynchronously; poll `latest()` for a report finished after
    `requested_at`. (Only the API function is given the audit function's name: it passes it in.)"""
    requested = utcnow()
    _lambda().invoke(
        FunctionName=audit_function,
        InvocationType="Event",
        Payload=json.dumps({"source": "soulseer.admin", "requested_at": requested.isoformat()}).encode(),
    )
    return {"status": "requested", "requested_at": requested.isoformat()}
