"""Posting movements: balances and immutable entries change together, exactly once per movement id."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.attributes import MapAttribute
from pynamodb.transactions import TransactWrite

from soulseer import rollups
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
from soulseer.models import LedgerAccountModel, LedgerEntryModel, LedgerMovementModel, utcnow
from soulseer.pagination import DEFAULT_PAGE_SIZE, newest_first

ExtraWrite = Callable[[TransactWrite], None]
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
        transaction.save(
            LedgerMovementModel(
                movement_id,
                kind=kind,
                entries=[{"debit": e.debit, "credit": e.credit, "amount": e.amount} for e in entries],
                memo=memo,
                created_at=now,
            ),
            condition=LedgerMovementModel.movement_id.does_not_exist(),
            return_values="ALL_OLD",
        )
    for account_id, amount in net.items():
        condition = None
        if amount < 0 and is_floored(account_id):
            condition = LedgerAccountModel.balance >= -amount
        elif amount > 0 and is_capped(account_id):
            condition = LedgerAccountModel.balance <= -amount
        with transaction.tagged(Tag(ItemRole.ACCOUNT, account_id=account_id)):
            transaction.update(
                LedgerAccountModel(account_id),
                actions=[LedgerAccountModel.balance.add(amount), LedgerAccountModel.updated_at.set(now)],
                condition=condition,
            )
    with transaction.tagged(Tag(ItemRole.ENTRY)):
        for account_id, amount in net.items():
            counterparts = sorted(other for other in net if other != account_id)
            transaction.save(
                LedgerEntryModel(
                    account_id,
                    f"{now.isoformat()}#{movement_id}",
                    movement_id=movement_id,
                    kind=kind,
                    amount=amount,
                    counterparts=counterparts,
                    memo=memo,
                    created_at=now,
                )
            )
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
    stored = LedgerMovementModel.from_raw_data(item)
    return Movement(movement_id, stored.kind, stored_entries(stored), plain(stored.memo), stored.created_at, True)


def plain(value: Any) -> dict[str, Any]:
    """A stored map as a dict (PynamoDB returns raw maps as MapAttribute or dict)."""
    if value is None:
        return {}
    return dict(value.as_dict()) if isinstance(value, MapAttribute) else dict(value)


def stored_entries(item: LedgerMovementModel) -> tuple[Entry, ...]:
    return tuple(
        Entry(debit=str(e["debit"]), credit=str(e["credit"]), amount=int(e["amount"])) for e in map(plain, item.entries)
    )


def _existing(movement_id: str) -> Movement:
    item = LedgerMovementModel.get(movement_id, consistent_read=True)
    return Movement(movement_id, item.kind, stored_entries(item), plain(item.memo), item.created_at, replayed=True)


def find_movement(movement_id: str) -> Movement | None:
    try:
        return _existing(movement_id)
    except LedgerMovementModel.DoesNotExist:
        return None


def balance_of(account_id: str) -> int:
    try:
        return int(LedgerAccountModel.get(account_id, consistent_read=True).balance)
    except LedgerAccountModel.DoesNotExist:
        return 0


def balances_of(account_ids: Iterable[str]) -> dict[str, int]:
    wanted = list(dict.fromkeys(account_ids))
    found = {item.account_id: int(item.balance) for item in LedgerAccountModel.batch_get(wanted, consistent_read=True)}
    return {account_id: found.get(account_id, 0) for account_id in wanted}


_ENTRY_CURSOR_KEYS = frozenset({"account_id", "position"})


def entries_of(
    account_id: str, *, limit: int = DEFAULT_PAGE_SIZE, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """An account's entries, newest first, one page at a time."""
    items, next_cursor = newest_first(
        LedgerEntryModel.query, account_id, "account_id", _ENTRY_CURSOR_KEYS, limit, cursor
    )
    rows = [
        {
            "movement_id": item.movement_id,
            "kind": item.kind,
            "amount_cents": int(item.amount),
            "memo": plain(item.memo),
            "created_at": item.created_at.isoformat(),
        }
        for item in items
    ]
    return rows, next_cursor
