"""Reader routes: the public listing and profile, the reader's own profile and status."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict

from soulseer import reader_inputs, reader_search, readers
from soulseer.lifecycles import ReaderStatus
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.schemas.common import errors
from soulseer.schemas.readers import ReaderPage, ReaderView
from soulseer.web import PUBLIC, caller_of, require_role

router = Router()


class StatusInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: readers.SettableStatus


@router.get("/api/readers", security=PUBLIC, responses=errors(400), tags=["readers"])
def list_readers(
    status: Annotated[ReaderStatus | None, Query()] = None,
    specialty: Annotated[str | None, Query(max_length=40)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Words to find in name, specialties or bio.")] = None,
    sort: Annotated[
        reader_search.Sort | None, Query(description="Default: available readers first, each best rated first.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> ReaderPage:
    return readers.list_readers(status=status, specialty=specialty, q=q, sort=sort, limit=limit, cursor=cursor)


@router.get("/api/readers/<id>", security=PUBLIC, responses=errors(400, 404), tags=["readers"])
def get_reader(id: Annotated[str, Path(min_length=1, max_length=128)]) -> ReaderView:
    return readers.public_reader(id)


@router.put("/api/readers/profile", responses=errors(400, 401, 403, 415), tags=["readers"])
def update_profile(profile: reader_inputs.ProfileInput) -> ReaderView:
    caller = require_role(caller_of(router), "reader")
    return readers.save_profile(caller.user_id, profile)


@router.put("/api/readers/status", responses=errors(400, 401, 403, 409, 415), tags=["readers"])
def update_status(body: StatusInput) -> ReaderView:
    caller = require_role(caller_of(router), "reader")
    return readers.set_status(caller.user_id, body.status)
