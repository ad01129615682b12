"""Finding readers: `q=` over name, specialties and bio, filters, and the orders of the listing.

Every order is one query of an index of the reader-profiles table whose partition is the whole catalogue
(`listing = "reader"`), filtered server-side and paged with an opaque cursor. The default order shows the
available readers first: the by-rating index read once per status (online, then busy, then offline), the
cursor naming the phase it stopped in. How this scales past one partition: docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pynamodb.expressions.condition import Condition

from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.models import ReaderProfileModel
from soulseer.pagination import decode_cursor, encode_cursor

Sort = Literal["availability", "rating", "price", "newest"]
LISTING = "reader"
AVAILABILITY_PHASES = (ReaderStatus.ONLINE, ReaderStatus.BUSY, ReaderStatus.OFFLINE)
MAX_TERMS = 5
Key = dict[str, dict[str, str]]


@dataclass(frozen=True)
class _Order:
    index: Any
    range_key: str
    newest_first: bool


_ORDERS: dict[str, _Order] = {
    "rating": _Order(ReaderProfileModel.by_rating, "rating_rank", True),
    "availability": _Order(ReaderProfileModel.by_rating, "rating_rank", True),
    "price": _Order(ReaderProfileModel.by_price, "price_rank", False),
    "newest": _Order(ReaderProfileModel.by_joined, "joined_key", True),
}


def _and(left: Condition | None, right: Condition) -> Condition:
    return right if left is None else left & right


def filters(*, status: str | None = None, specialty: str | None = None, q: str | None = None) -> Condition | None:
    """The filter every order applies: status, one specialty, and each word of `q` somewhere in the
    reader's name, specialties or bio (case-insensitive)."""
    condition: Condition | None = None
    if status:
        condition = ReaderProfileModel.status == status
    if specialty:
        condition = _and(condition, ReaderProfileModel.specialties.contains(specialty.strip().lower()))
    terms = (q or "").lower().split()
    if len(terms) > MAX_TERMS:
        raise DomainError(ErrorCode.INVALID_QUERY, f"Search with at most {MAX_TERMS} words.")
    for term in terms:
        condition = _and(condition, ReaderProfileModel.search_text.contains(term))
    return condition


def _phases(sort: str) -> tuple[str | None, ...]:
    return AVAILABILITY_PHASES if sort == "availability" else (None,)


def _cursor_keys(order: _Order) -> frozenset[str]:
    return frozenset({"phase", "reader_id", "listing", order.range_key})


def _start(order: _Order, sort: str, cursor: str | None) -> tuple[int, Key | None]:
    if not cursor:
        return 0, None
    key = decode_cursor(cursor, _cursor_keys(order))
    phase = key.pop("phase")
    if not phase.isdigit() or int(phase) >= len(_phases(sort)) or key["listing"] != LISTING:
        raise DomainError(ErrorCode.INVALID_CURSOR)
    return int(phase), {name: {"S": value} for name, value in key.items()}


def _items(
    order: _Order, sort: str, condition: Condition | None, phase: int, start: Key | None, size: int
) -> Iterator[tuple[int, ReaderProfileModel]]:
    phases = _phases(sort)
    for number in range(phase, len(phases)):
        status = phases[number]
        phase_condition = condition if status is None else _and(condition, ReaderProfileModel.status == status)
        results = order.index.query(
            LISTING,
            scan_index_forward=not order.newest_first,
            filter_condition=phase_condition,
            last_evaluated_key=start if number == phase else None,
            page_size=size,
        )
        for item in results:
            yield number, item


def page(
    condition: Condition | None, sort: Sort | None, limit: int, cursor: str | None
) -> tuple[list[ReaderProfileModel], str | None]:
    """One page in `sort` order (default: availability) and the cursor of the next, if there is one."""
    sort = sort or "availability"
    order = _ORDERS[sort]
    phase, start = _start(order, sort, cursor)
    found: list[tuple[int, ReaderProfileModel]] = []
    for entry in _items(order, sort, condition, phase, start, max(limit, 25)):
        found.append(entry)
        if len(found) > limit:
            break
    page_items = found[:limit]
    if len(found) <= limit or not page_items:
        return [item for _, item in page_items], None
    last_phase, last = page_items[-1]
    next_cursor = encode_cursor(
        {
            "phase": str(last_phase),
            "reader_id": last.reader_id,
            "listing": LISTING,
            order.range_key: str(getattr(last, order.range_key)),
        }
    )
    return [item for _, item in page_items], next_cursor
