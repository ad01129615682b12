"""Reader profiles: public listing ordered by rating, profile edits, online status.

Profiles are read and written through soulseer.stores.users; what the API shows is `ReaderView`, built
here once (`to_public`). The schema loads on first use: the presence and WebSocket functions use this
module (through favorites and presence) but show no profile, and start without pydantic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from soulseer import media, presence, reader_search
from soulseer.clock import utcnow
from soulseer.config import ReaderRateSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.pagination import DEFAULT_PAGE_SIZE
from soulseer.stores import users as store
from soulseer.stores.users import ReaderProfile, Write

if TYPE_CHECKING:
    from soulseer.reader_inputs import ProfileInput, Rates
    from soulseer.schemas.readers import ReaderPage, ReaderView

SettableStatus = Literal["online", "offline"]  # what a reader may choose; busy follows their readings
LISTING = store.LISTING
_INPUTS = ("ProfileInput", "Rates", "Specialty")
NEW_READER_DAYS = 30  # a reader who joined within this many days shows the "new" badge


def __getattr__(name: str) -> Any:
    """`readers.ProfileInput` and `readers.Rates` (the API's input models) load pydantic on first use:
    the presence and WebSocket functions use this module but take no profile input."""
    if name in _INPUTS:
        from soulseer import reader_inputs

        return getattr(reader_inputs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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


def to_public(profile: ReaderProfile) -> ReaderView:
    from soulseer.schemas.common import ImageView
    from soulseer.schemas.readers import RatesView, RatingView, ReaderView

    count = profile.rating_count
    photo = media.reader_photo(profile.reader_id, profile.photo_id)
    responses = profile.response_count
    return ReaderView(
        reader_id=profile.reader_id,
        display_name=profile.display_name,
        bio=profile.bio,
        specialties=list(profile.specialties),
        avatar_url=photo["medium"] if photo else None,
        photo=ImageView(**photo) if photo else None,
        languages=list(profile.languages),
        years_experience=profile.years_experience,
        readings_completed=profile.readings_completed,
        average_response_seconds=profile.response_seconds_total // responses if responses else None,
        is_new=(utcnow() - profile.created_at).days < NEW_READER_DAYS,
        joined_at=profile.created_at.isoformat(),
        rates=RatesView(
            chat_cents=profile.rate_chat_cents,
            voice_cents=profile.rate_voice_cents,
            video_cents=profile.rate_video_cents,
        ),
        status=ReaderStatus(profile.status),
        rating=RatingView(count=count, average=round(profile.rating_total / count, 2) if count else None),
    )


def check_rates(rates: Rates) -> None:
    """Raises `rate_out_of_bounds` unless every rate is within the configured bounds."""
    bounds = settings_for(ReaderRateSettings)
    low, high = bounds.READER_RATE_MIN_CENTS, bounds.READER_RATE_MAX_CENTS
    bad = {name: value for name, value in rates.model_dump().items() if not low <= value <= high}
    if bad:
        raise DomainError(
            ErrorCode.RATE_OUT_OF_BOUNDS,
            f"Per-minute rates must be between {low} and {high} cents.",
            details={"min_cents": low, "max_cents": high, "rejected": bad},
        )


def _load(reader_id: str) -> ReaderProfile:
    profile = store.find_reader(reader_id)
    if profile is None:
        raise DomainError(ErrorCode.READER_NOT_FOUND)
    return profile


def get_reader(reader_id: str) -> ReaderView:
    return to_public(_load(reader_id))


def find_profile(reader_id: str) -> ReaderView | None:
    profile = store.find_reader(reader_id)
    return None if profile is None else to_public(profile)


def save_profile(reader_id: str, profile: ProfileInput) -> ReaderView:
    """Creates or replaces the reader's editable profile; status and ratings are kept."""
    check_rates(profile.rates)
    rates = profile.rates
    store.save_profile(
        reader_id,
        store.ProfileEdit(
            display_name=profile.display_name,
            bio=profile.bio,
            specialties=list(profile.specialties),
            languages=list(profile.languages),
            years_experience=profile.years_experience,
            rate_chat_cents=rates.chat_cents,
            rate_voice_cents=rates.voice_cents,
            rate_video_cents=rates.video_cents,
            search_text=search_text(profile.display_name, list(profile.specialties), profile.bio),
            price_rank=price_rank(rates.chat_cents, rates.voice_cents, rates.video_cents, reader_id),
            first_rating_rank=rating_rank(0, 0, reader_id),
        ),
    )
    return get_reader(reader_id)


def set_status(reader_id: str, status: SettableStatus) -> ReaderView:
    """Online (only with a live connection: presence) or offline by the reader's choice; never while a
    reading keeps them busy. Coming online from offline is announced to favorites and waiting clients."""
    if status not in (ReaderStatus.ONLINE, ReaderStatus.OFFLINE):
        raise DomainError(ErrorCode.INVALID_STATUS)
    online = status == ReaderStatus.ONLINE
    if online:
        refuse_if_suspended(reader_id)
        presence.require_live(reader_id)
    previous = ReaderStatus.OFFLINE if online else ReaderStatus.ONLINE
    if store.set_reader_status(reader_id, status, was=previous, unless_suspended=online):
        if online:
            presence.announce_available(reader_id, previous)
        return get_reader(reader_id)
    current = store.find_reader(reader_id)
    if current is None:
        raise DomainError(ErrorCode.PROFILE_REQUIRED) from None
    if current.status == ReaderStatus.BUSY:
        raise DomainError(ErrorCode.READER_BUSY) from None
    if online and current.suspended_at is not None:
        raise _suspended()
    return to_public(current)  # already what was asked


def public_reader(reader_id: str) -> ReaderView:
    """A reader as the public sees them: a suspended reader is not found."""
    profile = _load(reader_id)
    if profile.suspended_at is not None:
        raise DomainError(ErrorCode.READER_NOT_FOUND)
    return to_public(profile)


def _suspended() -> DomainError:
    return DomainError(ErrorCode.READER_SUSPENDED)


def refuse_if_suspended(reader_id: str) -> None:
    """403 `reader_suspended`: a suspended reader cannot go online or live."""
    profile = store.find_reader(reader_id)
    if profile is not None and profile.suspended_at is not None:
        raise _suspended()


def find_item(reader_id: str) -> ReaderProfile | None:
    """The stored profile (suspension included), or None."""
    return store.find_reader(reader_id)


def _checked_stars(stars: int) -> int:
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise DomainError(ErrorCode.INVALID_RATING)
    return stars


def rating_write(reader_id: str, stars: int) -> Write:
    """The reader's rating moved by one more review of `stars`, for the transaction that stores the review:
    rating and count are the sum and number of the reviews stored, never set apart from one. The write is
    conditioned on the count read here (a concurrent review of the same reader makes the caller retry)."""
    _checked_stars(stars)
    profile = _load(reader_id)
    rank = rating_rank(profile.rating_total + stars, profile.rating_count + 1, reader_id)
    return store.rating_write(reader_id, stars, rank, count_was=profile.rating_count)


def record_rating(reader_id: str, stars: int) -> ReaderView:
    _checked_stars(stars)
    profile = _load(reader_id)
    rank = rating_rank(profile.rating_total + stars, profile.rating_count + 1, reader_id)
    store.add_rating(reader_id, stars, rank, count_was=profile.rating_count)
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
    from soulseer.schemas.readers import ReaderPage

    wanted = reader_search.filters(status=status, specialty=specialty, q=q)
    profiles, next_cursor = reader_search.page(wanted, sort, limit, cursor)
    return ReaderPage(items=[to_public(profile) for profile in profiles], next_cursor=next_cursor)


def set_photo(reader_id: str, photo_id: str) -> bool:
    """The resize function stored `photo_id`'s sizes: it becomes the reader's photo."""
    return store.set_reader_photo(reader_id, photo_id)
