"""Live stream routes: go live, the live listing, join and leave, end, and paid gifts."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from soulseer import saved_cards
from soulseer.limits import rate_limited
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.schemas.common import errors
from soulseer.schemas.streams import (
    ChatMessageView,
    ChatMute,
    ChatMutes,
    ChatPage,
    CreatedStream,
    GiftCatalog,
    JoinedStream,
    LeftStream,
    RecentGifts,
    RemovedChatMessage,
    SentGift,
    StreamPage,
    StreamTotalsView,
)
from soulseer.streams import catalog, chat, gifts, lifecycle
from soulseer.web import PUBLIC, caller_of, fresh_caller, require_role

router = Router()
StreamId = Annotated[str, Path(min_length=1, max_length=128)]
MessageId = Annotated[str, Path(min_length=1, max_length=64)]
UserId = Annotated[str, Path(min_length=1, max_length=128)]
TAGS = ["streams"]


class CreateStreamInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(default="", max_length=120)


class ChatInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(
        max_length=4000, description="1 to 300 characters once trimmed (400 chat_message_empty, chat_message_too_long)."
    )


class GiftInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gift: str = Field(min_length=1, max_length=40)


@router.post("/api/streams/create", responses=errors(400, 401, 403, 409, 415), tags=TAGS)
def create_stream(body: CreateStreamInput) -> CreatedStream:
    caller = require_role(caller_of(router), "reader")
    return lifecycle.create_stream(caller.user_id, body.title)


@router.get("/api/streams/live", security=PUBLIC, responses=errors(400), tags=TAGS)
def live_streams(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> StreamPage:
    return lifecycle.live_streams(limit, cursor)


@router.get("/api/streams/gifts", security=PUBLIC, responses=errors(), tags=TAGS)
def gift_catalog() -> GiftCatalog:
    return catalog.public_catalog()


@router.get("/api/streams/<id>", security=PUBLIC, responses=errors(400, 404), tags=TAGS)
def get_stream(id: StreamId) -> StreamTotalsView:
    return lifecycle.get_stream(id)


@router.post("/api/streams/<id>/join", responses=errors(400, 401, 404, 409), tags=TAGS)
def join_stream(id: StreamId) -> JoinedStream:
    return lifecycle.join_stream(id, caller_of(router).user_id)


@router.post("/api/streams/<id>/preview", security=PUBLIC, responses=errors(400, 404, 409), tags=TAGS)
def preview_stream(id: StreamId) -> JoinedStream:
    """A signed-out visitor's subscriber token (an anonymous uid); not counted as a viewer."""
    return lifecycle.preview_stream(id)


@router.post("/api/streams/<id>/leave", responses=errors(400, 401, 404), tags=TAGS)
def leave_stream(id: StreamId) -> LeftStream:
    return lifecycle.leave_stream(id, caller_of(router).user_id)


@router.post("/api/streams/<id>/end", responses=errors(400, 401, 403, 404, 409), tags=TAGS)
def end_stream(id: StreamId) -> StreamTotalsView:
    caller = fresh_caller(router)
    return lifecycle.end_stream(id, caller.user_id, caller.role)


@router.post("/api/streams/<id>/gift", responses=errors(400, 401, 402, 403, 404, 409, 415, 429, 503), tags=TAGS)
@rate_limited(router, "gift")
def send_gift(id: StreamId, body: GiftInput) -> SentGift:
    caller = fresh_caller(router)
    key = router.current_event.headers.get("Idempotency-Key")
    sent = gifts.send_gift(id, caller.user_id, body.gift, key, caller.user)
    saved_cards.queue_if_low(caller.user_id, sent.balance_cents)  # the automatic top-up, if it is on
    return sent


@router.get("/api/streams/<id>/gifts", security=PUBLIC, responses=errors(400, 404), tags=TAGS)
def recent_gifts(id: StreamId) -> RecentGifts:
    return chat.recent_gifts(id)


@router.get("/api/streams/<id>/chat", security=PUBLIC, responses=errors(400, 404), tags=TAGS)
def chat_history(id: StreamId) -> ChatPage:
    return chat.history(id)


@router.post("/api/streams/<id>/chat", responses=errors(400, 401, 403, 404, 409, 415, 429), tags=TAGS)
def send_chat(id: StreamId, body: ChatInput) -> ChatMessageView:
    """A chat message to the stream's audience (`stream-chat`); 403 `muted` once the reader muted the caller."""
    caller = fresh_caller(router)
    return chat.send(id, caller.user_id, body.text, caller.user)


@router.delete("/api/streams/<id>/chat/<message_id>", responses=errors(400, 401, 403, 404), tags=TAGS)
def remove_chat_message(id: StreamId, message_id: MessageId) -> RemovedChatMessage:
    """The stream's reader removes a message: gone for every viewer (`stream-chat-removed`)."""
    return chat.remove(id, message_id, caller_of(router).user_id)


@router.get("/api/streams/<id>/mutes", responses=errors(400, 401, 403, 404), tags=TAGS)
def muted_viewers(id: StreamId) -> ChatMutes:
    """The viewers the stream's reader muted (403 for anyone else)."""
    return chat.mutes(id, caller_of(router).user_id)


@router.put("/api/streams/<id>/mutes/<user_id>", responses=errors(400, 401, 403, 404), tags=TAGS)
def mute_viewer(id: StreamId, user_id: UserId) -> ChatMute:
    """The stream's reader mutes a viewer: their messages are refused (403 `muted`)."""
    return chat.set_muted(id, user_id, caller_of(router).user_id, muted=True)


@router.delete("/api/streams/<id>/mutes/<user_id>", responses=errors(400, 401, 403, 404), tags=TAGS)
def unmute_viewer(id: StreamId, user_id: UserId) -> ChatMute:
    return chat.set_muted(id, user_id, caller_of(router).user_id, muted=False)
