"""Ringable readers: a reader who turned "ring me when I'm away" on and has a live push subscription stays
requestable without an open tab; each request rings them by push. Requests that expire unanswered count
as missed rings; `RingMissLimit` of them in a row take the reader offline (answering starts again at 0)."""

from __future__ import annotations

import logging

from soulseer import presence
from soulseer.config import NotifySettings, settings_for
from soulseer.stores import notifications as store
from soulseer.stores import users as readers_store

log = logging.getLogger(__name__)


def ringable(reader_id: str) -> bool:
    prefs = store.preferences(reader_id)
    return prefs.ring_when_away and not prefs.push_off and store.has_subscription(reader_id)


def check_reader(reader_id: str) -> str:
    """The presence check for readers: offline after the grace unless live or ringable."""
    return presence.check_reader(reader_id, stays_online=ringable)


def sweep() -> list[str]:
    return presence.sweep(stays_online=ringable)


def answered(reader_id: str) -> None:
    if store.preferences(reader_id).missed_rings:
        store.set_flag(reader_id, missed_rings=0)


def missed(reader_id: str, session_id: str) -> str:
    """Counts a missed ring; at the limit a reader with no open app goes offline (the count restarts)."""
    count = store.add_missed_ring(reader_id)
    limit = settings_for(NotifySettings).RING_MISS_LIMIT
    log.info("Missed ring", extra={"reader_id": reader_id, "session_id": session_id, "missed": count})
    if count < limit or presence.is_live(reader_id):
        return "counted"
    store.set_flag(reader_id, missed_rings=0)
    return "offline" if readers_store.take_offline(reader_id) else "counted"
