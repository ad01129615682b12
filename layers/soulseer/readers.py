"""Reader profiles: public listing ordered by rating, profile edits, online status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from soulseer import media, presence, reader_search
from soulseer.conditional import applied
from soulseer.config import ReaderRateSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.models import ReaderProfileModel, utcnow
from soulseer.pagination import DEFAULT_PAGE_SIZE

if TYPE_CHECKING:
    from soulseer.reader_inputs import ProfileInput, Rates

SettableStatus = Literal["online", "offline"]  # what a reader may choose; busy follows their readings
LISTING = "reader"
_INPUTS = ("ProfileInput", "Rates", "Specialty")
NEW_READER_DAYS = 30  # a reader who joined within this many days shows the "new" badge


def __getattr__(name: str) -> Any:
    """`readers.ProfileInput` and `readers.Rates` (the API's input models) load pydantic on first use:
    the presence and WebSocket functions use this module but take no profile input."""
    if name in _INPUTS:
        from soulseer import reader_inputs

        return getattr(reader_inputs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ReaderPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


def rating_rank(rating_total: int, rating_count: int, reader_id: str) -> str:
    """Sort key of the by-rating index: average rating in hundredths, zero-padded, then the id."""
    average_centi = rating_total * 100 // rating_count if rating_count else 0
    return f"{average_centi:03d}#{reader_id}"


def price_rank(chat_cents: int, voice_cents: int, video_cents: int, reader_id: str) -> str:
    """Sort key of the by-price index: the reader's lowest per-minute rate, zero-padded, then the id."""
    return f"{min(chat_cents, voice_cents, video_cents):07d}#{reader_id}"


def search_text(display_name: str, specialties: list[str], bio: str) -> str:
    """What `q=` searches: name, specialties and bio, lower-case."""
    return " | ".join([display_name, " ".join(specialties), bio]).lower()


def to_public(item: ReaderProfileModel) -> dict[str, Any]:
    count = int(item.rating_count)
    photo = media.reader_photo(item.reader_id, item.photo_id)
    responses = int(item.response_count or 0)
    return {
        "reader_id": item.reader_id,
        "display_name": item.display_name,
        "bio": item.bio,
        "specialties": list(item.specialties or []),
        "avatar_url": photo["medium"] if photo else None,
        "photo": photo,
        "languages": list(item.languages or []),
        "years_experience": int(item.years_experience) if item.years_experience is not None else None,
        "readings_completed": int(item.readings_completed or 0),
        "average_response_seconds": int(item.response_seconds_total) // responses if responses else None,
        "is_new": (utcnow() - item.created_at).days < NEW_READER_DAYS,
        "joined_at": item.created_at.isoformat(),
        "rates": {
            "chat_cents": int(item.rate_chat_cents),
            "voice_cents": int(item.rate_voice_cents),
            "video_cents": int(item.rate_video_cents),
        },
        "status": item.status,
        "rating": {
            "count": count,
            "average": round(int(item.rating_total) / count, 2) if count else None,
        },
    }


def _check_rates(rates: Rates) -> None:
    bounds = settings_for(ReaderRateSettings)
    low, high = bounds.READER_RATE_MIN_CENTS, bounds.READER_RATE_MAX_CENTS
    bad = {name: value for name, value in rates.model_dump().items() if not low <= value <= high}
    if bad:
        raise DomainError(
            ErrorCode.RATE_OUT_OF_BOUNDS,
            f"Per-minute rates must be between {low} and {high} cents.",
            details={"min_cents": low, "max_cents": high, "rejected": bad},
        )


def check_rates(rates: Rates) -> None:
    """Raises `rate_out_of_bounds` unless every rate is within the configured bounds."""
    _check_rates(rates)


def _load(reader_id: str) -> ReaderProfileModel:
    item = _load_or_none(reader_id)
    if item is None:
        raise DomainError(ErrorCode.READER_NOT_FOUND)
    return item


def get_reader(reader_id: str) -> dict[str, Any]:
    return to_public(_load(reader_id))


def find_profile(reader_id: str) -> dict[str, Any] | None:
    item = _load_or_none(reader_id)
    return None if item is None else to_public(item)


def save_profile(reader_id: str, profile: ProfileInput) -> dict[str, Any]:
    """Creates or replaces the reader's editable profile; status and ratings are kept."""
    _check_rates(profile.rates)
    now = utcnow()
    fields: list[Action] = [
        ReaderProfileModel.display_name.set(profile.display_name),
        ReaderProfileModel.bio.set(profile.bio),
        ReaderProfileModel.specialties.set(list(profile.specialties)),  # type: ignore[arg-type]
        ReaderProfileModel.rate_chat_cents.set(profile.rates.chat_cents),
        ReaderProfileModel.rate_voice_cents.set(profile.rates.voice_cents),
        ReaderProfileModel.rate_video_cents.set(profile.rates.video_cents),
        ReaderProfileModel.updated_at.set(now),
        ReaderProfileModel.status.set(ReaderProfileModel.status | ReaderStatus.OFFLINE),
        ReaderProfileModel.rating_total.set(ReaderProfileModel.rating_total | 0),
        ReaderProfileModel.rating_count.set(ReaderProfileModel.rating_count | 0),
        ReaderProfileModel.listing.set(ReaderProfileModel.listing | LISTING),  # a suspended reader stays unlisted
        ReaderProfileModel.rating_rank.set(ReaderProfileModel.rating_rank | rating_rank(0, 0, reader_id)),
        ReaderProfileModel.created_at.set(ReaderProfileModel.created_at | now),
    ]
    rates = profile.rates
    cheapest = price_rank(rates.chat_cents, rates.voice_cents, rates.video_cents, reader_id)
    fields += [
        ReaderProfileModel.price_rank.set(cheapest),
        ReaderProfileModel.joined_key.set(ReaderProfileModel.joined_key | f"{now.isoformat()}#{reader_id}"),
        ReaderProfileModel.search_text.set(search_text(profile.display_name, list(profile.specialties), profile.bio)),
        ReaderProfileModel.languages.set(list(profile.languages)),  # type: ignore[arg-type]
        ReaderProfileModel.avatar_url.remove(),  # a photo comes only from an upload (`photo_id`)
    ]
    if profile.years_experience is None:
        fields.append(ReaderProfileModel.years_experience.remove())
    else:
        fields.append(ReaderProfileModel.years_experience.set(profile.years_experience))
    ReaderProfileModel(reader_id).update(actions=fields)
    return get_reader(reader_id)


def set_status(reader_id: str, status: SettableStatus) -> dict[str, Any]:
    """Online (only with a live connection: presence) or offline by the reader's choice; never while a
    reading keeps them busy. Coming online from offline is announced to favorites and waiting clients."""
    if status not in (ReaderStatus.ONLINE, ReaderStatus.OFFLINE):
        raise DomainError(ErrorCode.INVALID_STATUS)
    if status == ReaderStatus.ONLINE:
        refuse_if_suspended(reader_id)
        presence.require_live(reader_id)
    previous = ReaderStatus.OFFLINE if status == ReaderStatus.ONLINE else ReaderStatus.ONLINE
    allowed = ReaderProfileModel.status == previous
    if status == ReaderStatus.ONLINE:
        allowed &= ReaderProfileModel.suspended_at.does_not_exist()
    if applied(lambda: _set(reader_id, status, allowed)):
        if status == ReaderStatus.ONLINE:
            presence.announce_available(reader_id, previous)
        return get_reader(reader_id)
    current = _load_or_none(reader_id)
    if current is None:
        raise DomainError(ErrorCode.PROFILE_REQUIRED) from None
    if current.status == ReaderStatus.BUSY:
        raise DomainError(ErrorCode.READER_BUSY) from None
    if status == ReaderStatus.ONLINE and current.suspended_at is not None:
        raise _suspended()
    return to_public(current)  # already what was asked


def _set(reader_id: str, status: str, condition: Condition) -> None:
    ReaderProfileModel(reader_id).update(
        actions=[ReaderProfileModel.status.set(status), ReaderProfileModel.updated_at.set(utcnow())],
        condition=ReaderProfileModel.reader_id.exists() & condition,
    )


def public_reader(reader_id: str) -> dict[str, Any]:
    """A reader as the public sees them: a suspended reader is not found."""
    item = _load(reader_id)
    if item.suspended_at is not None:
        raise DomainError(ErrorCode.READER_NOT_FOUND)
    return to_public(item)


def _suspended() -> DomainError:
    return DomainError(ErrorCode.READER_SUSPENDED)


def refuse_if_suspended(reader_id: str) -> None:
    """403 `reader_suspended`: a suspended reader cannot go online or live."""
    item = _load_or_none(reader_id)
    if item is not None and item.suspended_at is not None:
        raise _suspended()


def find_item(reader_id: str) -> ReaderProfileModel | None:
    """The stored profile (suspension included), or None."""
    return _load_or_none(reader_id)


def _load_or_none(reader_id: str) -> ReaderProfileModel | None:
    try:
        return ReaderProfileModel.get(reader_id, consistent_read=True)
    except ReaderProfileModel.DoesNotExist:
        return None


def rating_write(reader_id: str, stars: int) -> Callable[[TransactWrite], None]:
    """The reader's rating moved by one more review of `stars`, for the transaction that stores the review:
    rating and count are the sum and number of the reviews stored, never set apart from one. The write is
    conditioned on the count read here (a concurrent review of the same reader makes the caller retry)."""
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise DomainError(ErrorCode.INVALID_RATING)
    item = _load(reader_id)
    total, count = int(item.rating_total) + stars, int(item.rating_count) + 1

    def write(transaction: TransactWrite) -> None:
        transaction.update(
            ReaderProfileModel(reader_id),
            actions=[
                ReaderProfileModel.rating_total.add(stars),
                ReaderProfileModel.rating_count.add(1),
                ReaderProfileModel.rating_rank.set(rating_rank(total, count, reader_id)),
            ],
            condition=ReaderProfileModel.rating_count == item.rating_count,
        )

    return write


def record_rating(reader_id: str, stars: int) -> dict[str, Any]:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise DomainError(ErrorCode.INVALID_RATING)
    item = _load(reader_id)
    total, count = int(item.rating_total) + stars, int(item.rating_count) + 1
    item.update(
        actions=[
            ReaderProfileModel.rating_total.add(stars),
            ReaderProfileModel.rating_count.add(1),
            ReaderProfileModel.rating_rank.set(rating_rank(total, count, reader_id)),
        ],
        condition=ReaderProfileModel.rating_count == item.rating_count,
    )
    return get_reader(reader_id)


def list_readers(
    *,
    status: ReaderStatus | None = None,
    specialty: str | None = None,
    q: str | None = None,
    sort: reader_search.Sort | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    cursor: str | None = None,
) -> ReaderPage:
    """Readers matching the filters, one page at a time, in `sort` order (available readers first when
    none is given): see soulseer.reader_search."""
    condition = reader_search.filters(status=status, specialty=specialty, q=q)
    items, next_cursor = reader_search.page(condition, sort, limit, cursor)
    return ReaderPage(items=[to_public(item) for item in items], next_cursor=next_cursor)


def set_photo(reader_id: str, photo_id: str) -> bool:
    """The resize function stored `photo_id`'s sizes: it becomes the reader's photo."""
    return applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[ReaderProfileModel.photo_id.set(photo_id), ReaderProfileModel.updated_at.set(utcnow())],
            condition=ReaderProfileModel.reader_id.exists(),
        )
    )
