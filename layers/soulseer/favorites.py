"""Favorites and "notify me when free": a client's watches on readers, and the fan-out that tells them
when a reader becomes available (run by the presence function from the queue, a page at a time)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from soulseer import notify, presence, readers
from soulseer.adapters import queue
from soulseer.clock import utcnow
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.stores import notifications
from soulseer.stores import users as store
from soulseer.stores.users import FAVORITE, NOTIFY, NotifyRefused, ReaderProfile

if TYPE_CHECKING:  # the schemas load with the API's calls; the presence function only fans out
    from soulseer.schemas.readers import FavoriteReader, FavoriteState, NotifyState

MAX_PENDING_NOTIFY = 5
MAX_FAVORITES = 500
FAN_OUT_PAGE = 100  # watchers per queue message; more continue in a new message


def add_favorite(client_id: str, reader_id: str) -> FavoriteState:
    from soulseer.schemas.readers import FavoriteState

    readers.get_reader(reader_id)  # 404 for an unknown reader
    if client_id == reader_id:
        raise DomainError(ErrorCode.SELF_FAVORITE)
    if store.count_favorites(client_id) >= MAX_FAVORITES:
        raise DomainError(ErrorCode.TOO_MANY_FAVORITES, f"You can keep at most {MAX_FAVORITES} favorites.")
    store.add_favorite(client_id, reader_id)
    return FavoriteState(reader_id=reader_id, favorited=True)


def remove_favorite(client_id: str, reader_id: str) -> FavoriteState:
    from soulseer.schemas.readers import FavoriteState

    store.remove_favorite(client_id, reader_id)
    return FavoriteState(reader_id=reader_id, favorited=False)


def list_favorites(client_id: str) -> list[FavoriteReader]:
    """The client's favorites with each reader's live status, newest favorite first."""
    from soulseer.reader_inputs import Rates
    from soulseer.schemas.readers import FavoriteReader, ReaderRating

    favorites = store.favorites_of(client_id)
    profiles = store.readers_by_id([favorite.reader_id for favorite in favorites])
    listed = []
    for favorite in favorites:
        if favorite.reader_id not in profiles:
            continue
        reader = readers.to_public(profiles[favorite.reader_id])
        listed.append(
            FavoriteReader(
                reader_id=reader.reader_id,
                display_name=reader.display_name,
                avatar_url=reader.avatar_url,
                specialties=reader.specialties,
                rates=Rates(**reader.rates.model_dump()),
                status=reader.status,
                rating=ReaderRating(count=reader.rating.count, average=reader.rating.average),
                favorited_at=favorite.created_at.isoformat(),
            )
        )
    return listed


def notify_when_free(client_id: str, reader_id: str) -> NotifyState:
    """One `reader-available` push when a busy or offline reader next becomes available."""
    reader = readers.get_reader(reader_id)
    if reader.status == ReaderStatus.ONLINE:
        raise DomainError(ErrorCode.READER_AVAILABLE)
    try:
        store.add_notify(client_id, reader_id, MAX_PENDING_NOTIFY)
    except NotifyRefused as refused:
        if refused.already:
            return _pending_view(reader_id, True)  # asked already: still one push
        raise DomainError(
            ErrorCode.TOO_MANY_NOTIFY_REQUESTS,
            f"You can wait for at most {MAX_PENDING_NOTIFY} readers at a time.",
            details={"max": MAX_PENDING_NOTIFY},
        ) from None
    return _pending_view(reader_id, True)


def cancel_notify(client_id: str, reader_id: str) -> NotifyState:
    _spend(client_id, reader_id)
    return _pending_view(reader_id, False)


def _pending_view(reader_id: str, pending: bool) -> NotifyState:
    from soulseer.schemas.readers import NotifyState

    return NotifyState(reader_id=reader_id, pending=pending)


def _spend(client_id: str, reader_id: str) -> bool:
    """Removes a pending notify-when-free request; True only for the one call that removed it."""
    return store.spend_notify(client_id, reader_id)


def on_available(reader_id: str, previous: str) -> None:
    """A reader became available: waiting clients get `reader-available` (then their request is spent);
    favoriting clients get `reader-online` when the reader came from offline."""
    fan_out(reader_id, NOTIFY, None)
    if previous == ReaderStatus.OFFLINE:
        fan_out(reader_id, FAVORITE, None)


def fan_out(reader_id: str, kind: str, cursor: dict[str, Any] | None) -> int:
    """One page of watchers; a further page continues as a new queue message. Returns pushes made."""
    reader = store.find_reader(reader_id)
    if reader is None or reader.status != ReaderStatus.ONLINE:
        return 0  # gone again: waiting clients stay waiting
    clients, next_key = store.watchers(reader_id, kind, cursor, FAN_OUT_PAGE)
    pushes = sum(_tell(client_id, reader, kind) for client_id in clients)
    if next_key:
        queue.send({"kind": "fan-out", "reader_id": reader_id, "watch": kind, "cursor": next_key})
    return pushes


def _tell(client_id: str, reader: ReaderProfile, kind: str) -> int:
    if kind == FAVORITE:
        event = {"event": "reader-online", "reader_id": reader.reader_id, "display_name": reader.display_name}
        if _pushable(client_id):
            notify.enqueue_push(client_id, event)
        return presence.push_to_user(client_id, event)
    pushed = _pushable(client_id)
    if not pushed and not presence.connections(client_id):
        return 0  # unreachable now: the request waits for the next time
    if not _spend(client_id, reader.reader_id):
        return 0  # spent by another delivery
    event = {
        "event": "reader-available",
        "reader_id": reader.reader_id,
        "display_name": reader.display_name,
        "at": utcnow().isoformat(),
    }
    if pushed:
        notify.enqueue_push(client_id, event)
    return presence.push_to_user(client_id, event)


def _pushable(client_id: str) -> bool:
    """The client has a device to push to (web push) and did not turn push off."""
    return notifications.has_subscription(client_id) and not notifications.preferences(client_id).push_off
