"""A client's money history in people's words: one line per reading (all its billed minutes), gift,
order, top-up, refund and chargeback, newest first, from the ledger entries of the client's balance.

A reading's minutes are many entries; its line is written where its newest charge is met and its other
charges are skipped. The cursor carries the readings already shown, so a reading whose minutes span two
pages is still one line."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator

from soulseer import ledger, readers
from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.core import Line
from soulseer.ledger.kinds import MovementKind
from soulseer.readings import lifecycle
from soulseer.schemas.payments import HistoryLine, HistoryPage
from soulseer.stores import products as product_store
from soulseer.streams.catalog import label_of

KIND_WORDS = {"chat": "Chat", "voice": "Voice call", "video": "Video call"}
_DISPUTE_WORDS: dict[str, str] = {
    MovementKind.CHARGEBACK: "Held during a card dispute",
    MovementKind.CHARGEBACK_WON: "Card dispute closed: released",
    MovementKind.CHARGEBACK_LOST: "Card dispute lost",
}
_REMEMBERED = 5  # readings kept in the cursor (a reading's minutes are consecutive entries)
_BATCH = 25  # ledger entries read at a time
_SCAN_PAGES = 40  # ledger pages read at most for one page of lines (a 1,000-minute reading)


def _decode(cursor: str | None) -> tuple[str | None, int, list[str]]:
    """(the ledger cursor of the page to resume in, entries of it already shown, readings shown)."""
    if cursor is None:
        return None, 0, []
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        inner, skip, seen = raw.get("c"), raw.get("k"), raw.get("s")
        if (inner is None or isinstance(inner, str)) and isinstance(skip, int) and isinstance(seen, list):
            return inner, max(skip, 0), [str(s) for s in seen]
    except (ValueError, binascii.Error, AttributeError):
        pass
    raise DomainError(ErrorCode.INVALID_CURSOR)


def _encode(inner: str | None, skip: int, seen: list[str]) -> str:
    body = {"c": inner, "k": skip, "s": seen[-_REMEMBERED:]}
    return base64.urlsafe_b64encode(json.dumps(body).encode()).decode()


def _entries(user_id: str, cursor: str | None, skip: int) -> Iterator[tuple[Line, str | None, int]]:
    """(entry, the ledger cursor its page was read with, its place in that page), newest first."""
    for _ in range(_SCAN_PAGES):
        rows, next_cursor = ledger.entries_of(ledger.client_balance(user_id), limit=_BATCH, cursor=cursor)
        for index, row in enumerate(rows):
            if index >= skip:
                yield row, cursor, index
        if next_cursor is None:
            return
        cursor, skip = next_cursor, 0


def history(user_id: str, limit: int, cursor: str | None) -> HistoryPage:
    inner, skip, seen = _decode(cursor)
    lines: list[HistoryLine] = []
    names: dict[str, str] = {}
    for row, page_cursor, index in _entries(user_id, inner, skip):
        if len(lines) == limit:  # the next page starts at this entry
            return HistoryPage(items=lines, next_cursor=_encode(page_cursor, index, seen))
        line = _line(row, seen, names)
        if line is not None:
            lines.append(line)
    return HistoryPage(items=lines, next_cursor=None)


def _reader_name(reader_id: str | None, names: dict[str, str]) -> str:
    if not reader_id:
        return "a reader"
    if reader_id not in names:
        profile = readers.find_profile(reader_id)
        names[reader_id] = profile.display_name if profile is not None and profile.display_name else "a reader"
    return names[reader_id]


def _minutes(count: int) -> str:
    return f"{count} min"


def _line(row: Line, seen: list[str], names: dict[str, str]) -> HistoryLine | None:
    kind, memo, movement = row.kind, row.memo or {}, row.movement_id
    amount, at = row.amount_cents, row.created_at.isoformat()
    if kind == MovementKind.READING:
        session_id = str(memo.get("session") or "")
        if session_id in seen:
            return None
        seen.append(session_id)
        try:
            session = lifecycle.load(session_id)
        except DomainError:
            return HistoryLine(
                id=movement, type="reading", title="Reading", detail=None, amount_cents=amount, created_at=at
            )
        words = KIND_WORDS.get(str(session.kind), "Reading")
        return HistoryLine(
            id=f"reading:{session_id}",
            type="reading",
            title=f"{words} with {_reader_name(session.reader_id, names)}",
            detail=_minutes(int(session.paid_minutes)),
            session_id=session_id,
            amount_cents=-int(session.total_cents),
            created_at=at,
        )
    if kind == MovementKind.TOPUP:
        return HistoryLine(
            id=movement, type="topup", title="Funds added", detail=None, amount_cents=amount, created_at=at
        )
    if kind == MovementKind.GIFT:
        gift, _ = label_of(str(memo.get("gift") or "gift"))
        reader = _reader_name(memo.get("reader"), names)
        return HistoryLine(
            id=movement, type="gift", title=f"Gift to {reader}", detail=gift, amount_cents=amount, created_at=at
        )
    if kind == MovementKind.PURCHASE:
        order_id = str(memo.get("order") or "")
        order = product_store.find_order(order_id) if order_id else None
        product = order.product_name if order is not None else None
        quantity = int(memo.get("quantity") or 1)
        detail = f"{quantity} x {product}" if product and quantity > 1 else product
        return HistoryLine(
            id=movement,
            type="order",
            title="Order",
            detail=detail,
            order_id=order_id or None,
            amount_cents=amount,
            created_at=at,
        )
    if kind == MovementKind.REFUND:
        refunded = memo.get("session")
        if refunded:
            return HistoryLine(
                id=movement,
                type="refund",
                title="Refund for a reading",
                detail=None,
                session_id=str(refunded),
                amount_cents=amount,
                created_at=at,
            )
        return HistoryLine(
            id=movement, type="refund", title="Card refund", detail=None, amount_cents=amount, created_at=at
        )
    if kind.startswith(MovementKind.CHARGEBACK):
        return HistoryLine(
            id=movement,
            type="chargeback",
            title=_DISPUTE_WORDS.get(kind, "Card dispute"),
            detail=None,
            amount_cents=amount,
            created_at=at,
        )
    return HistoryLine(
        id=movement, type="adjustment", title="Adjustment", detail=None, amount_cents=amount, created_at=at
    )
