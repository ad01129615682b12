"""The connections store: one item per open WebSocket connection, naming the reading room (and the live
stream audience) it joined. The only module that imports its PynamoDB model."""

from __future__ import annotations

import time

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from soulseer.clock import utcnow
from soulseer.records import record
from soulseer.stores.binding import BoundTable

TTL_SECONDS = 2 * 3600 + 600  # API Gateway closes a connection after 2 hours


class ConnectionModel(Model):
    """An open WebSocket connection and the reading room it joined."""

    class Meta(BoundTable):
        table_setting = "CONNECTIONS_TABLE"

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    session_id = UnicodeAttribute(null=True)
    session_role = UnicodeAttribute(null=True)  # client | reader within that reading
    stream_id = UnicodeAttribute(null=True)  # the live stream audience it joined, if any
    connected_at = UTCDateTimeAttribute(default=utcnow)
    expires_at = NumberAttribute()  # TTL: API Gateway closes connections after 2 h


@record
class Connection:
    connection_id: str
    user_id: str
    role: str  # the user's role when they connected
    session_id: str | None = None
    session_role: str | None = None  # client | reader within that reading
    stream_id: str | None = None


def _connection(item: ConnectionModel) -> Connection:
    return Connection(item.connection_id, item.user_id, item.role, item.session_id, item.session_role, item.stream_id)


def open_connection(connection_id: str, user_id: str, role: str) -> None:
    ConnectionModel(connection_id, user_id=user_id, role=role, expires_at=int(time.time()) + TTL_SECONDS).save()


def find(connection_id: str) -> Connection | None:
    try:
        return _connection(ConnectionModel.get(connection_id, consistent_read=True))
    except ConnectionModel.DoesNotExist:
        return None


def forget(connection_id: str) -> None:
    ConnectionModel(connection_id).delete()


def enter_reading(connection_id: str, session_id: str, role: str) -> None:
    ConnectionModel(connection_id).update(
        actions=[ConnectionModel.session_id.set(session_id), ConnectionModel.session_role.set(role)]
    )


def set_stream(connection_id: str, stream_id: str | None) -> None:
    """The live stream audience the connection is in now (None: none)."""
    action = ConnectionModel.stream_id.remove() if stream_id is None else ConnectionModel.stream_id.set(stream_id)
    ConnectionModel(connection_id).update(actions=[action])
