"""A stream's WebSocket audience: `join-stream` / `leave-stream` actions, and events broadcast to it."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aws_lambda_powertools import Logger

from soulseer.adapters.push import push
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import StreamStatus
from soulseer.models import StreamAudienceModel, StreamModel, utcnow
from soulseer.stores import connections
from soulseer.stores.connections import Connection

CONNECTION_PREFIX = "conn#"
MEMBER_TTL_SECONDS = 2 * 3600 + 600  # API Gateway closes a connection after 2 hours
PUSH_WORKERS = 16
logger = Logger(child=True)


def connection_key(connection_id: str) -> str:
    return f"{CONNECTION_PREFIX}{connection_id}"


def _stream_id(message: dict[str, Any]) -> str:
    stream_id = message.get("stream_id")
    if not isinstance(stream_id, str) or not stream_id or len(stream_id) > 128 or stream_id.startswith("slot#"):
        raise DomainError(ErrorCode.INVALID_MESSAGE, "stream_id is required.")
    return stream_id


def _forget(stream_id: str, connection_id: str) -> None:
    StreamAudienceModel(stream_id, connection_key(connection_id)).delete()  # a no-op when already gone


def join_stream(connection: Connection, message: dict[str, Any]) -> None:
    """The connection receives the stream's events (gifts, the end) until it leaves or disconnects."""
    stream_id = _stream_id(message)
    try:
        stream = StreamModel.get(stream_id, consistent_read=True)
    except StreamModel.DoesNotExist:
        raise DomainError(ErrorCode.STREAM_NOT_FOUND) from None
    if stream.status != StreamStatus.LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    if connection.stream_id and connection.stream_id != stream_id:
        _forget(connection.stream_id, connection.connection_id)
    StreamAudienceModel(
        stream_id,
        connection_key(connection.connection_id),
        user_id=connection.user_id,
        joined_at=utcnow(),
        expires_at=int(time.time()) + MEMBER_TTL_SECONDS,
    ).save()
    connections.set_stream(connection.connection_id, stream_id)
    push(
        connection.connection_id,
        {
            "event": "stream-joined",
            "stream_id": stream_id,
            "role": "reader" if connection.user_id == stream.reader_id else "viewer",
            "viewer_count": int(stream.viewer_count),
        },
    )


def leave_stream(connection: Connection, message: dict[str, Any]) -> None:
    stream_id = _stream_id(message)
    if connection.stream_id != stream_id:
        raise DomainError(ErrorCode.NOT_IN_STREAM, "This connection is not in that stream's audience.")
    _forget(stream_id, connection.connection_id)
    connections.set_stream(connection.connection_id, None)
    push(connection.connection_id, {"event": "stream-left", "stream_id": stream_id})


def forget_connection(connection_id: str) -> None:
    """$disconnect: the closed connection leaves whatever audience it was in."""
    connection = connections.find(connection_id)
    if connection is not None and connection.stream_id:
        _forget(connection.stream_id, connection_id)


def connections_of(stream_id: str) -> list[str]:
    members = StreamAudienceModel.query(
        stream_id, StreamAudienceModel.member.startswith(CONNECTION_PREFIX), consistent_read=True
    )
    return [member.member[len(CONNECTION_PREFIX) :] for member in members]


def broadcast(stream_id: str, message: dict[str, Any]) -> int:
    """Pushes one event to every connection in the audience (in parallel); gone ones leave it.
    Returns how many connections received it."""
    connection_ids = connections_of(stream_id)
    if not connection_ids:
        return 0

    def deliver(connection_id: str) -> bool:
        try:
            delivered = push(connection_id, message)
        except Exception:  # one failed push must not fail the others (the money has moved already)
            logger.exception("Push to a stream connection failed", extra={"connection_id": connection_id})
            return False
        if not delivered:
            _forget(stream_id, connection_id)
        return delivered

    with ThreadPoolExecutor(max_workers=min(PUSH_WORKERS, len(connection_ids))) as pool:
        return sum(pool.map(deliver, connection_ids))


ACTIONS: dict[str, Callable[[Connection, dict[str, Any]], None]] = {
    "join-stream": join_stream,
    "leave-stream": leave_stream,
}


def register(actions: dict[str, Callable[[Connection, dict[str, Any]], None]]) -> None:
    """Adds the stream actions to the WebSocket action registry (soulseer.readings.room.ACTIONS)."""
    actions.update(ACTIONS)
