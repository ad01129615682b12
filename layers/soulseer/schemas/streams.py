"""Live streams, Agora grants and gifts."""

from __future__ import annotations

from typing import Literal, TypedDict

from pydantic import Field

from soulseer.adapters.agora import AgoraRole
from soulseer.lifecycles import StreamStatus
from soulseer.schemas.common import Out


class StreamView(Out):
    stream_id: str
    reader_id: str
    reader_name: str
    title: str
    status: StreamStatus
    channel: str
    viewer_count: int
    gift_count: int
    started_at: str
    ended_at: str | None


class StreamTotalsView(StreamView):
    gifts_cents: int
    reader_share_cents: int


class AgoraGrant(Out):
    app_id: str
    channel: str
    uid: int
    role: AgoraRole
    token: str
    expires_at: int = Field(description="Unix seconds.")


class CreatedStream(Out):
    stream: StreamTotalsView
    agora: AgoraGrant


class StreamPage(Out):
    items: list[StreamView]
    next_cursor: str | None


class GiftPrice(Out):
    gift: str
    price_cents: int
    label: str = Field(description="The gift's name in words, e.g. Crystal ball.")
    icon: str = Field(description="An emoji shown with it.")


class GiftCatalog(Out):
    currency: str
    items: list[GiftPrice]
    confirm_above_cents: int = Field(description="A gift priced above this asks the viewer to confirm first.")


class GiftEvent(TypedDict):
    """The `gift` event a stream's audience (the reader included) receives over the WebSocket."""

    event: Literal["gift"]
    stream_id: str
    gift_id: str
    gift: str
    label: str
    icon: str
    from_name: str
    amount_cents: int
    from_user_id: str
    sent_at: str


class StreamChatEvent(TypedDict):
    """The `stream-chat` event a stream's audience receives over the WebSocket for each message."""

    event: Literal["stream-chat"]
    stream_id: str
    message_id: str
    user_id: str
    display_name: str
    role: str
    text: str
    sent_at: str


class JoinedStream(Out):
    stream: StreamTotalsView | StreamView
    agora: AgoraGrant
    counted: bool


class LeftStream(Out):
    stream_id: str
    left: bool
    viewer_count: int


class SentGift(Out):
    gift_id: str
    stream_id: str
    gift: str
    amount_cents: int
    reader_share_cents: int
    balance_cents: int
    sent_at: str
    replayed: bool


class ChatMessageView(Out):
    message_id: str
    stream_id: str
    user_id: str
    display_name: str = Field(description="The sender's display name (A viewer until they choose one).")
    role: str = Field(description="reader (the stream's own reader) or viewer.")
    text: str
    sent_at: str


class ChatPage(Out):
    items: list[ChatMessageView] = Field(description="The newest messages, oldest first.")
    max_chars: int = Field(description="The longest message accepted.")


class RemovedChatMessage(Out):
    stream_id: str
    message_id: str
    removed: bool = Field(description="False when it was gone already.")


class ChatMute(Out):
    stream_id: str
    user_id: str
    muted: bool


class ChatMutes(Out):
    stream_id: str
    user_ids: list[str] = Field(description="The viewers muted in this stream's chat.")


class RecentGift(Out):
    gift_id: str
    gift: str
    label: str
    icon: str
    from_user_id: str
    from_name: str
    amount_cents: int
    sent_at: str


class RecentGifts(Out):
    items: list[RecentGift] = Field(description="The newest gifts, newest first.")
