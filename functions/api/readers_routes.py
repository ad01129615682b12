"""Reader routes: the public listing and profile, the reader's own profile and status."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict

from soulseer import readers
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.web import caller_of, require_role

router = Router()


class StatusInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: readers.SettableStatus


@router.get("/api/readers")
def list_readers(
    status: Annotated[readers.ReaderStatus | None, Query()] = None,
    specialty: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    page = readers.list_readers(status=status, specialty=specialty, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/api/readers/<id>")
def get_reader(id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    return readers.get_reader(id)


@router.put("/api/readers/profile")
def update_profile(profile: readers.ProfileInput) -> dict[str, Any]:
    caller = require_role(caller_of(router), "reader")
    return readers.save_profile(caller.user_id, profile)


@router.put("/api/readers/status")
def update_status(body: StatusInput) -> dict[str, Any]:
    caller = require_role(caller_of(router), "reader")
    return readers.set_status(caller.user_id, body.status)
