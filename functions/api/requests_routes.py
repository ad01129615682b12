"""A reader answers a reading request over REST (the same as the WebSocket's accept-reading and
decline-reading, for apps that cannot hold a socket), and lists the requests ringing them (a reconnect)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, ConfigDict, Field

from soulseer.readings import asking, lifecycle
from soulseer.readings import open as open_readings
from soulseer.schemas.common import errors
from soulseer.schemas.readings import ReadingRequestList, SessionView
from soulseer.web import caller_of, require_role

router = Router()
SessionId = Annotated[str, Path(min_length=1, max_length=128)]


class DeclineInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: asking.DeclineReason | None = Field(default=None, description="Chosen from a fixed list.")


@router.post("/api/sessions/<id>/accept", responses=errors(400, 401, 403, 404, 409))
def accept_reading(id: SessionId) -> SessionView:
    return lifecycle.view(asking.accept(id, caller_of(router).user_id))


@router.post("/api/sessions/<id>/decline", responses=errors(400, 401, 403, 404, 409, 415))
def decline_reading(id: SessionId, body: DeclineInput | None = None) -> SessionView:
    reason = body.reason if body else None
    return lifecycle.view(asking.decline(id, caller_of(router).user_id, reason))


@router.get("/api/me/requests", responses=errors(401, 403), tags=["me"])
def my_open_requests() -> ReadingRequestList:
    """The requests ringing the reader now, with their real `expires_at` (read again after a reconnect)."""
    reader = require_role(caller_of(router), "reader")
    return ReadingRequestList(items=open_readings.open_requests(reader.user_id))
