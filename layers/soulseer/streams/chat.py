"""A live stream's chat: signed-in people write (rate-limited, length-limited), every connection in the
stream's audience hears it as `stream-chat` with the sender's display name and time; the stream's reader
moderates (removes a message: `stream-chat-removed` to everyone; mutes a viewer: their messages are refused
with 403 `muted`). Also the stream's recent gifts, so a page opened later shows what the totals count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from soulseer import limits, users
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import StreamStatus
from soulseer.stores import stream_chat as store
from soulseer.streams import audience
from soulseer.streams.audience import load
from soulseer.streams.catalog import label_of

if TYPE_CHECKING:
    from datetime import datetime

    from soulseer.schemas.streams import (
        ChatMessageView,
        ChatMute,
        ChatMutes,
        ChatPage,
        RecentGifts,
        RemovedChatMessage,
        StreamChatEvent,
    )

MAX_CHARS = 300
HISTORY = 50
RECENT_GIFTS = 20
RATE_LIMIT_ACTION = "stream_chat"
VIEWER_NAME = "A viewer"  # until a viewer chooses a display name (as on gifts)


def _message_event(message: store.ChatMessage) -> StreamChatEvent:
    return {
        "event": "stream-chat",
        "stream_id": message.stream_id,
        "message_id": message.message_id,
        "user_id": message.user_id,
        "display_name": message.display_name,
        "role": message.role,
        "text": message.text,
        "sent_at": message.sent_at.isoformat(),
    }


def _view(message: store.ChatMessage) -> ChatMessageView:
    from soulseer.schemas.streams import ChatMessageView  # the API's only: the ws function skips pydantic

    return ChatMessageView(
        message_id=message.message_id,
        stream_id=message.stream_id,
        user_id=message.user_id,
        display_name=message.display_name,
        role=message.role,
        text=message.text,
        sent_at=message.sent_at.isoformat(),
    )


def _text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise DomainError(ErrorCode.CHAT_MESSAGE_EMPTY, details={"max_chars": MAX_CHARS})
    text = text.strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape: not text DynamoDB can keep
        raise DomainError(ErrorCode.INVALID_MESSAGE, "A chat message is text (valid Unicode).") from None
    if len(text) > MAX_CHARS:
        raise DomainError(
            ErrorCode.CHAT_MESSAGE_TOO_LONG,
            f"A chat message is at most {MAX_CHARS} characters.",
            details={"max_chars": MAX_CHARS, "length": len(text)},
        )
    return text


def post(stream_id: str, user_id: str, text: object, sender: users.User | None = None) -> store.ChatMessage:
    """Stores one message of a signed-in person and tells the stream's audience. `sender`: the caller's
    record as read earlier in this request (its display name is what the audience sees)."""
    text = _text(text)
    stream = load(stream_id)
    if stream.status != StreamStatus.LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    if sender is None or sender.user_id != user_id:
        sender = users.ensure_user(user_id)
    users.refuse_if_blocked(user_id, sender)
    is_reader = user_id == stream.reader_id
    if not is_reader and store.is_muted(stream_id, user_id):
        raise DomainError(ErrorCode.MUTED)
    limits.take(user_id, RATE_LIMIT_ACTION)
    name = sender.display_name or (stream.reader_name if is_reader and stream.reader_name else VIEWER_NAME)
    message = store.add_message(stream_id, user_id, name, "reader" if is_reader else "viewer", text)
    audience.broadcast(stream_id, _message_event(message))
    return message


def send(stream_id: str, user_id: str, text: object, sender: users.User | None = None) -> ChatMessageView:
    """`POST /api/streams/{id}/chat`."""
    return _view(post(stream_id, user_id, text, sender))


def history(stream_id: str) -> ChatPage:
    """The newest messages, public (a signed-out visitor reads the chat too)."""
    from soulseer.schemas.streams import ChatPage

    load(stream_id)
    return ChatPage(items=[_view(m) for m in store.recent_messages(stream_id, HISTORY)], max_chars=MAX_CHARS)


def _moderated(stream_id: str, user_id: str) -> None:
    """Only the stream's own reader moderates its chat (403 `forbidden` for anyone else)."""
    if load(stream_id).reader_id != user_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only this stream's reader can moderate its chat.")


def remove(stream_id: str, message_id: str, user_id: str) -> RemovedChatMessage:
    from soulseer.schemas.streams import RemovedChatMessage

    _moderated(stream_id, user_id)
    removed = store.is_message_id(message_id) and store.remove_message(stream_id, message_id) is not None
    if removed:
        event = {"event": "stream-chat-removed", "stream_id": stream_id, "message_id": message_id}
        audience.broadcast(stream_id, event)
    return RemovedChatMessage(stream_id=stream_id, message_id=message_id, removed=removed)


def set_muted(stream_id: str, viewer_id: str, user_id: str, muted: bool) -> ChatMute:
    from soulseer.schemas.streams import ChatMute

    _moderated(stream_id, user_id)
    if viewer_id == user_id:
        raise DomainError(ErrorCode.BAD_REQUEST, "A reader cannot mute themselves.")
    if muted:
        store.mute(stream_id, viewer_id, user_id)
    else:
        store.unmute(stream_id, viewer_id)
    event = {"event": "stream-chat-muted", "stream_id": stream_id, "user_id": viewer_id, "muted": muted}
    audience.broadcast(stream_id, event)
    return ChatMute(stream_id=stream_id, user_id=viewer_id, muted=muted)


def mutes(stream_id: str, user_id: str) -> ChatMutes:
    """The viewers muted in the stream's chat: for its reader only."""
    from soulseer.schemas.streams import ChatMutes

    _moderated(stream_id, user_id)
    return ChatMutes(stream_id=stream_id, user_ids=store.muted_users(stream_id))


def chat_action(connection: Any, message: dict[str, Any]) -> None:
    """WebSocket action `stream-chat` {stream_id, text}: the same as the REST route (refusals come back as
    an `error` event with the code)."""
    stream_id = message.get("stream_id")
    if not isinstance(stream_id, str) or not stream_id or len(stream_id) > 128:
        raise DomainError(ErrorCode.INVALID_MESSAGE, "stream_id is required.")
    post(stream_id, connection.user_id, message.get("text"))


def note_gift(
    stream_id: str, gift_id: str, gift: str, user_id: str, from_name: str, amount_cents: int, sent_at: datetime
) -> None:
    """Kept after the gift's money moved, beside the chat: what `recent_gifts` shows a page opened later."""
    store.note_gift(stream_id, gift_id, gift, user_id, from_name, amount_cents, sent_at)


def recent_gifts(stream_id: str) -> RecentGifts:
    from soulseer.schemas.streams import RecentGift, RecentGifts

    load(stream_id)
    items = []
    for note in store.recent_gifts(stream_id, RECENT_GIFTS):
        label, icon = label_of(note.gift)
        items.append(
            RecentGift(
                gift_id=note.gift_id,
                gift=note.gift,
                label=label,
                icon=icon,
                from_user_id=note.user_id,
                from_name=note.from_name,
                amount_cents=note.amount_cents,
                sent_at=note.sent_at.isoformat(),
            )
        )
    return RecentGifts(items=items)
