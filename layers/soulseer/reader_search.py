"""Finding readers: `q=` over name, specialties and bio, filters, and the orders of the listing.

Every order is one query of an index of the reader-profiles table whose partition is the whole catalogue
(`listing = "reader"`), filtered server-side and paged with an opaque cursor (soulseer.stores.users reads
them). The default order shows the available readers first: the by-rating index read once per status
(online, then busy, then offline), the cursor naming the phase it stopped in. How this scales past one
partition: docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReaderStatus
from soulseer.pagination import decode_cursor, encode_cursor
from soulseer.records import evolve
from soulseer.stores import users as store
from soulseer.stores.users import Key, ReaderFilter, ReaderProfile, ReaderSort

Sort = Literal["availability", "rating", "price", "newest"]
LISTING = store.LISTING
AVAILABILITY_PHASES = (ReaderStatus.ONLINE, ReaderStatus.BUSY, ReaderStatus.OFFLINE)
MAX_TERMS = 5


def filters(*, status: str | None = None, specialty: str | None = None, q: str | None = None) -> ReaderFilter:
    """The filter every order applies: status, one specialty, and each word of `q` somewhere in the
    reader's name, specialties or bio (case-insensitive)."""
    terms = (q or "").lower().split()
    if len(terms) > MAX_TERMS:
        raise DomainError(ErrorCode.INVALID_QUERY, f"Search with at most {MAX_TERMS} words.")
    return ReaderFilter(
        status=status or None,
        specialty=specialty.strip().lower() if specialty else None,
        terms=tuple(terms),
    )


def _index_order(sort: Sort) -> ReaderSort:
    return "rating" if sort == "availability" else sort


def _phases(sort: str) -> tuple[str | None, ...]:
    return AVAILABILITY_PHASES if sort == "availability" else (None,)


def _cursor_keys(sort: Sort) -> frozenset[str]:
    return frozenset({"phase", "reader_id", "listing", store.sort_key_name(_index_order(sort))})


def _start(sort: Sort, cursor: str | None) -> tuple[int, Key | None]:
    if not cursor:
        return 0, None
    key = decode_cursor(cursor, _cursor_keys(sort))
    phase = key.pop("phase")
    if not phase.isdigit() or int(phase) >= len(_phases(sort)) or key["listing"] != LISTING:
        raise DomainError(ErrorCode.INVALID_CURSOR)
    return int(phase), {name: {"S": value} for name, value in key.items()}


def _items(
    sort: Sort, wanted: ReaderFilter, phase: int, start: Key | None, size: int
) -> Iterator[tuple[int, ReaderProfile]]:
    phases = _phases(sort)
    for number in range(phase, len(phases)):
        status = phases[number]
        phase_filter = wanted if status is None else evolve(wanted, status=status)
        if status is not None and wanted.status is not None and wanted.status != status:
            continue  # asked for one status: the other phases hold none of it
        for profile in store.listed_readers(_index_order(sort), phase_filter, start if number == phase else None, size):
            yield number, profile


def page(
    wanted: ReaderFilter, sort: Sort | None, limit: int, cursor: str | None
) -> tuple[list[ReaderProfile], str | None]:
    """One page in `sort` order (default: availability) and the cursor of the next, if there is one."""
    sort = sort or "availability"
    phase, start = _start(sort, cursor)
    found: list[tuple[int, ReaderProfile]] = []
    for entry in _items(sort, wanted, phase, start, max(limit, 25)):
        found.append(entry)
        if len(found) > limit:
            break
    page_items = found[:limit]
    if len(found) <= limit or not page_items:
        return [profile for _, profile in page_items], None
    last_phase, last = page_items[-1]
    order = _index_order(sort)
    next_cursor = encode_cursor(
        {
            "phase": str(last_phase),
            "reader_id": last.reader_id,
            "listing": LISTING,
            store.sort_key_name(order): store.sort_key_of(last, order),
        }
    )
    return [profile for _, profile in page_items], next_cursor
