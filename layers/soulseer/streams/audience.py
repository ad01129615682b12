"""A stream's WebSocket audience: `join-stream` / `leave-stream` actions, and events broadcast to it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from aws_lambda_powertools import Logger

from soulseer.adapters.push import push
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import StreamStatus
from soulseer.logs import SERVICE
from soulseer.stores import streams as store
from soulseer.stores.streams import Stream

MEMBER_TTL_SECONDS = 2 * 3600 + 600  # API Gateway closes a connection after 2 hours
PUSH_WORKERS = 16
logger = Logger(service=SERVICE, child=True)


class Connection(Protocol):
    """The WebSocket connection an action arrives on (the room's connection record)."""

    @property
    def connection_id(self) -> str: ...

    @property
    def user_id(self) -> str: ...

    @property
    def stream_id(self) -> str | None: ...


C = TypeVar("C", bound=Connection)


def load(stream_id: str) -> Stream:
    """The stream as stored (404 `stream_not_found`): for the WebSocket and the API alike."""
    stream = store.find(stream_id)
    if stream is None:
        raise DomainError(ErrorCode.STREAM_NOT_FOUND)
    return stream


def _stream_id(message: dict[str, Any]) -> str:
    stream_id = message.get("stream_id")
    if not isinstance(stream_id, str) or not stream_id or len(stream_id) > 128 or stream_id.startswith("slot#"):
        raise DomainError(ErrorCode.INVALID_MESSAGE, "stream_id is required.")
    return stream_id


def join_stream(connection: Connection, message: dict[str, Any]) -> None:
    """The connection receives the stream's events (gifts, the end) until it leaves or disconnects."""
    stream_id = _stream_id(message)
    stream = store.find(stream_id)
    if stream is None:
        raise DomainError(ErrorCode.STREAM_NOT_FOUND)
    if stream.status != StreamStatus.LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    if connection.stream_id and connection.stream_id != stream_id:
        _leave(connection.stream_id, connection.connection_id)
    store.add_connection(stream_id, connection.connection_id, connection.user_id, MEMBER_TTL_SECONDS)
    is_reader = connection.user_id == stream.reader_id
    counted = None if is_reader else store.count_connection(stream_id, connection.user_id, connection.connection_id)
    push(
        connection.connection_id,
        {
            "event": "stream-joined",
            "stream_id": stream_id,
            "role": "reader" if is_reader else "viewer",
            "viewer_count": stream.viewer_count if counted is None else counted,
        },
    )
    if counted is not None:
        announce_viewers(stream_id, counted)


def leave_stream(connection: Connection, message: dict[str, Any]) -> None:
    stream_id = _stream_id(message)
    if connection.stream_id != stream_id:
        raise DomainError(ErrorCode.NOT_IN_STREAM, "This connection is not in that stream's audience.")
    _leave(stream_id, connection.connection_id, clear_record=True)
    push(connection.connection_id, {"event": "stream-left", "stream_id": stream_id})


def forget_connection(connection_id: str) -> None:
    """$disconnect: the closed connection leaves whatever audience it was in."""
    stream_id = store.stream_of_connection(connection_id)
    if stream_id:
        _leave(stream_id, connection_id)


def _leave(stream_id: str, connection_id: str, *, clear_record: bool = False, announce: bool = True) -> int | None:
    """The connection leaves the audience; its user stops counting when it was their last one there (the
    audience hears the new count). Returns that count, or None when it did not change."""
    user_id = store.remove_connection(stream_id, connection_id, clear_record=clear_record)
    count = store.uncount_connection(stream_id, user_id, connection_id) if user_id else None
    if count is not None and announce:
        announce_viewers(stream_id, count)
    return count


def leave_everywhere(stream_id: str, user_id: str) -> bool:
    """Every connection of the user leaves the stream's audience (REST `leave`); False when none was in it."""
    connections = store.viewer_connections(stream_id, user_id)
    for connection_id in connections:
        _leave(stream_id, connection_id, clear_record=True)
    return bool(connections)


def announce_viewers(stream_id: str, viewer_count: int) -> None:
    """The audience (the reader's page too) follows the count live instead of polling the stream."""
    broadcast(stream_id, {"event": "stream-viewers", "stream_id": stream_id, "viewer_count": viewer_count})


def connections_of(stream_id: str) -> list[str]:
    return store.connections_of(stream_id)


def broadcast(stream_id: str, message: Mapping[str, Any]) -> int:
    """Pushes one event to every connection in the audience (in parallel); gone ones leave it.
    Returns how many connections received it."""
    connection_ids = connections_of(stream_id)
    if not connection_ids:
        return 0
    payload = dict(message)
    gone: list[int | None] = []

    def deliver(connection_id: str) -> bool:
        try:
            delivered = push(connection_id, payload)
        except Exception:  # one failed push must not fail the others (the money has moved already)
            logger.exception("Push to a stream connection failed", extra={"connection_id": connection_id})
            return False
        if not delivered:  # a dropped socket: it leaves, and its viewer stops counting if it was their last
            gone.append(_leave(stream_id, connection_id, announce=False))
        return delivered

    with ThreadPoolExecutor(max_workers=min(PUSH_WORKERS, len(connection_ids))) as pool:
        received = sum(pool.map(deliver, connection_ids))
    stream = store.find(stream_id) if any(count is not None for count in gone) else None
    if stream is not None:
        announce_viewers(stream_id, stream.viewer_count)
    return received


ACTIONS: dict[str, Callable[[Connection, dict[str, Any]], None]] = {
    "join-stream": join_stream,
    "leave-stream": leave_stream,
}


def register(actions: MutableMapping[str, Callable[[C, dict[str, Any]], None]]) -> None:
    """Adds the stream actions to the WebSocket action registry (soulseer.readings.room.ACTIONS)."""
    actions.update(ACTIONS)
