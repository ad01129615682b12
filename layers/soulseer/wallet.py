"""What a user sees of their money: balances and transaction history, straight from the ledger."""

from __future__ import annotations

from typing import Literal

from soulseer import ledger
from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.kinds import MovementKind
from soulseer.schemas.payments import (
    Balance,
    ClientBalance,
    EarningsView,
    ReaderBalance,
    TransactionPage,
    TransactionType,
    TransactionView,
)

WalletAccount = Literal["balance", "earnings"]
# What each movement kind is called in a user's history; a kind not named here shows as an adjustment.
_TYPES: dict[str, TransactionType] = {
    MovementKind.TOPUP: "topup",
    MovementKind.READING: "reading",
    MovementKind.GIFT: "gift",
    MovementKind.PURCHASE: "purchase",
    MovementKind.REFUND: "refund",
    MovementKind.PAYOUT: "payout",
    MovementKind.CHARGEBACK: "chargeback",
    MovementKind.CHARGEBACK_WON: "chargeback",
    MovementKind.CHARGEBACK_LOST: "chargeback",
}
CURRENCY = "usd"


def summary(user_id: str, role: str) -> Balance:
    accounts = [ledger.client_balance(user_id), ledger.client_owed(user_id), ledger.client_held(user_id)]
    if role == "reader":
        accounts += [ledger.reader_pending(user_id), ledger.reader_paid_out(user_id), ledger.reader_owed(user_id)]
    balances = ledger.balances_of(accounts)
    client = ClientBalance(
        currency=CURRENCY,
        balance_cents=balances[ledger.client_balance(user_id)],
        owed_cents=-balances[ledger.client_owed(user_id)],
        held_cents=balances[ledger.client_held(user_id)],  # held while a card chargeback is open
    )
    if role != "reader":
        return client
    earnings = EarningsView(
        pending_cents=balances[ledger.reader_pending(user_id)],
        paid_out_cents=balances[ledger.reader_paid_out(user_id)],
        owed_back_cents=-balances[ledger.reader_owed(user_id)],  # dispute refunds beyond pending
    )
    return ReaderBalance(**client.model_dump(), earnings=earnings)


def transactions(user_id: str, role: str, account: WalletAccount, limit: int, cursor: str | None) -> TransactionPage:
    if account == "earnings" and role != "reader":
        raise DomainError(ErrorCode.FORBIDDEN, "Only readers have earnings.")
    account_id = ledger.client_balance(user_id) if account == "balance" else ledger.reader_pending(user_id)
    lines, next_cursor = ledger.entries_of(account_id, limit=limit, cursor=cursor)
    items = [
        TransactionView(
            id=line.movement_id,
            type=_transaction_type(line.kind),
            amount_cents=line.amount_cents,
            created_at=line.created_at.isoformat(),
            reference=line.memo,
        )
        for line in lines
    ]
    return TransactionPage(items=items, next_cursor=next_cursor)


def _transaction_type(kind: str) -> TransactionType:
    return _TYPES.get(kind, "adjustment")
