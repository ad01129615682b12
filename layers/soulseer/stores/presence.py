"""The presence table: one item per open WebSocket connection of a user, kept by user so all of them are
found with one query. The only importer of its PynamoDB model; soulseer.presence works with `Presence`."""

from __future__ import annotations

from soulseer.conditional import applied
from soulseer.models import PresenceModel
from soulseer.records import record


@record
class Presence:
    user_id: str
    connection_id: str
    role: str
    last_seen: int  # epoch seconds of the connect or the last heartbeat
    expires_at: int  # TTL: API Gateway closes connections after 2 h


def add(user_id: str, connection_id: str, role: str, now: int, ttl_seconds: int) -> None:
    PresenceModel(user_id, connection_id, role=role, last_seen=now, expires_at=now + ttl_seconds).save()


def touch(user_id: str, connection_id: str, now: int) -> bool:
    """The connection was heard from; False when it is gone."""
    return applied(
        lambda: PresenceModel(user_id, connection_id).update(
            actions=[PresenceModel.last_seen.set(now)], condition=PresenceModel.connection_id.exists()
        )
    )


def remove(user_id: str, connection_id: str) -> None:
    PresenceModel(user_id, connection_id).delete()  # a no-op when already gone


def of_user(user_id: str) -> list[Presence]:
    return [
        Presence(item.user_id, item.connection_id, item.role, int(item.last_seen), int(item.expires_at))
        for item in PresenceModel.query(user_id, consistent_read=True)
    ]
