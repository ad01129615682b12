"""Notify me when free: one `reader-available` push when a busy or offline reader becomes available."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path

from soulseer import favorites
from soulseer.schemas.common import errors
from soulseer.schemas.readers import NotifyState
from soulseer.web import caller_of, require_role

router = Router()
ReaderId = Annotated[str, Path(min_length=1, max_length=128)]


@router.post("/api/readers/<id>/notify-when-free", responses=errors(400, 401, 403, 404, 409))
def notify_when_free(id: ReaderId) -> NotifyState:
    caller = require_role(caller_of(router), "client")
    return favorites.notify_when_free(caller.user_id, id)


@router.delete("/api/readers/<id>/notify-when-free", responses=errors(400, 401, 403, 404))
def cancel_notify_when_free(id: ReaderId) -> NotifyState:
    caller = require_role(caller_of(router), "client")
    return favorites.cancel_notify(caller.user_id, id)
