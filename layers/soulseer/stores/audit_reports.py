"""The latest ledger audit report (item `latest` of the audit reports table, expiring): stored by the audit
job, read by the API and the CLI. The only importer of its PynamoDB model."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from soulseer.config import AuditSettings
from soulseer.stores.binding import BoundTable

LATEST = "latest"


class AuditReportModel(Model):
    class Meta(BoundTable):
        settings_class = AuditSettings
        table_setting = "AUDIT_REPORTS_TABLE"

    report_id = UnicodeAttribute(hash_key=True)
    report = UnicodeAttribute()  # the report as JSON
    started_at = UTCDateTimeAttribute()
    finished_at = UTCDateTimeAttribute()
    expires_at = NumberAttribute()  # TTL


def save_latest(report: dict[str, Any], started: datetime, finished: datetime, expires_at: int) -> None:
    AuditReportModel(
        LATEST, report=json.dumps(report), started_at=started, finished_at=finished, expires_at=expires_at
    ).save()


def latest() -> dict[str, Any] | None:
    """The latest report as it was stored, or None before the first run finished."""
    try:
        item = AuditReportModel.get(LATEST, consistent_read=True)
    except AuditReportModel.DoesNotExist:
        return None
    report: dict[str, Any] = json.loads(item.report)
    return report
