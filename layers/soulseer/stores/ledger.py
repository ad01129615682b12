"""The ledger aggregate's tables: balances, movements and entries (written only through soulseer.ledger),
and payments (Stripe PaymentIntents for top-ups and what their webhooks told us). The only importer of
their PynamoDB models; callers get frozen values and write through these functions (a write inside a
ledger movement is a `Write` the movement's transaction runs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from pynamodb.attributes import MapAttribute
from pynamodb.transactions import TransactWrite

from soulseer.conditional import applied
from soulseer.models import LedgerAccountModel, LedgerEntryModel, LedgerMovementModel, PaymentModel, utcnow
from soulseer.pagination import newest_first
from soulseer.records import record

Write = Callable[[TransactWrite], None]  # a write added to a movement's transaction
PAYMENT_SUCCEEDED = "succeeded"
PAYMENT_FAILED = "failed"


@record
class Payment:
    """Our record of a PaymentIntent that add-balance created."""

    payment_id: str  # the PaymentIntent id
    user_id: str
    amount_cents: int
    purpose: str
    status: str
    charge_id: str | None
    refunded_cents: int
    dispute_id: str | None


def _payment(item: PaymentModel) -> Payment:
    return Payment(
        payment_id=item.payment_id,
        user_id=item.user_id,
        amount_cents=int(item.amount_cents),
        purpose=item.purpose,
        status=item.status,
        charge_id=item.charge_id,
        refunded_cents=int(item.refunded_cents),
        dispute_id=item.dispute_id,
    )


def find_payment(payment_intent_id: str) -> Payment | None:
    try:
        return _payment(PaymentModel.get(payment_intent_id, consistent_read=True))
    except PaymentModel.DoesNotExist:
        return None


def create_payment(payment_intent_id: str, user_id: str, amount_cents: int, purpose: str, status: str) -> bool:
    """Records a new intent once; False when it was recorded already (a retried request)."""
    item = PaymentModel(payment_intent_id, user_id=user_id, amount_cents=amount_cents, purpose=purpose, status=status)
    return applied(lambda: item.save(condition=PaymentModel.payment_id.does_not_exist()))


def record_failure(payment_intent_id: str, message: str) -> bool:
    """A failed attempt; never overrides a success that arrived first (False then, or for an unknown id)."""
    return applied(
        lambda: PaymentModel(payment_intent_id).update(
            actions=[
                PaymentModel.status.set(PAYMENT_FAILED),
                PaymentModel.last_error.set(message),
                PaymentModel.updated_at.set(utcnow()),
            ],
            condition=PaymentModel.payment_id.exists() & (PaymentModel.status != PAYMENT_SUCCEEDED),
        )
    )


def payment_status_write(payment_intent_id: str, status: str, charge_id: str | None) -> Write:
    """Sets the intent's status (and its charge, when not known yet)."""

    def write(transaction: Any) -> None:
        actions = [PaymentModel.status.set(status), PaymentModel.updated_at.set(utcnow())]
        if charge_id:
            actions.append(PaymentModel.charge_id.set(PaymentModel.charge_id | charge_id))
        transaction.update(PaymentModel(payment_intent_id), actions=actions)

    return write


def payment_refund_write(payment_intent_id: str, charge_id: str, refunded_total: int, *, was: int) -> Write:
    """Moves the intent's refunded total from `was` to `refunded_total` (the condition fails if it moved)."""

    def write(transaction: Any) -> None:
        transaction.update(
            PaymentModel(payment_intent_id),
            actions=[
                PaymentModel.refunded_cents.set(refunded_total),
                PaymentModel.charge_id.set(charge_id),
                PaymentModel.updated_at.set(utcnow()),
            ],
            condition=PaymentModel.refunded_cents == was,
        )

    return write


def payment_dispute_write(payment_intent_id: str, dispute_id: str, charge_id: str) -> Write:
    """Names the card dispute on the intent (and its charge, when not known yet)."""

    def write(transaction: Any) -> None:
        transaction.update(
            PaymentModel(payment_intent_id),
            actions=[
                PaymentModel.dispute_id.set(dispute_id),
                PaymentModel.charge_id.set(PaymentModel.charge_id | charge_id),
                PaymentModel.updated_at.set(utcnow()),
            ],
        )

    return write


# The ledger's own tables: balances (one per account), movements (one per id, written once) and entries
# (one per account a movement changes). Only the ledger (soulseer.ledger) calls these: nothing else
# builds a ledger item.


class Posting(Protocol):
    @property
    def debit(self) -> str: ...
    @property
    def credit(self) -> str: ...
    @property
    def amount(self) -> int: ...


@record
class StoredMovement:
    movement_id: str
    kind: str
    postings: tuple[tuple[str, str, int], ...]  # (debit, credit, amount) as posted
    memo: dict[str, str]
    created_at: datetime


@record
class StoredEntry:
    """An immutable posting of one movement to one account (signed cents: + credit, - debit)."""

    account_id: str
    position: str  # <iso time>#<movement id>: sorts newest last
    movement_id: str
    kind: str
    amount: int
    memo: dict[str, str]
    created_at: datetime


@record
class AccountState:
    account_id: str
    balance: int
    updated_at: datetime | None  # set by every movement; None for an account never posted to


def _plain(value: Any) -> dict[str, Any]:
    """A stored map as a dict (PynamoDB returns raw maps as MapAttribute or dict)."""
    if value is None:
        return {}
    return dict(value.as_dict()) if isinstance(value, MapAttribute) else dict(value)


def _movement(item: LedgerMovementModel) -> StoredMovement:
    postings = tuple((str(e["debit"]), str(e["credit"]), int(e["amount"])) for e in map(_plain, item.entries))
    return StoredMovement(item.movement_id, str(item.kind), postings, _plain(item.memo), item.created_at)


def _entry(item: LedgerEntryModel) -> StoredEntry:
    return StoredEntry(
        account_id=item.account_id,
        position=item.position,
        movement_id=item.movement_id,
        kind=str(item.kind),
        amount=int(item.amount),
        memo=_plain(item.memo),
        created_at=item.created_at,
    )


def movement_write(
    movement_id: str, kind: str, postings: Sequence[Posting], memo: dict[str, str], now: datetime
) -> Write:
    """The movement record, written once: its condition fails (returning the stored one) on a replay."""

    def write(transaction: Any) -> None:
        transaction.save(
            LedgerMovementModel(
                movement_id,
                kind=kind,
                entries=[{"debit": p.debit, "credit": p.credit, "amount": p.amount} for p in postings],
                memo=memo,
                created_at=now,
            ),
            condition=LedgerMovementModel.movement_id.does_not_exist(),
            return_values="ALL_OLD",
        )

    return write


def movement_from_failed_write(item: dict[str, Any]) -> StoredMovement:
    """The stored movement a failed `movement_write` returned (DynamoDB's ALL_OLD, raw)."""
    return _movement(LedgerMovementModel.from_raw_data(item))


def balance_write(account_id: str, amount: int, now: datetime, *, floored: bool, capped: bool) -> Write:
    """Adds `amount` to the balance; a floored balance may not go below 0 and a capped one not above 0
    (the condition fails instead)."""

    def write(transaction: Any) -> None:
        condition = None
        if amount < 0 and floored:
            condition = LedgerAccountModel.balance >= -amount
        elif amount > 0 and capped:
            condition = LedgerAccountModel.balance <= -amount
        transaction.update(
            LedgerAccountModel(account_id),
            actions=[LedgerAccountModel.balance.add(amount), LedgerAccountModel.updated_at.set(now)],
            condition=condition,
        )

    return write


def entry_write(
    account_id: str,
    movement_id: str,
    kind: str,
    amount: int,
    counterparts: list[str],
    memo: dict[str, str],
    now: datetime,
) -> Write:
    def write(transaction: Any) -> None:
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

    return write


def find_movement(movement_id: str) -> StoredMovement | None:
    try:
        return _movement(LedgerMovementModel.get(movement_id, consistent_read=True))
    except LedgerMovementModel.DoesNotExist:
        return None


def movements(movement_ids: list[str]) -> dict[str, StoredMovement]:
    """The movements found among `movement_ids` (consistent), by id."""
    return {
        item.movement_id: _movement(item) for item in LedgerMovementModel.batch_get(movement_ids, consistent_read=True)
    }


def scan_movements(page_size: int | None = None) -> Iterator[StoredMovement]:
    return map(_movement, LedgerMovementModel.scan(consistent_read=True, page_size=page_size))


def balance(account_id: str) -> int:
    return account_state(account_id).balance


def account_state(account_id: str) -> AccountState:
    try:
        item = LedgerAccountModel.get(account_id, consistent_read=True)
    except LedgerAccountModel.DoesNotExist:
        return AccountState(account_id, 0, None)
    return AccountState(account_id, int(item.balance), item.updated_at)


def balances(account_ids: list[str]) -> dict[str, int]:
    """The balances of the accounts found (consistent), by id; an account never posted to is absent."""
    return {
        item.account_id: int(item.balance) for item in LedgerAccountModel.batch_get(account_ids, consistent_read=True)
    }


def scan_accounts(page_size: int | None = None) -> Iterator[AccountState]:
    for item in LedgerAccountModel.scan(consistent_read=True, page_size=page_size):
        yield AccountState(item.account_id, int(item.balance), item.updated_at)


def find_entry(account_id: str, position: str) -> StoredEntry | None:
    try:
        return _entry(LedgerEntryModel.get(account_id, position, consistent_read=True))
    except LedgerEntryModel.DoesNotExist:
        return None


def account_entries(account_id: str, after: datetime | None = None) -> Iterator[StoredEntry]:
    """All of an account's entries (consistent), oldest first; `after`: only those positioned after it."""
    condition = LedgerEntryModel.position > after.isoformat() if after is not None else None
    return map(_entry, LedgerEntryModel.query(account_id, condition, consistent_read=True))


def scan_entries(page_size: int | None = None) -> Iterator[StoredEntry]:
    return map(_entry, LedgerEntryModel.scan(consistent_read=True, page_size=page_size))


_ENTRY_CURSOR_KEYS = frozenset({"account_id", "position"})


def entries_page(account_id: str, limit: int, cursor: str | None) -> tuple[list[StoredEntry], str | None]:
    """An account's entries, newest first, one page at a time."""
    items, next_cursor = newest_first(
        LedgerEntryModel.query, account_id, "account_id", _ENTRY_CURSOR_KEYS, limit, cursor
    )
    return [_entry(item) for item in items], next_cursor
