"""Presence: a user's open WebSocket connections. A reader is online only while one of them is alive
(connected or heard from within the heartbeat window); after the last one goes, they are offline once
`PresenceGraceSeconds` have passed without a new one."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from soulseer.adapters import queue
from soulseer.adapters.push import push
from soulseer.config import PresenceSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.stores import presence as store
from soulseer.stores import users as readers_store
from soulseer.stores.presence import Presence

CONNECTION_TTL_SECONDS = 2 * 3600 + 600  # API Gateway closes a connection after 2 hours


@dataclass(frozen=True)
class PresenceRules:
    grace_seconds: int
    heartbeat_window_seconds: int  # a connection silent for longer is not alive


@lru_cache(maxsize=1)
def presence_rules() -> PresenceRules:
    env = settings_for(PresenceSettings)
    return PresenceRules(
        grace_seconds=env.PRESENCE_GRACE_SECONDS, heartbeat_window_seconds=env.HEARTBEAT_WINDOW_SECONDS
    )


def connected(user_id: str, connection_id: str, role: str) -> None:
    store.add(user_id, connection_id, role, int(time.time()), CONNECTION_TTL_SECONDS)


def heard_from(user_id: str, connection_id: str) -> None:
    """A heartbeat (or any sign of life) on the connection."""
    store.touch(user_id, connection_id, int(time.time()))


def disconnected(user_id: str, connection_id: str, role: str) -> None:
    """Forget the connection; a reader left without a live one is checked again after the grace."""
    store.remove(user_id, connection_id)
    if role == "reader" and not is_live(user_id):
        queue.send({"kind": "presence-check", "reader_id": user_id}, delay_seconds=presence_rules().grace_seconds)


def connections(user_id: str) -> list[Presence]:
    """The user's connections that API Gateway may still hold open (alive or silent)."""
    now = int(time.time())
    return [c for c in store.of_user(user_id) if c.expires_at > now]


def is_live(user_id: str) -> bool:
    cutoff = int(time.time()) - presence_rules().heartbeat_window_seconds
    return any(c.last_seen >= cutoff for c in connections(user_id))


def require_live(reader_id: str) -> None:
    if not is_live(reader_id):
        raise DomainError(ErrorCode.NO_PRESENCE_CONNECTION)


def push_to_user(user_id: str, message: Mapping[str, Any]) -> int:
    """Sends the event to every open connection of the user; returns how many took it."""
    delivered = 0
    for connection in connections(user_id):
        if push(connection.connection_id, message):
            delivered += 1
        else:
            store.remove(user_id, connection.connection_id)
    return delivered


def check_reader(reader_id: str, stays_online: Callable[[str], bool] | None = None) -> str:
    """Offline unless a connection is alive (or `stays_online` says so: a reader rung by push); busy readers
    stay busy (a reading's liveness is billing's)."""
    if is_live(reader_id) or (stays_online is not None and stays_online(reader_id)):
        return ReaderStatus.ONLINE
    return ReaderStatus.OFFLINE if readers_store.take_offline(reader_id) else "unchanged"


def sweep(stays_online: Callable[[str], bool] | None = None) -> list[str]:
    """Online readers whose connections all went silent without a $disconnect: offline once their last
    sign of life is older than the heartbeat window plus the grace. Returns the readers taken offline."""
    rules = presence_rules()
    cutoff = int(time.time()) - rules.heartbeat_window_seconds - rules.grace_seconds
    taken = []
    for reader in readers_store.online_readers():
        seen = [c.last_seen for c in connections(reader.reader_id)]
        if (not seen or max(seen) < cutoff) and check_reader(reader.reader_id, stays_online) == ReaderStatus.OFFLINE:
            taken.append(reader.reader_id)
    return taken


def announce_available(reader_id: str, previous: str) -> None:
    """The reader just became available (from offline or busy): favorites and waiting clients are told
    by the presence function, never inline."""
    queue.send({"kind": "reader-available", "reader_id": reader_id, "previous": previous})


def reader_freed(reader_id: str) -> None:
    """A reading ended and the reader is online again: announced if they are still here, otherwise
    checked after the grace (they may have closed the app during the reading)."""
    if is_live(reader_id):
        announce_available(reader_id, ReaderStatus.BUSY)
    else:
        queue.send({"kind": "presence-check", "reader_id": reader_id}, delay_seconds=presence_rules().grace_seconds)
