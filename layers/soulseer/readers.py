"""Reader profiles: public listing ordered by rating, profile edits, online status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from soulseer import presence
from soulseer.conditional import applied
from soulseer.config import ReaderRateSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.models import ReaderProfileModel, utcnow
from soulseer.pagination import DEFAULT_PAGE_SIZE, decode_cursor, encode_cursor

if TYPE_CHECKING:
    from soulseer.reader_inputs import ProfileInput, Rates

ReaderStatus = Literal["online", "offline", "busy"]
SettableStatus = Literal["online", "offline"]
LISTING = "reader"
_CURSOR_KEYS = frozenset({"reader_id", "listing", "rating_rank"})
_INPUTS = ("ProfileInput", "Rates", "Specialty")


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


def to_public(item: ReaderProfileModel) -> dict[str, Any]:
    count = int(item.rating_count)
    return {
        "reader_id": item.reader_id,
        "display_name": item.display_name,
        "bio": item.bio,
        "specialties": list(item.specialties or []),
        "avatar_url": item.avatar_url,
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
        ReaderProfileModel.status.set(ReaderProfileModel.status | "offline"),
        ReaderProfileModel.rating_total.set(ReaderProfileModel.rating_total | 0),
        ReaderProfileModel.rating_count.set(ReaderProfileModel.rating_count | 0),
        ReaderProfileModel.listing.set(LISTING),
        ReaderProfileModel.rating_rank.set(ReaderProfileModel.rating_rank | rating_rank(0, 0, reader_id)),
        ReaderProfileModel.created_at.set(ReaderProfileModel.created_at | now),
    ]
    avatar = profile.avatar_url
    fields.append(ReaderProfileModel.avatar_url.set(avatar) if avatar else ReaderProfileModel.avatar_url.remove())
    ReaderProfileModel(reader_id).update(actions=fields)
    return get_reader(reader_id)


def set_status(reader_id: str, status: SettableStatus) -> dict[str, Any]:
    """Online (only with a live connection: presence) or offline by the reader's choice; never while a
    reading keeps them busy. Coming online from offline is announced to favorites and waiting clients."""
    if status not in ("online", "offline"):
        raise DomainError(ErrorCode.INVALID_STATUS)
    if status == "online":
        presence.require_live(reader_id)
    previous = "offline" if status == "online" else "online"
    if applied(lambda: _set(reader_id, status, ReaderProfileModel.status == previous)):
        if status == "online":
            presence.announce_available(reader_id, previous)
        return get_reader(reader_id)
    current = _load_or_none(reader_id)
    if current is None:
        raise DomainError(ErrorCode.PROFILE_REQUIRED) from None
    if current.status == "busy":
        raise DomainError(ErrorCode.READER_BUSY) from None
    return to_public(current)  # already what was asked


def _set(reader_id: str, status: str, condition: Condition) -> None:
    ReaderProfileModel(reader_id).update(
        actions=[ReaderProfileModel.status.set(status), ReaderProfileModel.updated_at.set(utcnow())],
        condition=ReaderProfileModel.reader_id.exists() & condition,
    )


def _load_or_none(reader_id: str) -> ReaderProfileModel | None:
    try:
        return ReaderProfileModel.get(reader_id, consistent_read=True)
    except ReaderProfileModel.DoesNotExist:
        return None


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
    limit: int = DEFAULT_PAGE_SIZE,
    cursor: str | None = None,
) -> ReaderPage:
    """Readers ordered by rating (best first), filtered, one page at a time."""
    condition: Condition | None = None
    if status:
        condition = ReaderProfileModel.status == status
    if specialty:
        has_specialty = ReaderProfileModel.specialties.contains(specialty.strip().lower())
        condition = has_specialty if condition is None else condition & has_specialty
    start_key = decode_cursor(cursor, _CURSOR_KEYS) if cursor else None
    results = ReaderProfileModel.by_rating.query(
        LISTING,
        scan_index_forward=False,
        filter_condition=condition,
        last_evaluated_key=_to_dynamo_key(start_key) if start_key else None,
        page_size=max(limit, 25),
    )
    items: list[ReaderProfileModel] = []
    for item in results:
        items.append(item)
        if len(items) > limit:
            break
    page, more = items[:limit], len(items) > limit
    next_cursor = None
    if more and page:
        last = page[-1]
        next_cursor = encode_cursor(
            {"reader_id": last.reader_id, "listing": last.listing, "rating_rank": last.rating_rank}
        )
    return ReaderPage(items=[to_public(item) for item in page], next_cursor=next_cursor)


def _to_dynamo_key(key: dict[str, str]) -> dict[str, dict[str, str]]:
    return {name: {"S": value} for name, value in key.items()}
