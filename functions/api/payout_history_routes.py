"""A reader's own payouts: history (runs, amounts, transfer ids, dates) and the next payout."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.payouts import history
from soulseer.schemas.common import errors
from soulseer.schemas.console import MyPayouts
from soulseer.web import fresh_caller, require_role

router = Router()


@router.get("/api/me/payouts", responses=errors(400, 401, 403), tags=["me"])
def my_payouts(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> MyPayouts:
    """Readers: payouts newest first (unfinished ones on the first page), and when the next run starts."""
    caller = require_role(fresh_caller(router), "reader")
    return history.mine(caller.user_id, limit, cursor)
