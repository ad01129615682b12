"""What the ledger names: the kinds of accounts (an id's first part) and the kinds of movements."""

from __future__ import annotations

from enum import StrEnum


class AccountKind(StrEnum):
    CLIENT = "client"  # a client's spendable balance
    READER = "reader"  # a reader's pending or paid-out earnings
    HELD = "held"  # a client's money held while a card chargeback is open
    DEBT = "debt"  # what a client or reader owes back (<= 0)
    PLATFORM = "platform"  # the platform's revenue, sharded
    STRIPE = "stripe"  # money in transit to or from Stripe, sharded

    @property
    def floored(self) -> bool:
        """A condition keeps its balance >= 0: a movement that would take it below is refused."""
        return self in (AccountKind.CLIENT, AccountKind.READER, AccountKind.HELD)

    @property
    def capped(self) -> bool:
        """A receivable: a condition keeps its balance <= 0."""
        return self is AccountKind.DEBT


def account_kind(account_id: str) -> AccountKind:
    return AccountKind(account_id.split(":", 1)[0])


class MovementKind(StrEnum):
    TOPUP = "topup"
    READING = "reading"  # one billed minute
    GIFT = "gift"
    PURCHASE = "purchase"
    REFUND = "refund"  # a card refund, or a dispute resolved with a refund
    PAYOUT = "payout"
    CHARGEBACK = "chargeback"  # a card dispute opened: the amount is held
    CHARGEBACK_WON = "chargeback_won"
    CHARGEBACK_LOST = "chargeback_lost"
