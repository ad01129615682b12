"""Admin routes (admins only): make readers, stats, disputes, payouts now, the ledger audit.

`soulseer.web.admin_gate` refuses non-admins before any input validation; each route checks again."""

from __future__ import annotations

import time
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer import audit_reports, disputes, onboarding, stats
from soulseer.admin import actions
from soulseer.admin import payouts as admin_payouts
from soulseer.admin.actions import ActionKind
from soulseer.config import AuditJobSettings, settings_for
from soulseer.lifecycles import DisputeStatus
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.schemas.admin import AuditLatest, AuditRequested, NewReader, PayoutRunView, Stats
from soulseer.schemas.common import errors
from soulseer.schemas.readings import DisputePage, DisputeView
from soulseer.web import caller_of, require_role

router = Router()
TAGS = ["admin"]
SAFETY_MARGIN_MS = 3000  # stop paying readers this long before the function would time out


class ResolveInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    outcome: disputes.Outcome
    amount_cents: StrictInt | None = None  # refunds only; omitted: the full amount
    note: str = Field(min_length=1, max_length=2000)


def _admin() -> str:
    return require_role(caller_of(router), "admin").user_id


@router.post("/api/admin/readers", responses=errors(400, 401, 403, 409, 415, 502), tags=TAGS)
def create_reader(body: onboarding.NewReaderInput) -> NewReader:
    entry = actions.record(
        _admin(), ActionKind.READER_CREATED, target_id=body.user_id, details={"name": body.display_name}
    )
    return actions.performed(entry, lambda: onboarding.make_reader(body))


@router.get("/api/admin/stats", responses=errors(401, 403), tags=TAGS)
def admin_stats() -> Stats:
    _admin()
    return stats.stats()


@router.get("/api/admin/disputes", responses=errors(400, 401, 403), tags=TAGS)
def list_disputes(
    status: Annotated[DisputeStatus, Query()] = DisputeStatus.OPEN,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> DisputePage:
    _admin()
    return disputes.list_disputes(status, limit, cursor)


@router.post("/api/admin/disputes/<id>/resolve", responses=errors(400, 401, 403, 404, 409, 415, 503), tags=TAGS)
def resolve_dispute(id: Annotated[str, Path(min_length=1, max_length=128)], body: ResolveInput) -> DisputeView:
    admin = _admin()
    return disputes.resolve(id, admin, body.outcome, body.amount_cents, body.note)


@router.post("/api/admin/payouts/process", responses=errors(400, 401, 403, 503), tags=TAGS)
def process_payouts(dry_run: Annotated[bool, Query()] = False) -> PayoutRunView:
    """Today's payout run now (the daily schedule runs the same one; a reader is paid once a day)."""
    admin = _admin()
    remaining_ms = router.lambda_context.get_remaining_time_in_millis()
    deadline = time.monotonic() + max(remaining_ms - SAFETY_MARGIN_MS, 1000) / 1000
    return admin_payouts.run_now(admin, dry_run=dry_run, deadline=deadline)


@router.get("/api/admin/audit", responses=errors(401, 403), tags=TAGS)
def audit() -> AuditLatest:
    _admin()
    return audit_reports.latest()


@router.post("/api/admin/audit", responses=errors(401, 403), tags=TAGS)
def run_audit() -> AuditRequested:
    """Starts a fresh audit job; GET returns its report once `finished_at` is past `requested_at`."""
    entry = actions.record(_admin(), ActionKind.AUDIT_STARTED)
    function = settings_for(AuditJobSettings).AUDIT_FUNCTION_NAME
    return actions.performed(entry, lambda: audit_reports.request_run(function))
