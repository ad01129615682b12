"""Reading routes: start, end, details, my readings, reviews."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer.limits import rate_limited
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.readings import history, lifecycle
from soulseer.web import caller_of, require_role

router = Router()


class StartReadingInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reader_id: str = Field(min_length=1, max_length=128)
    type: lifecycle.ReadingKind


class ReviewInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: StrictInt = Field(ge=1, le=5)
    text: str = Field(default="", max_length=2000)


@router.post("/api/sessions/start")
@rate_limited(router, "start_reading")
def start_reading(body: StartReadingInput) -> dict[str, Any]:
    caller = require_role(caller_of(router), "client")
    return lifecycle.start_reading(caller.user_id, body.reader_id, body.type)


@router.post("/api/sessions/end/<id>")
def end_reading(id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    caller = caller_of(router)
    return lifecycle.end_by_participant(id, caller.user_id, caller.role)


@router.get("/api/sessions")
def my_readings(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    caller = caller_of(router)
    return history.mine(caller.user_id, caller.role, limit, cursor)


@router.get("/api/sessions/<id>")
def reading_details(id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    caller = caller_of(router)
    return history.details(id, caller.user_id, caller.role)


@router.post("/api/sessions/<id>/review")
def review_reading(id: Annotated[str, Path(min_length=1, max_length=128)], body: ReviewInput) -> dict[str, Any]:
    caller = caller_of(router)
    return history.review(id, caller.user_id, body.rating, body.text)
