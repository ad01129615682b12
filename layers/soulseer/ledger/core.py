"""Posting movements: balances and immutable entries change together, exactly once per movement id."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.attributes import MapAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from soulseer.errors import DomainError, ValidationFailed
from soulseer.ledger.accounts import is_capped, is_floored
from soulseer.models import (
    LedgerAccountModel,
    LedgerEntryModel,
    LedgerMovementModel,
    transactions_connection,
    utcnow,
)
from soulseer.pagination import DEFAULT_PAGE_SIZE, newest_first

ExtraWrite = Callable[[TransactWrite], None]
MAX_TRANSACTION_ITEMS = 100
_CONFLICT_RETRIES = 10


class InsufficientFunds(DomainError):
    status = 402
    code = "insufficient_funds"


class PreconditionFailed(DomainError):
    """A write the caller added to the movement found its item changed; re-read and decide again."""

    status = 409
    code = "precondition_failed"


@dataclass(frozen=True)
class Entry:
    debit: str
    credit: str
    amount: int

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount <= 0:
            raise ValidationFailed("Ledger amounts are positive whole cents.", code="invalid_amount")
        if self.debit == self.credit:
            raise ValidationFailed("An entry moves money between two accounts.", code="invalid_entry")


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
    kind: str,
    entries: Sequence[Entry],
    *,
    memo: Mapping[str, str] | None = None,
    extra_writes: Sequence[ExtraWrite] = (),
) -> Movement:
    """Posts a movement once. A repeated id changes nothing and returns the first movement."""
    if not entries:
        raise ValidationFailed("A movement needs at least one entry.", code="invalid_entry")
    net = postings(entries)
    if 1 + 2 * len(net) + len(extra_writes) > MAX_TRANSACTION_ITEMS:
        raise ValidationFailed("A movement touches too many accounts.", code="movement_too_large")
    memo = dict(memo or {})
    for attempt in range(_CONFLICT_RETRIES):
        now = utcnow()
        try:
            _write(movement_id, kind, entries, net, memo, now, extra_writes)
            return Movement(movement_id, kind, tuple(entries), memo, now)
        except TransactWriteError as error:
            reasons = {reason.code for reason in error.cancellation_reasons if reason}
            if "TransactionConflict" in reasons:
                time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))
                continue
            if "ConditionalCheckFailed" not in reasons:
                raise
            return _explain_refusal(movement_id, net)
    raise DomainError("The ledger is busy; try again.", code="ledger_busy")


def _write(
    movement_id: str,
    kind: str,
    entries: Sequence[Entry],
    net: dict[str, int],
    memo: dict[str, str],
    now: datetime,
    extra_writes: Sequence[ExtraWrite],
) -> None:
    with TransactWrite(connection=transactions_connection()) as transaction:
        transaction.save(
            LedgerMovementModel(
                movement_id,
                kind=kind,
                entries=[{"debit": e.debit, "credit": e.credit, "amount": e.amount} for e in entries],
                memo=memo,
                created_at=now,
            ),
            condition=LedgerMovementModel.movement_id.does_not_exist(),
        )
        for account_id, amount in net.items():
            condition = None
            if amount < 0 and is_floored(account_id):
                condition = LedgerAccountModel.balance >= -amount
            elif amount > 0 and is_capped(account_id):
                condition = LedgerAccountModel.balance <= -amount
            transaction.update(
                LedgerAccountModel(account_id),
                actions=[LedgerAccountModel.balance.add(amount), LedgerAccountModel.updated_at.set(now)],
                condition=condition,
            )
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
        for write in extra_writes:
            write(transaction)


def _explain_refusal(movement_id: str, net: dict[str, int]) -> Movement:
    """A condition failed (PynamoDB reorders transaction items, so reasons are not positional):
    the movement exists already, a floored balance is too low, or a caller's extra write is stale."""
    existing = find_movement(movement_id)
    if existing is not None:
        return existing
    debited = [account for account, amount in net.items() if amount < 0 and is_floored(account)]
    for account_id, balance in balances_of(debited).items():
        if balance < -net[account_id]:
            raise InsufficientFunds("The balance is too low for this.", details={"account": account_id.split(":")[0]})
    raise PreconditionFailed("The record changed meanwhile; try again.")


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
    found = {item.account_id: int(item.balance) for item in LedgerAccountModel.batch_get(wanted)}
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
