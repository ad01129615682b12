"""The console's money: daily charts, a dispute's case, payout runs and retries (admins only;
`soulseer.web.admin_gate` read the role fresh)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from soulseer import disputes, stats
from soulseer.admin import payouts as admin_payouts
from soulseer.errors import DomainError, ErrorCode
from soulseer.payouts import history
from soulseer.readings.history import details
from soulseer.schemas.common import errors
from soulseer.schemas.console import (
    DailyStats,
    DisputeCase,
    PayoutRecordView,
    PayoutRunDetail,
    PayoutRunPage,
)
from soulseer.web import caller_of, require_role

router = Router()
TAGS = ["admin"]


class RetryInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    payout_id: str = Field(min_length=1, max_length=300, pattern=r"^payout:")
    reason: str = Field(min_length=1, max_length=500)


def _admin() -> str:
    return require_role(caller_of(router), "admin").user_id


@router.get("/api/admin/stats/daily", responses=errors(400, 401, 403), tags=TAGS)
def daily_stats(days: Annotated[int, Query(ge=1, le=90)] = 30) -> DailyStats:
    """Revenue, billed minutes, top-ups, refunds and payouts per UTC day (the console asks for 7, 30 or 90)."""
    _admin()
    return stats.daily_series(days)


@router.get("/api/admin/disputes/<id>", responses=errors(400, 401, 403, 404), tags=TAGS)
def dispute_case(id: Annotated[str, Path(min_length=1, max_length=128)]) -> DisputeCase:
    """A dispute with its reading's billing summary and transcript."""
    admin = _admin()
    item = disputes.load(id)
    return DisputeCase(dispute=disputes.view(item), reading=details(item.session_id, admin, "admin"))


@router.get("/api/admin/payouts/runs", responses=errors(400, 401, 403), tags=TAGS)
def payout_runs(days: Annotated[int, Query(ge=1, le=90)] = 30) -> PayoutRunPage:
    """The daily runs of the last `days` days that paid or tried to pay someone, newest first."""
    _admin()
    return PayoutRunPage(items=history.runs(days))


@router.get("/api/admin/payouts/runs/<date>", responses=errors(400, 401, 403, 404), tags=TAGS)
def payout_run(date: Annotated[str, Path(pattern=r"^\d{4}-\d{2}-\d{2}$")]) -> PayoutRunDetail:
    """One day's payouts, reader by reader: amount, status, transfer id, failures and the last error."""
    _admin()
    try:
        day = _date(date)
    except ValueError:
        raise DomainError(ErrorCode.VALIDATION_FAILED, "The date is not a calendar date.") from None
    run = history.run_of(day)
    if not run.payouts:
        raise DomainError(ErrorCode.NOT_FOUND, "Nobody was paid or due on that day.")
    return run


def _date(text: str) -> date:
    return date.fromisoformat(text)


@router.post("/api/admin/payouts/retry", responses=errors(400, 401, 403, 404, 409, 415, 503), tags=TAGS)
def retry_payout(body: RetryInput) -> PayoutRecordView:
    """A failed payout tried again now (its transfer found at Stripe or made, then the ledger movement)."""
    return admin_payouts.retry(_admin(), body.payout_id, body.reason)
