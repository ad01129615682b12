"""The users and readers aggregate: user records (role, name, Stripe customer, open chargebacks, block),
reader profiles and their listing, favorites and notify-when-free watches, readers' Connect accounts.
The only importer of their PynamoDB models for these modules; callers get frozen values and write through
these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Literal

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from soulseer.conditional import applied
from soulseer.lifecycles import ReaderStatus
from soulseer.models import ReaderProfileModel, UserModel, WatchModel, utcnow
from soulseer.records import record
from soulseer.stores.binding import transactions_connection

Write = Callable[[TransactWrite], None]  # a write added to a transaction (e.g. a ledger movement's)


@record
class User:
    user_id: str
    role: str
    created_at: datetime
    intro_used: bool = False  # the free intro minutes of a first reading were given
    display_name: str | None = None
    open_request: str | None = None  # the client's latest reading request (open while it waits)
    open_disputes: int = 0  # card payments of theirs disputed with their bank, still open
    blocked: bool = False  # an admin blocked them: no readings, gifts or purchases
    stripe_customer_id: str | None = None
    email: str | None = None  # when known (an admin gave it making a reader); found by the admin search
    blocked_at: datetime | None = None
    blocked_reason: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "user_id": self.user_id,
            "role": self.role,
            "display_name": self.display_name,
            "created_at": self.created_at.isoformat(),
        }


def from_item(item: UserModel) -> User:
    """The user from a record already read or returned by a write (e.g. an update's ALL_NEW)."""
    return User(
        user_id=item.user_id,
        role=item.role,
        created_at=item.created_at,
        intro_used=bool(item.intro_used),
        display_name=item.display_name,
        open_request=item.open_request,
        open_disputes=len(item.open_chargebacks or ()),
        blocked=item.blocked_at is not None,
        stripe_customer_id=item.stripe_customer_id,
        email=item.email,
        blocked_at=item.blocked_at,
        blocked_reason=item.blocked_reason,
    )


def find(user_id: str) -> User | None:
    """The user's record, read consistently; None when there is none."""
    try:
        return from_item(UserModel.get(user_id, consistent_read=True))
    except UserModel.DoesNotExist:
        return None


def create(user_id: str, role: str = "client") -> User | None:
    """A new record; None when one exists already (created concurrently)."""
    item = UserModel(user_id=user_id, role=role)
    if not applied(lambda: item.save(condition=UserModel.user_id.does_not_exist())):
        return None
    return from_item(item)


def is_blocked(user_id: str) -> bool:
    """Whether an admin blocked the user (one attribute read; no record: not blocked)."""
    try:
        item = UserModel.get(user_id, consistent_read=True, attributes_to_get=["blocked_at"])
    except UserModel.DoesNotExist:
        return False
    return item.blocked_at is not None


def open_disputes(user_id: str) -> int:
    """How many of the user's card payments are disputed with their bank and still open."""
    try:
        item = UserModel.get(user_id, consistent_read=True, attributes_to_get=["open_chargebacks"])
    except UserModel.DoesNotExist:
        return 0
    return len(item.open_chargebacks or ())


def set_role(user_id: str, role: str) -> User:
    """Creates the user if needed and sets the role."""
    now = utcnow()
    try:
        item = UserModel.get(user_id, consistent_read=True)
        item.update(actions=[UserModel.role.set(role), UserModel.updated_at.set(now)])
    except UserModel.DoesNotExist:
        item = UserModel(user_id=user_id, role=role, created_at=now, updated_at=now)
        item.save()
    return from_item(item)


def set_display_name(user_id: str, name: str) -> User:
    """Sets the name of an existing user and returns the record as it is now."""
    UserModel(user_id).update(actions=[UserModel.display_name.set(name), UserModel.updated_at.set(utcnow())])
    return from_item(UserModel.get(user_id, consistent_read=True))


def keep_stripe_customer(user_id: str, customer_id: str) -> str:
    """Records the user's Stripe customer once; the customer id kept (the first one recorded wins)."""
    if applied(
        lambda: UserModel(user_id).update(
            actions=[UserModel.stripe_customer_id.set(customer_id), UserModel.updated_at.set(utcnow())],
            condition=UserModel.user_id.exists() & UserModel.stripe_customer_id.does_not_exist(),
        )
    ):
        return customer_id
    return str(UserModel.get(user_id, consistent_read=True).stripe_customer_id or customer_id)


def scan_users(after_user_id: str | None, page_size: int) -> Iterator[User]:
    """Every user, in the table's order, from the one after `after_user_id` (the admin search)."""
    start = {"user_id": {"S": after_user_id}} if after_user_id else None
    return map(from_item, UserModel.scan(page_size=page_size, last_evaluated_key=start))


def role_write(user_id: str, role: str, *, was: str) -> Write:
    """An admin's role change, in the transaction that logs it; conditioned on the role they saw."""

    def write(transaction: Any) -> None:
        transaction.update(
            UserModel(user_id),
            actions=[UserModel.role.set(role), UserModel.updated_at.set(utcnow())],
            condition=UserModel.role == was,
        )

    return write


def block_write(user_id: str, at: datetime, reason: str | None) -> Write:
    """An admin's block (`reason` None: the unblock), in the transaction that logs it."""

    def write(transaction: Any) -> None:
        if reason is None:
            actions = [UserModel.blocked_at.remove(), UserModel.blocked_reason.remove(), UserModel.updated_at.set(at)]
            transaction.update(UserModel(user_id), actions=actions, condition=UserModel.blocked_at.exists())
            return
        transaction.update(
            UserModel(user_id),
            actions=[UserModel.blocked_at.set(at), UserModel.blocked_reason.set(reason), UserModel.updated_at.set(at)],
            condition=UserModel.user_id.exists() & UserModel.blocked_at.does_not_exist(),
        )

    return write


def chargeback_write(user_id: str, dispute_id: str, *, opening: bool) -> Write:
    """Adds the dispute to (or takes it from) the user's open chargebacks, inside a transaction."""

    def write(transaction: Any) -> None:
        change = {dispute_id}
        attribute = UserModel.open_chargebacks
        action = attribute.add(change) if opening else attribute.delete(change)
        transaction.update(UserModel(user_id), actions=[action, UserModel.updated_at.set(utcnow())])

    return write


# Reader profiles: the public listing (indexes by rating, price and joining), edits, status, counters.

LISTING = "reader"  # the listing partition of every listed reader ("suspended" takes one out)


@record
class ReaderProfile:
    reader_id: str
    display_name: str
    bio: str
    specialties: tuple[str, ...]
    photo_id: str | None
    languages: tuple[str, ...]
    years_experience: int | None
    readings_completed: int
    response_seconds_total: int
    response_count: int
    rate_chat_cents: int
    rate_voice_cents: int
    rate_video_cents: int
    status: str
    rating_total: int
    rating_count: int
    listing: str
    suspended_at: datetime | None
    suspended_reason: str | None
    rating_rank: str
    price_rank: str | None
    joined_key: str | None
    created_at: datetime


def _profile(item: ReaderProfileModel) -> ReaderProfile:
    return ReaderProfile(
        reader_id=item.reader_id,
        display_name=item.display_name,
        bio=item.bio,
        specialties=tuple(str(name) for name in item.specialties or ()),
        photo_id=item.photo_id,
        languages=tuple(str(name) for name in item.languages or ()),
        years_experience=int(item.years_experience) if item.years_experience is not None else None,
        readings_completed=int(item.readings_completed or 0),
        response_seconds_total=int(item.response_seconds_total or 0),
        response_count=int(item.response_count or 0),
        rate_chat_cents=int(item.rate_chat_cents),
        rate_voice_cents=int(item.rate_voice_cents),
        rate_video_cents=int(item.rate_video_cents),
        status=str(item.status),
        rating_total=int(item.rating_total),
        rating_count=int(item.rating_count),
        listing=str(item.listing),
        suspended_at=item.suspended_at,
        suspended_reason=item.suspended_reason,
        rating_rank=str(item.rating_rank),
        price_rank=item.price_rank,
        joined_key=item.joined_key,
        created_at=item.created_at,
    )


def find_reader(reader_id: str) -> ReaderProfile | None:
    """The stored profile (consistent), or None."""
    try:
        return _profile(ReaderProfileModel.get(reader_id, consistent_read=True))
    except ReaderProfileModel.DoesNotExist:
        return None


def readers_in_listing(listing: str) -> Iterator[ReaderProfile]:
    """Every profile in a listing partition (`LISTING`, or the suspended one), best rated first."""
    return map(_profile, ReaderProfileModel.by_rating.query(listing, scan_index_forward=False))


def online_readers() -> Iterator[ReaderProfile]:
    """Every listed reader whose status is online (the presence sweep's)."""
    return listed_readers("rating", ReaderFilter(status=ReaderStatus.ONLINE), None, 100)


def take_offline(reader_id: str) -> bool:
    """Online -> offline (presence lost); False when the reader was not online (busy, offline, absent)."""
    return set_reader_status(reader_id, ReaderStatus.OFFLINE, was=ReaderStatus.ONLINE, unless_suspended=False)


def reader_name(reader_id: str) -> str | None:
    """The reader's display name, or None without a profile."""
    profile = find_reader(reader_id)
    return None if profile is None else profile.display_name


def readers_by_id(reader_ids: list[str]) -> dict[str, ReaderProfile]:
    """The profiles found among `reader_ids`, by id."""
    if not reader_ids:
        return {}
    return {item.reader_id: _profile(item) for item in ReaderProfileModel.batch_get(reader_ids)}


@record
class ProfileEdit:
    """What a reader edits; the keys of the indexes come computed with it."""

    display_name: str
    bio: str
    specialties: list[str]
    languages: list[str]
    years_experience: int | None
    rate_chat_cents: int
    rate_voice_cents: int
    rate_video_cents: int
    search_text: str
    price_rank: str
    first_rating_rank: str  # for a new profile: no reviews yet


def save_profile(reader_id: str, edit: ProfileEdit) -> None:
    """Creates or replaces the editable profile; status, ratings, listing and joining time are kept."""
    now = utcnow()
    model = ReaderProfileModel
    fields: list[Action] = [
        model.display_name.set(edit.display_name),
        model.bio.set(edit.bio),
        model.specialties.set(edit.specialties),  # type: ignore[arg-type]
        model.rate_chat_cents.set(edit.rate_chat_cents),
        model.rate_voice_cents.set(edit.rate_voice_cents),
        model.rate_video_cents.set(edit.rate_video_cents),
        model.updated_at.set(now),
        model.status.set(model.status | ReaderStatus.OFFLINE),
        model.rating_total.set(model.rating_total | 0),
        model.rating_count.set(model.rating_count | 0),
        model.listing.set(model.listing | LISTING),  # a suspended reader stays unlisted
        model.rating_rank.set(model.rating_rank | edit.first_rating_rank),
        model.created_at.set(model.created_at | now),
        model.price_rank.set(edit.price_rank),
        model.joined_key.set(model.joined_key | f"{now.isoformat()}#{reader_id}"),
        model.search_text.set(edit.search_text),
        model.languages.set(edit.languages),  # type: ignore[arg-type]
        model.avatar_url.remove(),  # a photo comes only from an upload (`photo_id`)
    ]
    if edit.years_experience is None:
        fields.append(model.years_experience.remove())
    else:
        fields.append(model.years_experience.set(edit.years_experience))
    model(reader_id).update(actions=fields)


def set_reader_status(reader_id: str, status: str, *, was: str, unless_suspended: bool) -> bool:
    """Moves an existing profile from status `was` to `status` (and only when not suspended, if asked);
    False when the profile is absent or not in that state."""
    condition = ReaderProfileModel.reader_id.exists() & (ReaderProfileModel.status == was)
    if unless_suspended:
        condition &= ReaderProfileModel.suspended_at.does_not_exist()
    return applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[ReaderProfileModel.status.set(status), ReaderProfileModel.updated_at.set(utcnow())],
            condition=condition,
        )
    )


def set_reader_photo(reader_id: str, photo_id: str) -> bool:
    return applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[ReaderProfileModel.photo_id.set(photo_id), ReaderProfileModel.updated_at.set(utcnow())],
            condition=ReaderProfileModel.reader_id.exists(),
        )
    )


def suspension_write(reader_id: str, at: datetime, reason: str | None, *, listing: str) -> Write:
    """An admin's suspension (offline, in the `listing` that keeps them unlisted) or, with `reason` None,
    the reinstatement (back in `listing`), in the transaction that logs it."""

    def write(transaction: Any) -> None:
        model = ReaderProfileModel
        if reason is None:
            transaction.update(
                model(reader_id),
                actions=[
                    model.listing.set(listing),
                    model.suspended_at.remove(),
                    model.suspended_reason.remove(),
                    model.updated_at.set(at),
                ],
                condition=model.suspended_at.exists(),
            )
            return
        transaction.update(
            model(reader_id),
            actions=[
                model.status.set(ReaderStatus.OFFLINE),
                model.listing.set(listing),
                model.suspended_at.set(at),
                model.suspended_reason.set(reason),
                model.updated_at.set(at),
            ],
            condition=model.reader_id.exists() & model.suspended_at.does_not_exist(),
        )

    return write


def rates_write(reader_id: str, rates: tuple[int, int, int], price_rank: str, *, was: tuple[int, int, int]) -> Write:
    """An admin's new (chat, voice, video) rates, in the transaction that logs it; conditioned on the rates
    they saw."""

    def write(transaction: Any) -> None:
        model = ReaderProfileModel
        transaction.update(
            model(reader_id),
            actions=[
                model.rate_chat_cents.set(rates[0]),
                model.rate_voice_cents.set(rates[1]),
                model.rate_video_cents.set(rates[2]),
                model.price_rank.set(price_rank),
                model.updated_at.set(utcnow()),
            ],
            condition=(model.rate_chat_cents == was[0])
            & (model.rate_voice_cents == was[1])
            & (model.rate_video_cents == was[2]),
        )

    return write


def _rating_actions(stars: int, rank: str) -> list[Action]:
    return [
        ReaderProfileModel.rating_total.add(stars),
        ReaderProfileModel.rating_count.add(1),
        ReaderProfileModel.rating_rank.set(rank),
    ]


def rating_write(reader_id: str, stars: int, rank: str, *, count_was: int) -> Write:
    """One more review of `stars`, inside the transaction that stores the review; conditioned on the count
    the caller read (a concurrent review of the same reader makes the transaction fail)."""

    def write(transaction: Any) -> None:
        transaction.update(
            ReaderProfileModel(reader_id),
            actions=_rating_actions(stars, rank),
            condition=ReaderProfileModel.rating_count == count_was,
        )

    return write


def add_rating(reader_id: str, stars: int, rank: str, *, count_was: int) -> None:
    ReaderProfileModel(reader_id).update(
        actions=_rating_actions(stars, rank), condition=ReaderProfileModel.rating_count == count_was
    )


def count_reading_completed(reader_id: str) -> None:
    applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[ReaderProfileModel.readings_completed.add(1)], condition=ReaderProfileModel.reader_id.exists()
        )
    )


def count_response(reader_id: str, seconds: int) -> None:
    applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[
                ReaderProfileModel.response_seconds_total.add(max(0, seconds)),
                ReaderProfileModel.response_count.add(1),
            ],
            condition=ReaderProfileModel.reader_id.exists(),
        )
    )


# The listing's orders: one index each, whose partition is the whole catalogue (`listing = "reader"`).

ReaderSort = Literal["rating", "price", "newest"]
Key = dict[str, dict[str, str]]


@record
class _Order:
    index: Any
    range_key: str
    newest_first: bool


def _orders() -> dict[str, _Order]:
    return {
        "rating": _Order(ReaderProfileModel.by_rating, "rating_rank", True),
        "price": _Order(ReaderProfileModel.by_price, "price_rank", False),
        "newest": _Order(ReaderProfileModel.by_joined, "joined_key", True),
    }


@record
class ReaderFilter:
    """Status, one specialty (lower-case), and words each found in the name, specialties or bio."""

    status: str | None = None
    specialty: str | None = None
    terms: tuple[str, ...] = ()


def _condition(wanted: ReaderFilter) -> Condition | None:
    parts: list[Condition] = []
    if wanted.status:
        parts.append(ReaderProfileModel.status == wanted.status)
    if wanted.specialty:
        parts.append(ReaderProfileModel.specialties.contains(wanted.specialty))
    parts += [ReaderProfileModel.search_text.contains(term) for term in wanted.terms]
    condition: Condition | None = None
    for part in parts:
        condition = part if condition is None else condition & part
    return condition


def sort_key_name(sort: ReaderSort) -> str:
    """The attribute a cursor of this order names (beside the reader id and the listing)."""
    return _orders()[sort].range_key


def listed_readers(sort: ReaderSort, wanted: ReaderFilter, start: Key | None, size: int) -> Iterator[ReaderProfile]:
    """Listed readers matching `wanted` in `sort` order from `start` (a cursor's key), read `size` at a time."""
    order = _orders()[sort]
    results = order.index.query(
        LISTING,
        scan_index_forward=not order.newest_first,
        filter_condition=_condition(wanted),
        last_evaluated_key=start,
        page_size=size,
    )
    return map(_profile, results)


def sort_key_of(profile: ReaderProfile, sort: ReaderSort) -> str:
    return str(getattr(profile, _orders()[sort].range_key))


# Watches: a client's favorites (`fav#<reader>`) and notify-when-free requests (`free#<reader>`, with the
# `count#free` counter of those pending).

FAVORITE, NOTIFY = "fav", "free"
COUNTER = "count#free"


def _watch_key(kind: str, reader_id: str) -> str:
    return f"{kind}#{reader_id}"


@record
class Favorite:
    reader_id: str
    created_at: datetime


def count_favorites(client_id: str) -> int:
    return int(WatchModel.count(client_id, WatchModel.watch_key.startswith(f"{FAVORITE}#")))


def add_favorite(client_id: str, reader_id: str) -> None:
    key = _watch_key(FAVORITE, reader_id)
    WatchModel(client_id, key, reader_watch=key, reader_id=reader_id).save()


def remove_favorite(client_id: str, reader_id: str) -> None:
    WatchModel(client_id, _watch_key(FAVORITE, reader_id)).delete()


def favorites_of(client_id: str) -> list[Favorite]:
    """The client's favorites, newest first."""
    watches = WatchModel.query(client_id, WatchModel.watch_key.startswith(f"{FAVORITE}#"), consistent_read=True)
    found = [Favorite(str(w.reader_id), w.created_at) for w in watches]
    return sorted(found, key=lambda favorite: favorite.created_at, reverse=True)


class NotifyRefused(Exception):
    """`already`: the client waits for this reader already; otherwise they wait for too many readers."""

    def __init__(self, *, already: bool) -> None:
        super().__init__("already waiting" if already else "too many pending")
        self.already = already


def add_notify(client_id: str, reader_id: str, max_pending: int) -> None:
    """A notify-when-free request and the counter in one transaction; raises NotifyRefused."""
    key = _watch_key(NOTIFY, reader_id)
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.save(
                WatchModel(client_id, key, reader_watch=key, reader_id=reader_id),
                condition=WatchModel.watch_key.does_not_exist(),
            )
            transaction.update(
                WatchModel(client_id, COUNTER),
                actions=[WatchModel.pending.add(1)],
                condition=WatchModel.pending.does_not_exist() | (WatchModel.pending < max_pending),
            )
    except TransactWriteError as error:
        reasons = [r.code if r else None for r in error.cancellation_reasons]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise NotifyRefused(already=True) from None
        if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise NotifyRefused(already=False) from None
        raise


def spend_notify(client_id: str, reader_id: str) -> bool:
    """Removes a pending notify-when-free request; True only for the one call that removed it."""
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.delete(
                WatchModel(client_id, _watch_key(NOTIFY, reader_id)), condition=WatchModel.watch_key.exists()
            )
            transaction.update(WatchModel(client_id, COUNTER), actions=[WatchModel.pending.add(-1)])
    except TransactWriteError as error:
        if any(r and r.code == "ConditionalCheckFailed" for r in error.cancellation_reasons):
            return False
        raise
    return True


def watchers(reader_id: str, kind: str, cursor: dict[str, Any] | None, page: int) -> tuple[list[str], Any]:
    """One page of the clients watching the reader (`kind`: FAVORITE or NOTIFY) and the next page's key."""
    results = WatchModel.by_reader.query(
        _watch_key(kind, reader_id), limit=page, last_evaluated_key=cursor, page_size=page
    )
    clients = [str(watch.client_id) for watch in results]
    return clients, results.last_evaluated_key
