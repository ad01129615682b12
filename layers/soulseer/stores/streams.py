"""The streams aggregate's store: streams and their one-per-reader slot (the streams table), the audience
(WebSocket connections that get the events; viewers, counted while a connection of theirs is in it) and a
connection's current stream. The only importer of their PynamoDB models; the domain (soulseer.streams)
works with `Stream` records."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import size
from pynamodb.transactions import TransactWrite

from soulseer.conditional import applied
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import StreamStatus, sources
from soulseer.models import (
    StreamAudienceModel,
    StreamModel,
    StreamSlotModel,
    transactions_connection,
    utcnow,
)
from soulseer.pagination import newest_first
from soulseer.records import record
from soulseer.stores import connections

LIVE = StreamStatus.LIVE
SLOT_PREFIX = "slot#"
CONNECTION_PREFIX = "conn#"
_LIVE_CURSOR_KEYS = frozenset({"stream_id", "live_listing", "started_key"})
_RETRIES = 10


@record
class Stream:
    """A stream as stored: mapped once from its item."""

    stream_id: str
    reader_id: str
    reader_name: str | None
    title: str
    channel: str
    status: StreamStatus
    viewer_count: int
    gift_count: int
    gifts_cents: int
    reader_share_cents: int
    started_at: datetime
    ended_at: datetime | None


def _stream(item: StreamModel) -> Stream:
    return Stream(
        stream_id=item.stream_id,
        reader_id=item.reader_id,
        reader_name=item.reader_name,
        title=item.title,
        channel=item.channel,
        status=StreamStatus(item.status),
        viewer_count=int(item.viewer_count),
        gift_count=int(item.gift_count),
        gifts_cents=int(item.gifts_cents),
        reader_share_cents=int(item.reader_share_cents),
        started_at=item.started_at,
        ended_at=item.ended_at,
    )


def slot_key(reader_id: str) -> str:
    return f"{SLOT_PREFIX}{reader_id}"


def viewer_key(user_id: str) -> str:
    return f"viewer#{user_id}"


def connection_key(connection_id: str) -> str:
    return f"{CONNECTION_PREFIX}{connection_id}"


def _transact(build: Callable[[TransactWrite], None]) -> bool:
    """Runs one transaction; False when a condition refused it (conflicts are retried)."""
    for attempt in range(_RETRIES):
        try:
            with TransactWrite(connection=transactions_connection()) as transaction:
                build(transaction)
            return True
        except TransactWriteError as error:
            reasons = {reason.code for reason in error.cancellation_reasons if reason}
            if "TransactionConflict" not in reasons:
                if "ConditionalCheckFailed" not in reasons:
                    raise
                return False
            time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
    raise DomainError(ErrorCode.STREAM_BUSY)


# -- streams ------------------------------------------------------------------------------------------


def find(stream_id: str) -> Stream | None:
    if stream_id.startswith(SLOT_PREFIX):
        return None
    try:
        return _stream(StreamModel.get(stream_id, consistent_read=True))
    except StreamModel.DoesNotExist:
        return None


def go_live(reader_id: str, reader_name: str | None, stream_id: str, title: str, channel: str) -> Stream | None:
    """Writes the live stream and the reader's slot together; None when the reader is live already."""
    now = utcnow()
    item = StreamModel(
        stream_id,
        reader_id=reader_id,
        reader_name=reader_name,
        title=title,
        channel=channel,
        status=LIVE,
        live_listing=LIVE,
        started_key=f"{now.isoformat()}#{stream_id}",
        started_at=now,
    )

    def write(transaction: TransactWrite) -> None:
        transaction.save(
            StreamSlotModel(slot_key(reader_id), live_stream_id=stream_id),
            condition=StreamSlotModel.stream_id.does_not_exist(),
        )
        transaction.save(item, condition=StreamModel.stream_id.does_not_exist())

    return _stream(item) if _transact(write) else None


def live_stream_of(reader_id: str) -> str | None:
    try:
        return str(StreamSlotModel.get(slot_key(reader_id), consistent_read=True).live_stream_id)
    except StreamSlotModel.DoesNotExist:
        return None


def live_page(limit: int, cursor: str | None) -> tuple[list[Stream], str | None]:
    items, next_cursor = newest_first(StreamModel.live.query, LIVE, "live_listing", _LIVE_CURSOR_KEYS, limit, cursor)
    return [_stream(item) for item in items], next_cursor


def end(stream: Stream) -> bool:
    """Ends a live stream and frees its reader's slot; False when it was not live."""

    def write(transaction: TransactWrite) -> None:
        transaction.update(
            StreamModel(stream.stream_id),
            actions=[
                StreamModel.status.set(StreamStatus.ENDED),
                StreamModel.live_listing.remove(),
                StreamModel.ended_at.set(utcnow()),
            ],
            condition=StreamModel.status.is_in(*sources(StreamStatus.ENDED)),
        )
        transaction.delete(
            StreamSlotModel(slot_key(stream.reader_id)),
            condition=StreamSlotModel.stream_id.does_not_exist() | (StreamSlotModel.live_stream_id == stream.stream_id),
        )

    return _transact(write)


def gift_write(stream_id: str, price_cents: int, reader_share_cents: int) -> Callable[[Any], None]:
    """A gift's part of its ledger transaction: the stream's totals, only while it is live."""

    def record(transaction: Any) -> None:
        transaction.update(
            StreamModel(stream_id),
            actions=[
                StreamModel.gift_count.add(1),
                StreamModel.gifts_cents.add(price_cents),
                StreamModel.reader_share_cents.add(reader_share_cents),
            ],
            condition=StreamModel.status == LIVE,
        )

    return record


# -- viewers (counted) ----------------------------------------------------------------------------------
# A viewer counts while at least one of their connections is in the audience: two tabs count once, closing
# one keeps them counted, the last one leaving (or dropping) uncounts them. Each change of the count is one
# transaction with the viewer's item, conditioned on the set of connections it saw.


def count_connection(stream_id: str, user_id: str, connection_id: str) -> int | None:
    """The connection counts toward its user; the new viewer count when the user began counting (None when
    they were counted already or the stream is not live)."""
    for _ in range(_RETRIES):
        viewer = _viewer(stream_id, user_id)
        if viewer is not None:
            if connection_id in (viewer.connections or set()):
                return None
            if applied(
                lambda: StreamAudienceModel(stream_id, viewer_key(user_id)).update(
                    actions=[StreamAudienceModel.connections.add({connection_id})],
                    condition=StreamAudienceModel.member.exists(),
                )
            ):
                return None
            continue  # their last connection left meanwhile

        def write(transaction: TransactWrite) -> None:
            transaction.save(
                StreamAudienceModel(
                    stream_id, viewer_key(user_id), user_id=user_id, joined_at=utcnow(), connections={connection_id}
                ),
                condition=StreamAudienceModel.member.does_not_exist(),
            )
            transaction.update(
                StreamModel(stream_id), actions=[StreamModel.viewer_count.add(1)], condition=StreamModel.status == LIVE
            )

        if _transact(write):
            return _count(stream_id)
        stream = find(stream_id)
        if stream is None or stream.status != LIVE:
            return None
    raise DomainError(ErrorCode.STREAM_BUSY)


def uncount_connection(stream_id: str, user_id: str, connection_id: str) -> int | None:
    """The connection no longer counts; the new viewer count when it was the user's last one (else None)."""
    for _ in range(_RETRIES):
        viewer = _viewer(stream_id, user_id)
        connections = (viewer.connections or set()) if viewer is not None else set()
        if connection_id not in connections:
            return None
        if connections != {connection_id}:
            if applied(
                lambda: StreamAudienceModel(stream_id, viewer_key(user_id)).update(
                    actions=[StreamAudienceModel.connections.delete({connection_id})],
                    condition=StreamAudienceModel.connections.contains(connection_id)
                    & (size(StreamAudienceModel.connections) > 1),
                )
            ):
                return None
            continue

        def write(transaction: TransactWrite) -> None:
            transaction.delete(
                StreamAudienceModel(stream_id, viewer_key(user_id)),
                condition=StreamAudienceModel.connections.contains(connection_id)
                & (size(StreamAudienceModel.connections) == 1),
            )
            transaction.update(
                StreamModel(stream_id),
                actions=[StreamModel.viewer_count.add(-1)],
                condition=StreamModel.stream_id.exists(),
            )

        if _transact(write):
            return _count(stream_id)
    raise DomainError(ErrorCode.STREAM_BUSY)


def viewer_connections(stream_id: str, user_id: str) -> set[str]:
    viewer = _viewer(stream_id, user_id)
    return set(viewer.connections or set()) if viewer is not None else set()


def _viewer(stream_id: str, user_id: str) -> StreamAudienceModel | None:
    try:
        return StreamAudienceModel.get(stream_id, viewer_key(user_id), consistent_read=True)
    except StreamAudienceModel.DoesNotExist:
        return None


def _count(stream_id: str) -> int:
    stream = find(stream_id)
    return stream.viewer_count if stream is not None else 0


# -- the WebSocket audience -----------------------------------------------------------------------------


def add_connection(stream_id: str, connection_id: str, user_id: str, ttl_seconds: int) -> None:
    """The connection gets the stream's events; the connection record names the stream it is in."""
    StreamAudienceModel(
        stream_id,
        connection_key(connection_id),
        user_id=user_id,
        joined_at=utcnow(),
        expires_at=int(time.time()) + ttl_seconds,
    ).save()
    connections.set_stream(connection_id, stream_id)


def remove_connection(stream_id: str, connection_id: str, *, clear_record: bool = False) -> str | None:
    """The connection leaves the audience; `clear_record`: its record too. Returns its user (None when it
    had left already: only one remover goes on to uncount it)."""
    user_id = None
    try:
        member = StreamAudienceModel.get(stream_id, connection_key(connection_id), consistent_read=True)
    except StreamAudienceModel.DoesNotExist:
        member = None
    if member is not None and applied(lambda: member.delete(condition=StreamAudienceModel.member.exists())):
        user_id = member.user_id
    if clear_record:
        connections.set_stream(connection_id, None)
    return user_id


def stream_of_connection(connection_id: str) -> str | None:
    """The stream whose audience a (possibly closed) connection is in."""
    connection = connections.find(connection_id)
    return connection.stream_id if connection is not None else None


def connections_of(stream_id: str) -> list[str]:
    members = StreamAudienceModel.query(
        stream_id, StreamAudienceModel.member.startswith(CONNECTION_PREFIX), consistent_read=True
    )
    return [member.member[len(CONNECTION_PREFIX) :] for member in members]
