"""Admins suspend, reinstate and re-rate readers. A suspended reader is offline, out of the public list
and profile (listing `suspended`), cannot go online or live; their waiting requests and any reading or
stream in progress are ended (the clients are told by the usual events)."""

from __future__ import annotations

from soulseer import readers
from soulseer.admin import actions
from soulseer.admin.actions import ActionKind
from soulseer.admin.users import reader_view, reader_view_of
from soulseer.errors import DomainError, ErrorCode
from soulseer.reader_inputs import Rates
from soulseer.readings import lifecycle
from soulseer.schemas.console import AdminReaderView
from soulseer.stores import readings as readings_store
from soulseer.stores import users as user_store
from soulseer.stores.users import ReaderProfile
from soulseer.streams import lifecycle as streams

SUSPENDED = "suspended"  # the listing value that keeps a reader out of the by-rating index's partition
_RECENT_SESSIONS = 100  # a reader's open readings are among their newest


def _load(reader_id: str) -> ReaderProfile:
    item = readers.find_item(reader_id)
    if item is None:
        raise DomainError(ErrorCode.READER_NOT_FOUND)
    return item


def _view(reader_id: str) -> AdminReaderView:
    found = reader_view(reader_id)
    assert found is not None
    return found


def suspend(admin_id: str, reader_id: str, reason: str) -> AdminReaderView:
    item = _load(reader_id)
    if item.suspended_at is None:
        entry = actions.record(
            admin_id, ActionKind.READER_SUSPENDED, target_id=reader_id, reason=reason, details={"was": item.status}
        )
        change = user_store.suspension_write(reader_id, entry.at, reason, listing=SUSPENDED)
        actions.commit(change, entry)  # False: suspended meanwhile by another admin, logged there
    _end_open_work(reader_id)
    return _view(reader_id)


def _end_open_work(reader_id: str) -> None:
    """Waiting requests are cancelled and a reading in progress ended (both participants are told); a live
    stream is ended for its audience."""
    for session in readings_store.open_of_reader(reader_id, _RECENT_SESSIONS):
        lifecycle.end_reading(session.session_id, "reader_suspended")
    live = streams.live_stream_id(reader_id)
    if live is not None:
        streams.end_stream(live, reader_id, "admin")


def reinstate(admin_id: str, reader_id: str, reason: str) -> AdminReaderView:
    """Listed again and free to go online (they stay offline until they do)."""
    item = _load(reader_id)
    if item.suspended_at is not None:
        entry = actions.record(admin_id, ActionKind.READER_REINSTATED, target_id=reader_id, reason=reason)
        actions.commit(user_store.suspension_write(reader_id, entry.at, None, listing=readers.LISTING), entry)
    return _view(reader_id)


def set_rates(admin_id: str, reader_id: str, rates: Rates, reason: str) -> AdminReaderView:
    """New per-minute rates (within the configured bounds); readings already requested keep theirs."""
    readers.check_rates(rates)
    item = _load(reader_id)
    before = {
        "chat_cents": int(item.rate_chat_cents),
        "voice_cents": int(item.rate_voice_cents),
        "video_cents": int(item.rate_video_cents),
    }
    after = rates.model_dump()
    if before == after:
        return _view(reader_id)
    entry = actions.record(
        admin_id,
        ActionKind.READER_RATES_CHANGED,
        target_id=reader_id,
        reason=reason,
        details={"from": before, "to": after},
    )
    change = user_store.rates_write(
        reader_id,
        (rates.chat_cents, rates.voice_cents, rates.video_cents),
        readers.price_rank(rates.chat_cents, rates.voice_cents, rates.video_cents, reader_id),
        was=(before["chat_cents"], before["voice_cents"], before["video_cents"]),
    )
    if not actions.commit(change, entry):
        raise DomainError(ErrorCode.READER_CHANGED)
    return _view(reader_id)


def all_readers() -> list[AdminReaderView]:
    """Every reader with a profile, suspended ones first, then the listed by rating."""
    found: list[AdminReaderView] = []
    for listing in (SUSPENDED, readers.LISTING):
        for item in user_store.readers_in_listing(listing):
            found.append(reader_view_of(item))
    return found
