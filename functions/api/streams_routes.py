"""Live stream routes: go live, the live listing, join and leave, end, and paid gifts."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from soulseer.limits import rate_limited
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.streams import catalog, gifts, lifecycle
from soulseer.web import caller_of, require_role

router = Router()
StreamId = Annotated[str, Path(min_length=1, max_length=128)]


class CreateStreamInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(default="", max_length=120)


class GiftInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gift: str = Field(min_length=1, max_length=40)


@router.post("/api/streams/create")
def create_stream(body: CreateStreamInput) -> dict[str, Any]:
    caller = require_role(caller_of(router), "reader")
    return lifecycle.create_stream(caller.user_id, body.title)


@router.get("/api/streams/live")
def live_streams(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    return lifecycle.live_streams(limit, cursor)


@router.get("/api/streams/gifts")
def gift_catalog() -> dict[str, Any]:
    return catalog.public_catalog()


@router.get("/api/streams/<id>")
def get_stream(id: StreamId) -> dict[str, Any]:
    return lifecycle.get_stream(id)


@router.post("/api/streams/<id>/join")
def join_stream(id: StreamId) -> dict[str, Any]:
    return lifecycle.join_stream(id, caller_of(router).user_id)


@router.post("/api/streams/<id>/leave")
def leave_stream(id: StreamId) -> dict[str, Any]:
    return lifecycle.leave_stream(id, caller_of(router).user_id)


@router.post("/api/streams/<id>/end")
def end_stream(id: StreamId) -> dict[str, Any]:
    caller = caller_of(router)
    return lifecycle.end_stream(id, caller.user_id, caller.role)


@router.post("/api/streams/<id>/gift")
@rate_limited(router, "gift")
def send_gift(id: StreamId, body: GiftInput) -> dict[str, Any]:
    caller = caller_of(router)
    key = router.current_event.headers.get("Idempotency-Key")
    return gifts.send_gift(id, caller.user_id, body.gift, key)
