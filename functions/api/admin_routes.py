"""Admin routes (admins only): make readers, stats, disputes, payouts now, the ledger audit.

`soulseer.web.admin_gate` refuses non-admins before any input validation; each route checks again."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer import audit_reports, disputes, onboarding, payouts, stats
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.web import caller_of, require_role

router = Router()
SAFETY_MARGIN_MS = 3000  # stop paying readers this long before the function would time out


class ResolveInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    outcome: disputes.Outcome
    amount_cents: StrictInt | None = None  # refunds only; omitted: the full amount
    note: str = Field(min_length=1, max_length=2000)


def _admin() -> str:
    return require_role(caller_of(router), "admin").user_id


@router.post("/api/admin/readers")
def create_reader(body: onboarding.NewReaderInput) -> dict[str, Any]:
    _admin()
    return onboarding.make_reader(body)


@router.get("/api/admin/stats")
def admin_stats() -> dict[str, Any]:
    _admin()
    return stats.stats()


@router.get("/api/admin/disputes")
def list_disputes(
    status: Annotated[disputes.DisputeStatus, Query()] = "open",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    _admin()
    return disputes.list_disputes(status, limit, cursor)


@router.post("/api/admin/disputes/<id>/resolve")
def resolve_dispute(id: Annotated[str, Path(min_length=1, max_length=128)], body: ResolveInput) -> dict[str, Any]:
    admin = _admin()
    return disputes.resolve(id, admin, body.outcome, body.amount_cents, body.note)


@router.post("/api/admin/payouts/process")
def process_payouts(dry_run: Annotated[bool, Query()] = False) -> dict[str, Any]:
    """Today's payout run now (the daily schedule runs the same one; a reader is paid once a day)."""
    _admin()
    remaining_ms = router.lambda_context.get_remaining_time_in_millis()
    deadline = time.monotonic() + max(remaining_ms - SAFETY_MARGIN_MS, 1000) / 1000
    today = datetime.now(UTC).date().isoformat()
    return payouts.run(today, dry_run=dry_run, deadline=deadline).to_dict()


@router.get("/api/admin/audit")
def audit() -> dict[str, Any]:
    _admin()
    return audit_reports.latest()


@router.post("/api/admin/audit")
def run_audit() -> dict[str, Any]:
    """Starts a fresh audit job; GET returns its report once `finished_at` is past `requested_at`."""
    _admin()
    return audit_reports.request_run()
