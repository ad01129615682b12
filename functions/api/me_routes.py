"""The caller's own things: display name, favorite readers, and a reader's payout onboarding link."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, ConfigDict, Field

from soulseer import favorites, me, onboarding, users
from soulseer.schemas.common import errors
from soulseer.schemas.readers import FavoritesList, FavoriteState, MeView, OnboardingLink
from soulseer.web import caller_of, fresh_caller, require_role

router = Router()
ReaderId = Annotated[str, Path(min_length=1, max_length=128)]


class DisplayNameInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    display_name: str = Field(min_length=1, max_length=users.DISPLAY_NAME_MAX)


@router.post("/api/me/onboarding-link", responses=errors(401, 403, 502), tags=["me"])
def my_onboarding_link() -> OnboardingLink:
    """A reader's own Stripe Connect onboarding link (the payout account is created on the first ask)."""
    reader = require_role(fresh_caller(router), "reader")
    return onboarding.reader_onboarding_link(reader.user_id)


@router.put("/api/me", responses=errors(400, 401, 415))
def update_me(body: DisplayNameInput) -> MeView:
    return me.set_display_name(caller_of(router).user_id, body.display_name)


@router.get("/api/me/favorites", responses=errors(401, 403))
def my_favorites() -> FavoritesList:
    caller = require_role(caller_of(router), "client")
    return FavoritesList(items=favorites.list_favorites(caller.user_id))


@router.put("/api/me/favorites/<reader_id>", responses=errors(400, 401, 403, 404, 409))
def add_favorite(reader_id: ReaderId) -> FavoriteState:
    caller = require_role(caller_of(router), "client")
    return favorites.add_favorite(caller.user_id, reader_id)


@router.delete("/api/me/favorites/<reader_id>", responses=errors(400, 401, 403, 404))
def remove_favorite(reader_id: ReaderId) -> FavoriteState:
    caller = require_role(caller_of(router), "client")
    return favorites.remove_favorite(caller.user_id, reader_id)
