"""Favorites and "notify me when free": a client's watches on readers, and the fan-out that tells them
when a reader becomes available (run by the presence function from the queue, a page at a time)."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from soulseer import notify, presence, readers
from soulseer.adapters import queue
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.models import ReaderProfileModel, WatchModel, transactions_connection, utcnow
from soulseer.stores import notifications

FAVORITE, NOTIFY = "fav", "free"
COUNTER = "count#free"
MAX_PENDING_NOTIFY = 5
MAX_FAVORITES = 500
FAN_OUT_PAGE = 100  # watchers per queue message; more continue in a new message


def _key(kind: str, reader_id: str) -> str:
    return f"{kind}#{reader_id}"


def add_favorite(client_id: str, reader_id: str) -> dict[str, Any]:
    reader = readers.get_reader(reader_id)  # 404 for an unknown reader
    if client_id == reader_id:
        raise DomainError(ErrorCode.SELF_FAVORITE)
    if WatchModel.count(client_id, WatchModel.watch_key.startswith(f"{FAVORITE}#")) >= MAX_FAVORITES:
        raise DomainError(ErrorCode.TOO_MANY_FAVORITES, f"You can keep at most {MAX_FAVORITES} favorites.")
    key = _key(FAVORITE, reader_id)
    WatchModel(client_id, key, reader_watch=key, reader_id=reader_id).save()
    return {**reader, "favorited": True}


def remove_favorite(client_id: str, reader_id: str) -> dict[str, Any]:
    WatchModel(client_id, _key(FAVORITE, reader_id)).delete()
    return {"reader_id": reader_id, "favorited": False}


def list_favorites(client_id: str) -> list[dict[str, Any]]:
    """The client's favorites with each reader's live status, newest favorite first."""
    watches = sorted(
        WatchModel.query(client_id, WatchModel.watch_key.startswith(f"{FAVORITE}#"), consistent_read=True),
        key=lambda w: w.created_at,
        reverse=True,
    )
    ids = [str(w.reader_id) for w in watches]
    profiles = {p.reader_id: p for p in ReaderProfileModel.batch_get(ids)} if ids else {}
    return [
        {**readers.to_public(profiles[w.reader_id]), "favorited_at": w.created_at.isoformat()}
        for w in watches
        if w.reader_id in profiles
    ]


def notify_when_free(client_id: str, reader_id: str) -> dict[str, Any]:
    """One `reader-available` push when a busy or offline reader next becomes available."""
    reader = readers.get_reader(reader_id)
    if reader["status"] == ReaderStatus.ONLINE:
        raise DomainError(ErrorCode.READER_AVAILABLE)
    key = _key(NOTIFY, reader_id)
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.save(
                WatchModel(client_id, key, reader_watch=key, reader_id=reader_id),
                condition=WatchModel.watch_key.does_not_exist(),
            )
            transaction.update(
                WatchModel(client_id, COUNTER),
                actions=[WatchModel.pending.add(1)],
                condition=WatchModel.pending.does_not_exist() | (WatchModel.pending < MAX_PENDING_NOTIFY),
            )
    except TransactWriteError as error:
        reasons = [r.code if r else None for r in error.cancellation_reasons]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            return _pending_view(reader_id, True)  # asked already: still one push
        if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise DomainError(
                ErrorCode.TOO_MANY_NOTIFY_REQUESTS,
                f"You can wait for at most {MAX_PENDING_NOTIFY} readers at a time.",
                details={"max": MAX_PENDING_NOTIFY},
            ) from None
        raise
    return _pending_view(reader_id, True)


def cancel_notify(client_id: str, reader_id: str) -> dict[str, Any]:
    _spend(client_id, reader_id)
    return _pending_view(reader_id, False)


def _pending_view(reader_id: str, pending: bool) -> dict[str, Any]:
    return {"reader_id": reader_id, "pending": pending}


def _spend(client_id: str, reader_id: str) -> bool:
    """Removes a pending notify-when-free request; True only for the one call that removed it."""
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.delete(WatchModel(client_id, _key(NOTIFY, reader_id)), condition=WatchModel.watch_key.exists())
            transaction.update(WatchModel(client_id, COUNTER), actions=[WatchModel.pending.add(-1)])
    except TransactWriteError as error:
        if any(r and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons):
            return False
        raise
    return True


def on_available(reader_id: str, previous: str) -> None:
    """A reader became available: waiting clients get `reader-available` (then their request is spent);
    favoriting clients get `reader-online` when the reader came from offline."""
    fan_out(reader_id, NOTIFY, None)
    if previous == ReaderStatus.OFFLINE:
        fan_out(reader_id, FAVORITE, None)


def fan_out(reader_id: str, kind: str, cursor: dict[str, Any] | None) -> int:
    """One page of watchers; a further page continues as a new queue message. Returns pushes made."""
    try:
        reader = ReaderProfileModel.get(reader_id, consistent_read=True)
    except ReaderProfileModel.DoesNotExist:
        return 0
    if reader.status != ReaderStatus.ONLINE:
        return 0  # gone again: waiting clients stay waiting
    results = WatchModel.by_reader.query(
        _key(kind, reader_id), limit=FAN_OUT_PAGE, last_evaluated_key=cursor, page_size=FAN_OUT_PAGE
    )
    pushes = sum(_tell(watch.client_id, reader, kind) for watch in results)
    if results.last_evaluated_key:
        queue.send({"kind": "fan-out", "reader_id": reader_id, "watch": kind, "cursor": results.last_evaluated_key})
    return pushes


def _tell(client_id: str, reader: ReaderProfileModel, kind: str) -> int:
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
