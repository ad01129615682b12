"""Live streams, Agora grants and gifts."""

from __future__ import annotations

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
