"""The console's users, readers and its action log (admins only; `soulseer.web.admin_gate` read the role fresh)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from soulseer.admin import actions
from soulseer.admin import readers as admin_readers
from soulseer.admin import users as admin_users
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.reader_inputs import Rates
from soulseer.schemas.common import errors
from soulseer.schemas.console import ActionPage, AdminReaderList, AdminReaderView, AdminUserView, UserSearchPage
from soulseer.users import Role
from soulseer.web import caller_of, require_role

router = Router()
TAGS = ["admin"]
UserId = Annotated[str, Path(min_length=1, max_length=128)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
Cursor = Annotated[str | None, Query(max_length=2000)]
Reason = Field(min_length=1, max_length=500)


class RoleInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    role: Role
    reason: str = Reason


class ReasonInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: str = Reason


def _admin() -> str:
    return require_role(caller_of(router), "admin").user_id


@router.get("/api/admin/actions", responses=errors(400, 401, 403), tags=TAGS)
def action_log(
    user_id: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> ActionPage:
    """Every admin action newest first, or those done to one user."""
    _admin()
    return actions.listing(user_id, limit, cursor)


@router.get("/api/admin/users", responses=errors(400, 401, 403), tags=TAGS)
def find_users(
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> UserSearchPage:
    """Users whose id, display name or email contains `q` (case blind)."""
    _admin()
    return admin_users.search(q, limit, cursor)


@router.get("/api/admin/users/<id>", responses=errors(400, 401, 403, 404), tags=TAGS)
def user_detail(id: UserId) -> AdminUserView:
    """A user's role, money, ledger, readings, orders, disputes and the admin actions about them."""
    _admin()
    return admin_users.detail(id)


@router.put("/api/admin/users/<id>/role", responses=errors(400, 401, 403, 404, 409, 415, 503), tags=TAGS)
def change_role(id: UserId, body: RoleInput) -> AdminUserView:
    return admin_users.set_role(_admin(), id, body.role, body.reason)


@router.post("/api/admin/users/<id>/block", responses=errors(400, 401, 403, 404, 409, 415, 503), tags=TAGS)
def block_user(id: UserId, body: ReasonInput) -> AdminUserView:
    """No readings, gifts or purchases (403 `account_blocked`) until unblocked; a waiting request is withdrawn."""
    return admin_users.block(_admin(), id, body.reason)


@router.post("/api/admin/users/<id>/unblock", responses=errors(400, 401, 403, 404, 415, 503), tags=TAGS)
def unblock_user(id: UserId, body: ReasonInput) -> AdminUserView:
    return admin_users.unblock(_admin(), id, body.reason)


class RatesInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    rates: Rates
    reason: str = Reason


@router.get("/api/admin/readers", responses=errors(401, 403), tags=TAGS)
def every_reader() -> AdminReaderList:
    """Every reader, suspended ones first (the public list hides them)."""
    _admin()
    return AdminReaderList(items=admin_readers.all_readers())


@router.post("/api/admin/readers/<id>/suspend", responses=errors(400, 401, 403, 404, 415, 503), tags=TAGS)
def suspend_reader(id: UserId, body: ReasonInput) -> AdminReaderView:
    """Offline, unlisted, cannot go online or live; waiting requests cancelled, a reading or stream in
    progress ended."""
    return admin_readers.suspend(_admin(), id, body.reason)


@router.post("/api/admin/readers/<id>/reinstate", responses=errors(400, 401, 403, 404, 415, 503), tags=TAGS)
def reinstate_reader(id: UserId, body: ReasonInput) -> AdminReaderView:
    return admin_readers.reinstate(_admin(), id, body.reason)


@router.put("/api/admin/readers/<id>/rates", responses=errors(400, 401, 403, 404, 409, 415, 503), tags=TAGS)
def set_reader_rates(id: UserId, body: RatesInput) -> AdminReaderView:
    return admin_readers.set_rates(_admin(), id, body.rates, body.reason)
