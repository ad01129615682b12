"""Posting movements: balances and immutable entries change together, exactly once per movement id."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from soulseer import rollups
from soulseer.clock import utcnow
from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.accounts import is_capped, is_floored
from soulseer.ledger.kinds import MovementKind, account_kind
from soulseer.ledger.transaction import (
    CONDITION_FAILED,
    RETRYABLE,
    Cancelled,
    ItemRole,
    OrderedTransaction,
    Reason,
    Tag,
    Throttled,
)
from soulseer.pagination import DEFAULT_PAGE_SIZE
from soulseer.stores import ledger as store
from soulseer.stores.ledger import StoredMovement

ExtraWrite = store.Write
MAX_TRANSACTION_ITEMS = 100
_CONFLICT_RETRIES = 10


class LedgerError(DomainError):
    """The root of everything the ledger refuses."""


class InvalidMovement(LedgerError):
    default_code = ErrorCode.INVALID_ENTRY


class InsufficientFunds(LedgerError):
    default_code = ErrorCode.INSUFFICIENT_FUNDS


class PreconditionFailed(LedgerError):
    """A write the caller added to the movement found its item changed; re-read and decide again.
    `failed_writes` are the positions (in `extra_writes`) of the writes whose condition failed."""

    default_code = ErrorCode.PRECONDITION_FAILED

    def __init__(self, message: str | None = None, *, failed_writes: tuple[int, ...] = (), **kwargs: Any) -> None:
        super().__init__(message=message, **kwargs)
        self.failed_writes = failed_writes


class LedgerBusy(LedgerError):
    default_code = ErrorCode.LEDGER_BUSY


@dataclass(frozen=True)
class Entry:
    debit: str
    credit: str
    amount: int

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise InvalidMovement(ErrorCode.INVALID_AMOUNT)
        if self.debit == self.credit:
            raise InvalidMovement(ErrorCode.INVALID_ENTRY)


@dataclass(frozen=True)
class Movement:
    movement_id: str
    kind: str
    entries: tuple[Entry, ...]
    memo: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    replayed: bool = False

    def amount_to(self, account_id: str) -> int:
        return postings(self.entries).get(account_id, 0)


def postings(entries: Iterable[Entry]) -> dict[str, int]:
    """Net signed change per account; by construction the values sum to zero."""
    net: dict[str, int] = {}
    for entry in entries:
        net[entry.debit] = net.get(entry.debit, 0) - entry.amount
        net[entry.credit] = net.get(entry.credit, 0) + entry.amount
    return {account: amount for account, amount in net.items() if amount}


def post(
    movement_id: str,
    kind: MovementKind,
    entries: Sequence[Entry],
    *,
    memo: Mapping[str, str] | None = None,
    extra_writes: Sequence[ExtraWrite] = (),
) -> Movement:
    """Posts a movement once. A repeated id changes nothing and returns the first movement.
    A refusal is explained from the transaction's own cancellation reasons: InsufficientFunds (a
    floored balance too low), PreconditionFailed (a capped account or a caller's extra write), or the
    earlier movement when this one exists already; contention past the retries is LedgerBusy (503)."""
    if not entries:
        raise InvalidMovement(ErrorCode.INVALID_ENTRY, "A movement needs at least one entry.")
    net = postings(entries)
    if 1 + 2 * len(net) + len(extra_writes) + rollups.MAX_ITEMS_PER_MOVEMENT > MAX_TRANSACTION_ITEMS:
        raise InvalidMovement(ErrorCode.MOVEMENT_TOO_LARGE)
    memo = dict(memo or {})
    for attempt in range(_CONFLICT_RETRIES):
        now = utcnow()
        transaction = OrderedTransaction()
        _build(transaction, movement_id, kind, entries, net, memo, now, extra_writes)
        try:
            transaction.commit()
            return Movement(movement_id, kind, tuple(entries), memo, now)
        except Cancelled as cancelled:
            explained = _explain(movement_id, net, list(zip(transaction.tags, cancelled.reasons, strict=True)))
            if explained is not None:
                return explained
        except Throttled:
            pass
        time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
    raise LedgerBusy()


def _build(
    transaction: OrderedTransaction,
    movement_id: str,
    kind: MovementKind,
    entries: Sequence[Entry],
    net: dict[str, int],
    memo: dict[str, str],
    now: datetime,
    extra_writes: Sequence[ExtraWrite],
) -> None:
    """Adds the movement, one update per account, one entry per account, the caller's writes and the
    rollups, each tagged with what it is for."""
    with transaction.tagged(Tag(ItemRole.MOVEMENT)):
        store.movement_write(movement_id, kind, entries, memo, now)(transaction)
    for account_id, amount in net.items():
        with transaction.tagged(Tag(ItemRole.ACCOUNT, account_id=account_id)):
            floored, capped = is_floored(account_id), is_capped(account_id)
            store.balance_write(account_id, amount, now, floored=floored, capped=capped)(transaction)
    with transaction.tagged(Tag(ItemRole.ENTRY)):
        for account_id, amount in net.items():
            counterparts = sorted(other for other in net if other != account_id)
            store.entry_write(account_id, movement_id, kind, amount, counterparts, memo, now)(transaction)
    for index, write in enumerate(extra_writes):
        with transaction.tagged(Tag(ItemRole.EXTRA, extra=index)):
            write(transaction)
    with transaction.tagged(Tag(ItemRole.ROLLUP)):
        for rollup in rollups.writes(kind, net, now):  # the dashboard's daily totals
            rollup(transaction)


def _explain(movement_id: str, net: dict[str, int], items: list[tuple[Tag | None, Reason]]) -> Movement | None:
    """What a cancelled movement means, item by item (by each item's tag); None when it should simply be
    tried again. A reason about the movement item wins: if it exists already, this is a replay."""
    failed = [tag for tag, reason in items if tag is not None and reason.code == CONDITION_FAILED]
    for tag, reason in items:
        if tag is not None and tag.role is ItemRole.MOVEMENT:
            if reason.code == CONDITION_FAILED:
                return _replayed(movement_id, reason.item)
            if reason.code != "None":
                return None  # a conflict on the movement item itself: its fate is unknown, so retry
    accounts = [tag.account_id for tag in failed if tag.role is ItemRole.ACCOUNT and tag.account_id]
    for account_id in accounts:
        if net[account_id] < 0 and is_floored(account_id):
            raise InsufficientFunds(details={"account": account_kind(account_id)})
    failed_writes = tuple(sorted({tag.extra for tag in failed if tag.role is ItemRole.EXTRA and tag.extra is not None}))
    if accounts or failed_writes:
        raise PreconditionFailed(failed_writes=failed_writes)
    if any(reason.code not in ("None", *RETRYABLE) for _, reason in items):
        raise RuntimeError(f"movement {movement_id} cancelled: {', '.join(r.code for _, r in items)}")
    return None


def _replayed(movement_id: str, item: dict[str, Any] | None) -> Movement:
    if item is None:  # DynamoDB returns the old item with ALL_OLD; kept for safety, an immutable record
        return _existing(movement_id)
    return _as_movement(store.movement_from_failed_write(item), replayed=True)


def stored_entries(movement: StoredMovement) -> tuple[Entry, ...]:
    return tuple(Entry(debit, credit, amount) for debit, credit, amount in movement.postings)


def _as_movement(stored: StoredMovement, *, replayed: bool) -> Movement:
    return Movement(
        stored.movement_id, stored.kind, stored_entries(stored), stored.memo, stored.created_at, replayed=replayed
    )


def _existing(movement_id: str) -> Movement:
    found = find_movement(movement_id)
    if found is None:
        raise RuntimeError(f"movement {movement_id} was refused as existing but cannot be read")
    return found


def find_movement(movement_id: str) -> Movement | None:
    stored = store.find_movement(movement_id)
    return None if stored is None else _as_movement(stored, replayed=True)


def balance_of(account_id: str) -> int:
    return store.balance(account_id)


def balances_of(account_ids: Iterable[str]) -> dict[str, int]:
    wanted = list(dict.fromkeys(account_ids))
    found = store.balances(wanted)
    return {account_id: found.get(account_id, 0) for account_id in wanted}


@dataclass(frozen=True)
class Line:
    """One entry of an account's history: the movement, its kind, the signed amount to this account."""

    movement_id: str
    kind: str
    amount_cents: int
    memo: dict[str, str]
    created_at: datetime


def entries_of(
    account_id: str, *, limit: int = DEFAULT_PAGE_SIZE, cursor: str | None = None
) -> tuple[list[Line], str | None]:
    """An account's entries, newest first, one page at a time."""
    entries, next_cursor = store.entries_page(account_id, limit, cursor)
    lines = [Line(e.movement_id, e.kind, e.amount, e.memo, e.created_at) for e in entries]
    return lines, next_cursor
