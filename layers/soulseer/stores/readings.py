"""The readings store: the sessions table (a reading and its billing summary) and the transcripts table
(its chat lines). The only module that imports their PynamoDB models; everything else reads a `Reading`
(a frozen record) and changes one through the named writes below, each one conditional write or one
transaction.

A reading's status moves only as soulseer.lifecycles allows: the conditions of the writes come from there."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from soulseer.adapters import aws
from soulseer.clock import utcnow
from soulseer.conditional import applied
from soulseer.config import CoreSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import READING_OPEN, READING_WAITING, ReaderStatus, ReadingKind, ReadingStatus, sources
from soulseer.models import ReaderProfileModel, UserModel
from soulseer.pagination import newest_first
from soulseer.records import record
from soulseer.stores import users
from soulseer.stores.binding import BoundTable, transactions_connection

Role = Literal["client", "reader"]
_BATCH = 100  # BatchGetItem's limit


class SessionsByClient(GlobalSecondaryIndex["SessionModel"]):
    class Meta:
        index_name = "by-client"
        projection = AllProjection()

    client_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class SessionsByReader(GlobalSecondaryIndex["SessionModel"]):
    class Meta:
        index_name = "by-reader"
        projection = AllProjection()

    reader_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ReviewsByReader(GlobalSecondaryIndex["SessionModel"]):
    """Sparse: only reviewed readings carry `review_reader`."""

    class Meta:
        index_name = "reviews"
        projection = AllProjection()

    review_reader = UnicodeAttribute(hash_key=True)
    review_key = UnicodeAttribute(range_key=True)


class OpenSessions(GlobalSecondaryIndex["SessionModel"]):
    """Sparse: only requested and active readings carry `open_state`; the reconciler queries it."""

    class Meta:
        index_name = "open"
        projection = KeysOnlyProjection()

    open_state = UnicodeAttribute(hash_key=True)  # requested | active; removed when the reading ends
    created_key = UnicodeAttribute(range_key=True)


class SessionModel(Model):
    """A reading: requested -> active -> ended (or cancelled), with its billing summary."""

    class Meta(BoundTable):
        table_setting = "SESSIONS_TABLE"

    session_id = UnicodeAttribute(hash_key=True)
    client_id = UnicodeAttribute()
    reader_id = UnicodeAttribute()
    created_key = UnicodeAttribute()  # <iso created_at>#<session id>, for newest-first listings
    kind = UnicodeAttribute()  # chat | voice | video
    rate_cents = NumberAttribute()
    free_minutes = NumberAttribute(default=0)
    limit_cents = NumberAttribute(null=True)  # the client's spending limit: no minute may pass it
    status = UnicodeAttribute(default=ReadingStatus.REQUESTED)
    client_connection = UnicodeAttribute(null=True)
    reader_connection = UnicodeAttribute(null=True)
    client_away_since = NumberAttribute(null=True)  # epoch seconds a participant dropped
    reader_away_since = NumberAttribute(null=True)
    minutes = NumberAttribute(default=0)  # minutes elapsed, free ones included
    paid_minutes = NumberAttribute(default=0)
    total_cents = NumberAttribute(default=0)
    reader_share_cents = NumberAttribute(default=0)
    end_reason = UnicodeAttribute(null=True)
    messages = NumberAttribute(default=0)
    rating = NumberAttribute(null=True)
    review_text = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    started_at = UTCDateTimeAttribute(null=True)
    ended_at = UTCDateTimeAttribute(null=True)
    # billing loop bookkeeping (epoch seconds)
    open_state = UnicodeAttribute(null=True, default=ReadingStatus.REQUESTED)
    generation = NumberAttribute(default=0)  # the billing execution that owns the loop: <id>, <id>-g<n>
    tick_seconds = NumberAttribute(null=True)
    last_tick_at = NumberAttribute(null=True)  # the last charged, free or paused tick
    paused_seconds = NumberAttribute(default=0)  # of the pause allowance (DisconnectGraceSeconds) used
    paused_tick = UnicodeAttribute(null=True)  # the last Task that paused (<generation>:<minute>:<ticks left>)
    client_seen_at = NumberAttribute(null=True)  # last heartbeat (or join) of each participant
    reader_seen_at = NumberAttribute(null=True)

    accepted_at = UTCDateTimeAttribute(null=True)
    decline_reason = UnicodeAttribute(null=True)
    # a public review (sparse index `reviews`): set when the client reviews
    review_reader = UnicodeAttribute(null=True)
    review_key = UnicodeAttribute(null=True)  # <iso reviewed_at>#<session id>
    review_name = UnicodeAttribute(null=True)  # the client's display name, or "Anonymous"
    reviewed_at = UTCDateTimeAttribute(null=True)
    review_reply = UnicodeAttribute(null=True)
    replied_at = UTCDateTimeAttribute(null=True)

    by_client = SessionsByClient()
    by_reader = SessionsByReader()
    reviews = ReviewsByReader()
    open_index = OpenSessions()


class TranscriptModel(Model):
    class Meta(BoundTable):
        table_setting = "TRANSCRIPTS_TABLE"

    session_id = UnicodeAttribute(hash_key=True)
    position = NumberAttribute(range_key=True)  # 1, 2, 3 ... in the order the server accepted them
    sender = UnicodeAttribute()  # client | reader
    sender_id = UnicodeAttribute()
    text = UnicodeAttribute()
    sent_at = UTCDateTimeAttribute(default=utcnow)


@record
class Reading:
    """A reading as stored, read once (consistently unless said otherwise)."""

    session_id: str
    client_id: str
    reader_id: str
    kind: ReadingKind
    status: ReadingStatus
    rate_cents: int
    free_minutes: int
    limit_cents: int | None
    minutes: int
    paid_minutes: int
    total_cents: int
    reader_share_cents: int
    end_reason: str | None
    decline_reason: str | None
    messages: int
    rating: int | None
    review_text: str | None
    created_at: datetime
    accepted_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    client_connection: str | None
    reader_connection: str | None
    client_away_since: float | None
    reader_away_since: float | None
    client_seen_at: float | None
    reader_seen_at: float | None
    generation: int
    tick_seconds: int | None
    last_tick_at: float | None
    paused_seconds: int
    paused_tick: str | None

    @property
    def room_id(self) -> str:
        return self.session_id

    def connection_of(self, role: str) -> str | None:
        return self.client_connection if role == "client" else self.reader_connection

    def role_of(self, user_id: str) -> Role | None:
        if user_id == self.client_id:
            return "client"
        if user_id == self.reader_id:
            return "reader"
        return None


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _reading(item: SessionModel) -> Reading:
    return Reading(
        session_id=item.session_id,
        client_id=item.client_id,
        reader_id=item.reader_id,
        kind=item.kind,  # type: ignore[arg-type]
        status=ReadingStatus(item.status),
        rate_cents=int(item.rate_cents),
        free_minutes=int(item.free_minutes),
        limit_cents=_optional_int(item.limit_cents),
        minutes=int(item.minutes),
        paid_minutes=int(item.paid_minutes),
        total_cents=int(item.total_cents),
        reader_share_cents=int(item.reader_share_cents),
        end_reason=item.end_reason,
        decline_reason=item.decline_reason,
        messages=int(item.messages),
        rating=_optional_int(item.rating),
        review_text=item.review_text,
        created_at=item.created_at,
        accepted_at=item.accepted_at,
        started_at=item.started_at,
        ended_at=item.ended_at,
        client_connection=item.client_connection,
        reader_connection=item.reader_connection,
        client_away_since=item.client_away_since,
        reader_away_since=item.reader_away_since,
        client_seen_at=item.client_seen_at,
        reader_seen_at=item.reader_seen_at,
        generation=int(item.generation),
        tick_seconds=_optional_int(item.tick_seconds),
        last_tick_at=item.last_tick_at,
        paused_seconds=int(item.paused_seconds),
        paused_tick=item.paused_tick,
    )


def _updated(session_id: str, actions: list[Action], condition: Condition | None) -> Reading | None:
    """One conditional UpdateItem; the reading as it left it (ALL_NEW), or None when the condition failed."""
    item = SessionModel(session_id)
    if not applied(lambda: item.update(actions=actions, condition=condition)):
        return None
    return _reading(item)


# --- reads ---


def find(session_id: str) -> Reading | None:
    try:
        return _reading(SessionModel.get(session_id, consistent_read=True))
    except SessionModel.DoesNotExist:
        return None


def get(session_id: str) -> Reading:
    """The reading, or `session_not_found`."""
    reading = find(session_id)
    if reading is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    return reading


def page_of(user_id: str, side: Role, limit: int, cursor: str | None) -> tuple[list[Reading], str | None]:
    """One page of a participant's readings, newest first."""
    index, key_name = (
        (SessionModel.by_reader, "reader_id") if side == "reader" else (SessionModel.by_client, "client_id")
    )
    keys = frozenset({"session_id", key_name, "created_key"})
    items, next_cursor = newest_first(index.query, user_id, key_name, keys, limit, cursor)
    return [_reading(item) for item in items], next_cursor


def newest_of_reader(reader_id: str, limit: int) -> Iterator[Reading]:
    for item in SessionModel.by_reader.query(reader_id, scan_index_forward=False, limit=limit):
        yield _reading(item)


def of_reader_since(reader_id: str, since: datetime) -> Iterator[Reading]:
    """A reader's readings created since `since`, newest first."""
    for item in SessionModel.by_reader.query(
        reader_id, SessionModel.created_key >= since.isoformat(), scan_index_forward=False
    ):
        yield _reading(item)


def open_of_reader(reader_id: str, scan: int) -> Iterator[Reading]:
    """A reader's readings still requested, accepted or active, among their newest `scan`."""
    for item in SessionModel.by_reader.query(
        reader_id, scan_index_forward=False, limit=scan, filter_condition=SessionModel.status.is_in(*READING_OPEN)
    ):
        yield _reading(item)


def open_in(state: ReadingStatus) -> Iterator[Reading]:
    """The readings in the sparse `open` index under `state` (requested or active), read consistently."""
    keys = [item.session_id for item in SessionModel.open_index.query(state)]
    for start in range(0, len(keys), _BATCH):
        for item in SessionModel.batch_get(keys[start : start + _BATCH], consistent_read=True):
            yield _reading(item)


@lru_cache(maxsize=1)
def _dynamodb() -> Any:
    return aws.client("dynamodb")


def with_balance(
    session_id: str, account_id: str, also: tuple[str, dict[str, Any]] | None = None
) -> tuple[Reading, int, dict[str, Any] | None] | None:
    """The reading and the balance of ledger account `account_id` in one consistent BatchGetItem (a
    billing tick is then one read and one transaction), and the raw item `also` names (table, key) from
    another table (the client's saved card, with its automatic top-up), or None when it does not exist;
    None when DynamoDB kept keys back after retries."""
    sessions, accounts = SessionModel.Meta.table_name, settings_for(CoreSettings).LEDGER_ACCOUNTS_TABLE
    request: dict[str, Any] = {
        sessions: {"Keys": [{"session_id": {"S": session_id}}], "ConsistentRead": True},
        accounts: {"Keys": [{"account_id": {"S": account_id}}], "ConsistentRead": True},
    }
    found: dict[str, list[dict[str, Any]]] = {sessions: [], accounts: []}
    if also is not None:
        request[also[0]] = {"Keys": [also[1]], "ConsistentRead": True}
        found[also[0]] = []
    for attempt in range(8):
        response = _dynamodb().batch_get_item(RequestItems=request)
        for table, items in (response.get("Responses") or {}).items():
            found[table] += items
        request = response.get("UnprocessedKeys") or {}
        if not request:
            break
        time.sleep(0.02 * 2**attempt)
    else:
        return None
    if not found[sessions]:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    reading = _reading(SessionModel.from_raw_data(found[sessions][0]))
    balance = int(found[accounts][0]["balance"]["N"]) if found[accounts] else 0  # the ledger account's `balance`
    extra = found[also[0]][0] if also is not None and found[also[0]] else None
    return reading, balance, extra


# --- writes: asking ---


def create(
    session_id: str,
    client_id: str,
    reader_id: str,
    kind: ReadingKind,
    rate_cents: int,
    free_minutes: int,
    limit_cents: int | None,
) -> Reading:
    """A new request (status requested), written once."""
    now = utcnow()
    item = SessionModel(
        session_id,
        client_id=client_id,
        reader_id=reader_id,
        created_key=f"{now.isoformat()}#{session_id}",
        kind=kind,
        rate_cents=rate_cents,
        free_minutes=free_minutes,
        limit_cents=limit_cents,
        created_at=now,
    )
    item.save(condition=SessionModel.session_id.does_not_exist())
    return _reading(item)


def claim_open_request(client_id: str, session_id: str, previous: str | None) -> users.User | None:
    """Marks `session_id` as the client's open request unless another one holds the mark (`previous`, the
    one the caller saw, may be replaced); the client's record as the write left it (ALL_NEW), or None."""
    condition = UserModel.open_request.does_not_exist()
    if previous is not None:
        condition = condition | (UserModel.open_request == previous)
    item = UserModel(client_id)
    if not applied(lambda: item.update(actions=[UserModel.open_request.set(session_id)], condition=condition)):
        return None
    return users.from_item(item)


def release_open_request(client_id: str, session_id: str) -> None:
    applied(
        lambda: UserModel(client_id).update(
            actions=[UserModel.open_request.remove()], condition=UserModel.open_request == session_id
        )
    )


def accept(session_id: str) -> Reading | None:
    return _updated(
        session_id,
        [SessionModel.status.set(ReadingStatus.ACCEPTED), SessionModel.accepted_at.set(utcnow())],
        SessionModel.status.is_in(*sources(ReadingStatus.ACCEPTED)),
    )


def note_decline(session_id: str, reason: str) -> bool:
    """Records why the reader declined, while the request still waits (the cancellation follows)."""
    return (
        _updated(session_id, [SessionModel.decline_reason.set(reason)], SessionModel.status.is_in(*READING_WAITING))
        is not None
    )


# --- writes: the room ---


def _participant(role: Role) -> tuple[Any, Any, Any]:
    """(connection, away since, last seen) attributes of a participant."""
    if role == "client":
        return SessionModel.client_connection, SessionModel.client_away_since, SessionModel.client_seen_at
    return SessionModel.reader_connection, SessionModel.reader_away_since, SessionModel.reader_seen_at


def seat(session_id: str, role: Role, connection_id: str) -> Reading | None:
    """The participant's connection is the one in the room (liveness from its own heartbeats: none yet)."""
    connection, away, seen = _participant(role)
    return _updated(
        session_id,
        [connection.set(connection_id), away.remove(), seen.remove()],
        SessionModel.status.is_in(*READING_OPEN),
    )


def mark_away(session_id: str, role: Role, connection_id: str) -> bool:
    """The participant's connection (if still theirs in an open reading) dropped now."""
    connection, away, _ = _participant(role)
    return (
        _updated(
            session_id,
            [away.set(int(time.time()))],
            (connection == connection_id) & SessionModel.status.is_in(*READING_OPEN),
        )
        is not None
    )


def heard(session_id: str, role: Role, connection_id: str) -> bool:
    """The participant's connection in the room is alive now; False if it is not (or no longer) in it."""
    connection, _, seen = _participant(role)
    return (
        _updated(
            session_id,
            [seen.set(int(time.time()))],
            (connection == connection_id) & SessionModel.status.is_in(*READING_OPEN),
        )
        is not None
    )


def count_message(session_id: str, most: int) -> int | None:
    """Counts one more chat line of an open reading: its position, or None when the transcript is full
    (or the reading closed)."""
    reading = _updated(
        session_id,
        [SessionModel.messages.add(1)],
        (SessionModel.messages < most) & SessionModel.status.is_in(*READING_OPEN),
    )
    return None if reading is None else reading.messages


@record
class TranscriptEntry:
    message_id: int
    sender: Role
    sender_id: str
    text: str
    sent_at: datetime


def add_line(session_id: str, line: TranscriptEntry) -> None:
    TranscriptModel(
        session_id, line.message_id, sender=line.sender, sender_id=line.sender_id, text=line.text, sent_at=line.sent_at
    ).save()


def transcript(session_id: str) -> list[TranscriptEntry]:
    return [
        TranscriptEntry(int(m.position), m.sender, m.sender_id, m.text, m.sent_at)  # type: ignore[arg-type]
        for m in TranscriptModel.query(session_id, consistent_read=True)
    ]


# --- writes: the lifecycle ---


class Conflict(Exception):
    """A transaction's condition did not hold (the reading, the reader or the client moved meanwhile)."""


def activate(reading: Reading, tick_seconds: int) -> None:
    """requested/accepted -> active and the reader online -> busy (and the client's free intro used, if
    the reading has free minutes) in one transaction; Conflict when a condition did not hold."""
    now = utcnow()
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.update(
                SessionModel(reading.session_id),
                actions=[
                    SessionModel.status.set(ReadingStatus.ACTIVE),
                    SessionModel.open_state.set(ReadingStatus.ACTIVE),
                    SessionModel.started_at.set(now),
                    SessionModel.generation.set(0),
                    SessionModel.tick_seconds.set(tick_seconds),
                    SessionModel.last_tick_at.set(time.time()),
                ],
                condition=SessionModel.status.is_in(*sources(ReadingStatus.ACTIVE)),
            )
            transaction.update(
                ReaderProfileModel(reading.reader_id),
                actions=[ReaderProfileModel.status.set(ReaderStatus.BUSY), ReaderProfileModel.updated_at.set(now)],
                condition=ReaderProfileModel.status.is_in(*sources(ReaderStatus.BUSY)),
            )
            if reading.free_minutes:
                transaction.update(
                    UserModel(reading.client_id),
                    actions=[UserModel.intro_used.set(True)],
                    condition=UserModel.intro_used.does_not_exist() | (UserModel.intro_used == False),  # noqa: E712
                )
    except TransactWriteError as error:
        if any(r and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons):
            raise Conflict(reading.session_id) from None
        raise


def drop_free_minutes(session_id: str) -> None:
    SessionModel(session_id).update(actions=[SessionModel.free_minutes.set(0)])


def finish(reading: Reading, final: ReadingStatus, reason: str) -> Reading | None:
    """Ends (or cancels) the reading as it was read; None when its status changed meanwhile."""
    return _updated(
        reading.session_id,
        [
            SessionModel.status.set(final),
            SessionModel.open_state.remove(),
            SessionModel.end_reason.set(reason),
            SessionModel.ended_at.set(utcnow()),
        ],
        SessionModel.status == reading.status,
    )


def free_reader(reader_id: str) -> bool:
    """busy -> online once the reader's reading ended; False if they were not busy."""
    return users.set_reader_status(reader_id, ReaderStatus.ONLINE, was=ReaderStatus.BUSY, unless_suspended=False)


def reader(reader_id: str) -> users.ReaderProfile | None:
    """The reader's profile as a reading needs it (status, name, rates), read consistently."""
    return users.find_reader(reader_id)


def rate_of(profile: users.ReaderProfile, kind: ReadingKind) -> int:
    """The reader's price of a minute of `kind`, in cents."""
    rates = {"chat": profile.rate_chat_cents, "voice": profile.rate_voice_cents, "video": profile.rate_video_cents}
    return rates[kind]


def review(
    session_id: str,
    rating: int,
    text: str,
    publish: list[Action],
    also: Callable[[TransactWrite], None],
) -> Literal["reviewed", "already", "conflict"]:
    """The review, its public listing (`publish`) and `also` (the reader's rating) in one transaction:
    `already` when the reading has a review, `conflict` when `also`'s condition failed."""
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.update(
                SessionModel(session_id),
                actions=[SessionModel.rating.set(rating), SessionModel.review_text.set(text), *publish],
                condition=SessionModel.rating.does_not_exist(),
            )
            also(transaction)
    except TransactWriteError as error:
        reasons = [r.code if r else None for r in error.cancellation_reasons]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            return "already"
        if not any(code == "ConditionalCheckFailed" for code in reasons[1:]):
            raise
        return "conflict"
    return "reviewed"


# --- writes: the billing loop ---


def _ticked(generation: int, now: float) -> list[Action]:
    """What every tick writes: the time of the tick, and that its generation owns the loop (a newer
    execution started by the reconciler or a continuation claims the loop with its first tick)."""
    return [SessionModel.last_tick_at.set(now), SessionModel.generation.set(generation)]


def _owned(generation: int) -> Condition:
    return (SessionModel.status == ReadingStatus.ACTIVE) & (SessionModel.generation <= generation)


def _at_minute(minute: int, generation: int) -> Condition:
    return (SessionModel.minutes == minute - 1) & _owned(generation)


def pause(session_id: str, seconds: int, task: str, generation: int, now: float) -> bool:
    """Spends `seconds` of the pause allowance once per Task (`task` names it); False when the reading
    ended, another generation owns the loop, or this Task paused already."""
    return (
        _updated(
            session_id,
            [SessionModel.paused_seconds.add(seconds), SessionModel.paused_tick.set(task), *_ticked(generation, now)],
            _owned(generation) & (SessionModel.paused_tick.does_not_exist() | (SessionModel.paused_tick != task)),
        )
        is not None
    )


def minute_charged(
    session_id: str, minute: int, rate_cents: int, reader_share_cents: int, generation: int, now: float
) -> Callable[[Any], None]:
    """The session's side of a minute's charge: an extra write of the ledger movement's transaction."""

    def record(transaction: Any) -> None:
        transaction.update(
            SessionModel(session_id),
            actions=[
                SessionModel.minutes.set(minute),
                SessionModel.paid_minutes.add(1),
                SessionModel.total_cents.add(rate_cents),
                SessionModel.reader_share_cents.add(reader_share_cents),
                *_ticked(generation, now),
            ],
            condition=_at_minute(minute, generation),
        )

    return record


def record_free_minute(session_id: str, minute: int, generation: int, now: float) -> bool:
    return (
        _updated(
            session_id, [SessionModel.minutes.set(minute), *_ticked(generation, now)], _at_minute(minute, generation)
        )
        is not None
    )


def claim_loop(session_id: str, generation: int, now: float) -> bool:
    """The generation owns the loop of the active reading (from its first tick on)."""
    return _updated(session_id, _ticked(generation, now), _owned(generation)) is not None


def restart_loop(reading: Reading, generation: int, now: float) -> bool:
    """Only one reconciler restarts a silent loop, and only if no tick came since `reading` was read."""
    last_tick = (
        SessionModel.last_tick_at.does_not_exist()
        if reading.last_tick_at is None
        else SessionModel.last_tick_at == reading.last_tick_at
    )
    return (
        _updated(
            reading.session_id,
            [SessionModel.generation.set(generation), SessionModel.last_tick_at.set(now)],
            (SessionModel.status == ReadingStatus.ACTIVE) & (SessionModel.generation == reading.generation) & last_tick,
        )
        is not None
    )
