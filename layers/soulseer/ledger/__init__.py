"""The ledger: every movement of money passes through `post`, one DynamoDB transaction each."""

from soulseer.ledger.accounts import (
    client_balance,
    client_held,
    client_owed,
    platform_revenue,
    reader_owed,
    reader_paid_out,
    reader_pending,
    stripe_clearing,
)
from soulseer.ledger.core import Entry, InsufficientFunds, Movement, balance_of, balances_of, entries_of, post

__all__ = [
    "Entry",
    "InsufficientFunds",
    "Movement",
    "balance_of",
    "balances_of",
    "client_balance",
    "client_held",
    "client_owed",
    "entries_of",
    "platform_revenue",
    "post",
    "reader_owed",
    "reader_paid_out",
    "reader_pending",
    "stripe_clearing",
]
