"""A stream's life: a reader goes live (one stream at a time), viewers join and leave, the owner ends it."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from soulseer.adapters import agora
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import StreamStatus
from soulseer.models import (
    ReaderProfileModel,
    StreamAudienceModel,
    StreamModel,
    StreamSlotModel,
    transactions_connection,
    utcnow,
)
from soulseer.pagination import newest_first
from soulseer.schemas.streams import (
    AgoraGrant,
    CreatedStream,
    JoinedStream,
    LeftStream,
    StreamPage,
    StreamTotalsView,
    StreamView,
)
from soulseer.streams import audience

LIVE = StreamStatus.LIVE
_LIVE_CURSOR_KEYS = frozenset({"stream_id", "live_listing", "started_key"})
_RETRIES = 10


def slot_key(reader_id: str) -> str:
    return f"slot#{reader_id}"


def viewer_key(user_id: str) -> str:
    return f"viewer#{user_id}"


def load(stream_id: str) -> StreamModel:
    if stream_id.startswith("slot#"):
        raise DomainError(ErrorCode.STREAM_NOT_FOUND)
    try:
        return StreamModel.get(stream_id, consistent_read=True)
    except StreamModel.DoesNotExist:
        raise DomainError(ErrorCode.STREAM_NOT_FOUND) from None


def _fields(stream: StreamModel) -> dict[str, Any]:
    return {
        "stream_id": stream.stream_id,
        "reader_id": stream.reader_id,
        "reader_name": stream.reader_name,
        "title": stream.title,
        "status": StreamStatus(stream.status),
        "channel": stream.channel,
        "viewer_count": int(stream.viewer_count),
        "gift_count": int(stream.gift_count),
        "started_at": stream.started_at.isoformat(),
        "ended_at": stream.ended_at.isoformat() if stream.ended_at else None,
    }


def view(stream: StreamModel) -> StreamView:
    return StreamView(**_fields(stream))


def totals_view(stream: StreamModel) -> StreamTotalsView:
    """The stream with its takings: for its reader, admins, and the stream page."""
    return StreamTotalsView(
        **_fields(stream), gifts_cents=int(stream.gifts_cents), reader_share_cents=int(stream.reader_share_cents)
    )


def _grant(grant: agora.RtcGrant) -> AgoraGrant:
    return AgoraGrant(**grant.to_dict())


def _transact(build: Callable[[TransactWrite], None]) -> set[str]:
    """Runs one transaction; returns the cancellation reasons of a refusal (empty when it committed)."""
    for attempt in range(_RETRIES):
        try:
            with TransactWrite(connection=transactions_connection()) as transaction:
                build(transaction)
            return set()
        except TransactWriteError as error:
            reasons = {reason.code for reason in error.cancellation_reasons if reason}
            if "TransactionConflict" not in reasons:
                if "ConditionalCheckFailed" not in reasons:
                    raise
                return reasons
            time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
    raise DomainError(ErrorCode.STREAM_BUSY)


def _reader_name(reader_id: str) -> str | None:
    """The display name a stream carries; a suspended reader cannot go live (403 `reader_suspended`)."""
    try:
        profile = ReaderProfileModel.get(reader_id, consistent_read=True)
    except ReaderProfileModel.DoesNotExist:
        return None
    if profile.suspended_at is not None:
        raise DomainError(ErrorCode.READER_SUSPENDED)
    return str(profile.display_name)


def create_stream(reader_id: str, title: str) -> CreatedStream:
    """The reader goes live: a new Agora channel and a publisher token for the reader's uid."""
    now = utcnow()
    stream_id = f"str_{uuid.uuid4().hex}"
    stream = StreamModel(
        stream_id,
        reader_id=reader_id,
        reader_name=_reader_name(reader_id),
        title=title,
        channel=f"soulseer_{stream_id}",
        status=LIVE,
        live_listing=LIVE,
        started_key=f"{now.isoformat()}#{stream_id}",
        started_at=now,
    )
    grant = agora.rtc_grant(stream.channel, reader_id, "publisher")  # before writing: no stream without a token

    def write(transaction: TransactWrite) -> None:
        transaction.save(
            StreamSlotModel(slot_key(reader_id), live_stream_id=stream_id),
            condition=StreamSlotModel.stream_id.does_not_exist(),
        )
        transaction.save(stream, condition=StreamModel.stream_id.does_not_exist())

    if _transact(write):
        current = _live_stream_of(reader_id)
        raise DomainError(ErrorCode.ALREADY_LIVE, details=current)
    return CreatedStream(stream=totals_view(stream), agora=_grant(grant))


def _live_stream_of(reader_id: str) -> dict[str, str] | None:
    try:
        return {"stream_id": StreamSlotModel.get(slot_key(reader_id), consistent_read=True).live_stream_id}
    except StreamSlotModel.DoesNotExist:
        return None


def live_stream_id(reader_id: str) -> str | None:
    live = _live_stream_of(reader_id)
    return live["stream_id"] if live else None


def get_stream(stream_id: str) -> StreamTotalsView:
    """The stream with its gift totals (kept on the stream item by each gift's transaction), so a reloaded
    page of an ended stream shows them; the amounts are public already (every gift event carries one)."""
    return totals_view(load(stream_id))


def live_streams(limit: int, cursor: str | None) -> StreamPage:
    items, next_cursor = newest_first(StreamModel.live.query, LIVE, "live_listing", _LIVE_CURSOR_KEYS, limit, cursor)
    return StreamPage(items=[view(item) for item in items], next_cursor=next_cursor)


def join_stream(stream_id: str, user_id: str) -> JoinedStream:
    """A viewer gets a subscriber token and is counted once however often they join (joining again renews
    the token); the owner gets a fresh publisher token and is not counted."""
    stream = load(stream_id)
    if stream.status != LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    if user_id == stream.reader_id:
        grant = agora.rtc_grant(stream.channel, user_id, "publisher")
        return JoinedStream(stream=totals_view(stream), agora=_grant(grant), counted=False)
    grant = agora.rtc_grant(stream.channel, user_id, "subscriber")

    def write(transaction: TransactWrite) -> None:
        transaction.save(
            StreamAudienceModel(stream_id, viewer_key(user_id), user_id=user_id, joined_at=utcnow()),
            condition=StreamAudienceModel.member.does_not_exist(),
        )
        transaction.update(
            StreamModel(stream_id),
            actions=[StreamModel.viewer_count.add(1)],
            condition=StreamModel.status == LIVE,
        )

    counted = not _transact(write)
    stream = load(stream_id)
    if not counted and (stream.status != LIVE or not _is_viewer(stream_id, user_id)):
        raise DomainError(ErrorCode.STREAM_ENDED)
    if counted:
        _announce_viewers(stream_id, int(stream.viewer_count))
    return JoinedStream(stream=view(stream), agora=_grant(grant), counted=counted)


def _is_viewer(stream_id: str, user_id: str) -> bool:
    try:
        StreamAudienceModel.get(stream_id, viewer_key(user_id), consistent_read=True)
        return True
    except StreamAudienceModel.DoesNotExist:
        return False


def leave_stream(stream_id: str, user_id: str) -> LeftStream:
    """The viewer stops counting; leaving twice (or without joining) changes nothing."""
    load(stream_id)

    def write(transaction: TransactWrite) -> None:
        transaction.delete(
            StreamAudienceModel(stream_id, viewer_key(user_id)),
            condition=StreamAudienceModel.member.exists(),
        )
        transaction.update(
            StreamModel(stream_id),
            actions=[StreamModel.viewer_count.add(-1)],
            condition=StreamModel.stream_id.exists(),
        )

    left = not _transact(write)
    viewer_count = int(load(stream_id).viewer_count)
    if left:
        _announce_viewers(stream_id, viewer_count)
    return LeftStream(stream_id=stream_id, left=left, viewer_count=viewer_count)


def _announce_viewers(stream_id: str, viewer_count: int) -> None:
    """The audience (the reader's page too) follows the count live instead of polling the stream."""
    audience.broadcast(stream_id, {"event": "stream-viewers", "stream_id": stream_id, "viewer_count": viewer_count})


def end_stream(stream_id: str, user_id: str, role: str) -> StreamTotalsView:
    """The owner (or an admin) ends the stream; ending an ended stream returns it as it is."""
    stream = load(stream_id)
    if stream.reader_id != user_id and role != "admin":
        raise DomainError(ErrorCode.FORBIDDEN, "Only the stream's reader or an admin can end it.")
    if stream.status == LIVE:

        def write(transaction: TransactWrite) -> None:
            transaction.update(
                StreamModel(stream_id),
                actions=[
                    StreamModel.status.set(StreamStatus.ENDED),
                    StreamModel.live_listing.remove(),
                    StreamModel.ended_at.set(utcnow()),
                ],
                condition=StreamModel.status == LIVE,
            )
            transaction.delete(
                StreamSlotModel(slot_key(stream.reader_id)),
                condition=StreamSlotModel.stream_id.does_not_exist() | (StreamSlotModel.live_stream_id == stream_id),
            )

        if not _transact(write):
            stream = load(stream_id)
            audience.broadcast(stream_id, {"event": "stream-ended", "stream": view(stream).model_dump(mode="json")})
    return totals_view(load(stream_id))
