"""A stream's life: a reader goes live (one stream at a time), viewers join and leave, the owner ends it."""

from __future__ import annotations

import secrets
import uuid

from soulseer import readers
from soulseer.adapters import agora
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import StreamStatus
from soulseer.schemas.streams import (
    AgoraGrant,
    CreatedStream,
    JoinedStream,
    LeftStream,
    StreamPage,
    StreamTotalsView,
    StreamView,
)
from soulseer.stores import streams as store
from soulseer.stores.streams import Stream
from soulseer.streams import audience
from soulseer.streams.audience import load

LIVE = StreamStatus.LIVE
PREVIEW_PREFIX = "preview:"  # the uid of a signed-out visitor's token derives from this, not from a user id


def view(stream: Stream) -> StreamView:
    return StreamView(
        stream_id=stream.stream_id,
        reader_id=stream.reader_id,
        reader_name=stream.reader_name or "A reader",
        title=stream.title,
        status=stream.status,
        channel=stream.channel,
        viewer_count=stream.viewer_count,
        gift_count=stream.gift_count,
        started_at=stream.started_at.isoformat(),
        ended_at=stream.ended_at.isoformat() if stream.ended_at else None,
    )


def totals_view(stream: Stream) -> StreamTotalsView:
    """The stream with its takings: for its reader, admins, and the stream page."""
    return StreamTotalsView(
        **dict(view(stream)), gifts_cents=stream.gifts_cents, reader_share_cents=stream.reader_share_cents
    )


def _grant(grant: agora.RtcGrant) -> AgoraGrant:
    return AgoraGrant(**grant.to_dict())


def _reader_name(reader_id: str) -> str | None:
    """The display name a stream carries; a suspended reader cannot go live (403 `reader_suspended`)."""
    profile = readers.find_item(reader_id)
    if profile is None:
        return None
    if profile.suspended_at is not None:
        raise DomainError(ErrorCode.READER_SUSPENDED)
    return str(profile.display_name)


def create_stream(reader_id: str, title: str) -> CreatedStream:
    """The reader goes live: a new Agora channel and a publisher token for the reader's uid."""
    stream_id = f"str_{uuid.uuid4().hex}"
    channel = f"soulseer_{stream_id}"
    reader_name = _reader_name(reader_id)
    grant = agora.rtc_grant(channel, reader_id, "publisher")  # before writing: no stream without a token
    stream = store.go_live(reader_id, reader_name, stream_id, title, channel)
    if stream is None:
        current = store.live_stream_of(reader_id)
        raise DomainError(ErrorCode.ALREADY_LIVE, details={"stream_id": current} if current else None)
    return CreatedStream(stream=totals_view(stream), agora=_grant(grant))


def live_stream_id(reader_id: str) -> str | None:
    return store.live_stream_of(reader_id)


def get_stream(stream_id: str) -> StreamTotalsView:
    """The stream with its gift totals (kept on the stream item by each gift's transaction), so a reloaded
    page of an ended stream shows them; the amounts are public already (every gift event carries one)."""
    return totals_view(load(stream_id))


def live_streams(limit: int, cursor: str | None) -> StreamPage:
    items, next_cursor = store.live_page(limit, cursor)
    return StreamPage(items=[view(item) for item in items], next_cursor=next_cursor)


def join_stream(stream_id: str, user_id: str) -> JoinedStream:
    """A viewer gets a subscriber token (joining again renews it); the owner a fresh publisher token. The
    viewer is counted while a WebSocket connection of theirs is in the stream's audience (`join-stream`):
    once however many tabs they have open, until the last one leaves or drops."""
    stream = load(stream_id)
    if stream.status != LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    if user_id == stream.reader_id:
        grant = agora.rtc_grant(stream.channel, user_id, "publisher")
        return JoinedStream(stream=totals_view(stream), agora=_grant(grant), counted=False)
    grant = agora.rtc_grant(stream.channel, user_id, "subscriber")
    return JoinedStream(stream=view(stream), agora=_grant(grant), counted=True)


def preview_stream(stream_id: str) -> JoinedStream:
    """A signed-out visitor's subscriber token (an anonymous uid of its own, never a user's): they watch the
    stream, read the chat and the gifts, and sign in to take part. Not counted: no connection of theirs
    is in the audience."""
    stream = load(stream_id)
    if stream.status != LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    grant = agora.rtc_grant(stream.channel, f"{PREVIEW_PREFIX}{secrets.token_hex(8)}", "subscriber")
    return JoinedStream(stream=view(stream), agora=_grant(grant), counted=False)


def leave_stream(stream_id: str, user_id: str) -> LeftStream:
    """Every connection of the caller leaves the audience, so they stop counting; leaving twice (or without
    joining) changes nothing."""
    load(stream_id)
    left = audience.leave_everywhere(stream_id, user_id)
    return LeftStream(stream_id=stream_id, left=left, viewer_count=load(stream_id).viewer_count)


def end_stream(stream_id: str, user_id: str, role: str) -> StreamTotalsView:
    """The owner (or an admin) ends the stream; ending an ended stream returns it as it is."""
    stream = load(stream_id)
    if stream.reader_id != user_id and role != "admin":
        raise DomainError(ErrorCode.FORBIDDEN, "Only the stream's reader or an admin can end it.")
    if stream.status == LIVE and store.end(stream):
        stream = load(stream_id)
        audience.broadcast(stream_id, {"event": "stream-ended", "stream": view(stream).model_dump(mode="json")})
    return totals_view(load(stream_id))
