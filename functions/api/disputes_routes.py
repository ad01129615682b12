"""Client disputes: a reading's client disputes it within the window after it ended."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, ConfigDict, Field

from soulseer import disputes
from soulseer.limits import rate_limited
from soulseer.schemas.common import errors
from soulseer.schemas.readings import DisputeView
from soulseer.web import fresh_caller

router = Router()


class DisputeInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Field(min_length=1, max_length=2000)


@router.post("/api/sessions/<id>/dispute", responses=errors(400, 401, 403, 404, 409, 415, 429), tags=["readings"])
@rate_limited(router, "dispute")
def open_dispute(id: Annotated[str, Path(min_length=1, max_length=128)], body: DisputeInput) -> DisputeView:
    caller = fresh_caller(router)
    return disputes.open_dispute(id, caller.user_id, body.reason)
