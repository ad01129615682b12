"""Reading routes: start, end, details, my readings, reviews."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer.limits import rate_limited
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.readings import asking, history, lifecycle
from soulseer.schemas.common import errors
from soulseer.schemas.readings import (
    ReadingIceServers,
    ReviewedSession,
    SessionDetails,
    SessionPage,
    SessionSummary,
    StartedReading,
)
from soulseer.web import caller_of, fresh_caller, require_role

router = Router()
SessionId = Annotated[str, Path(min_length=1, max_length=128)]


class StartReadingInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reader_id: str = Field(min_length=1, max_length=128)
    type: lifecycle.ReadingKind
    limit_cents: StrictInt | None = Field(
        default=None, ge=1, le=1_000_000, description="A spending limit for this reading: no paid minute passes it."
    )


class ReviewInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: StrictInt = Field(ge=1, le=5)
    text: str = Field(default="", max_length=2000)
    anonymous: bool = False  # shown publicly as "Anonymous" instead of the display name


@router.post("/api/sessions/start", responses=errors(400, 401, 402, 403, 404, 409, 415, 429), tags=["readings"])
@rate_limited(router, "start_reading")
def start_reading(body: StartReadingInput) -> StartedReading:
    caller = require_role(fresh_caller(router), "client")
    return asking.request_reading(caller.user_id, body.reader_id, body.type, caller.user, body.limit_cents)


@router.post("/api/sessions/end/<id>", responses=errors(400, 401, 404, 409, 503), tags=["readings"])
def end_reading(id: SessionId) -> SessionSummary:
    caller = caller_of(router)
    ended = lifecycle.end_by_participant(id, caller.user_id, caller.role)
    return SessionSummary.model_validate(ended, from_attributes=True)


@router.get("/api/sessions", responses=errors(400, 401), tags=["readings"])
def my_readings(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> SessionPage:
    caller = caller_of(router)
    return history.mine(caller.user_id, caller.role, limit, cursor)


@router.get("/api/sessions/<id>", responses=errors(400, 401, 404), tags=["readings"])
def reading_details(id: SessionId) -> SessionDetails:
    caller = caller_of(router)
    return history.details(id, caller.user_id, caller.role)


@router.get("/api/sessions/<id>/ice-servers", responses=errors(400, 401, 404, 409), tags=["readings"])
def reading_ice_servers(id: SessionId) -> ReadingIceServers:
    """Either participant's ICE servers (STUN, and TURN with short-lived credentials) for an open reading."""
    caller = caller_of(router)
    return lifecycle.participant_ice_servers(id, caller.user_id)


@router.post("/api/sessions/<id>/review", responses=errors(400, 401, 403, 404, 409, 415, 503), tags=["readings"])
def review_reading(id: SessionId, body: ReviewInput) -> ReviewedSession:
    caller = caller_of(router)
    return history.review(id, caller.user_id, body.rating, body.text, body.anonymous)
