"""The payout's ledger movement: what Stripe transferred leaves pending earnings for paid out, and
any reader debt (a dispute refund their earnings could not cover) is settled from what remains."""

from __future__ import annotations

from soulseer import ledger
from soulseer.ledger.core import InsufficientFunds, LedgerBusy, PreconditionFailed
from soulseer.ledger.kinds import MovementKind
from soulseer.payouts.records import paid_write
from soulseer.stores.payouts import Payout

_RETRIES = 8


def available_cents(reader_id: str) -> int:
    """Pending earnings minus what the reader owes back."""
    balances = ledger.balances_of([ledger.reader_pending(reader_id), ledger.reader_owed(reader_id)])
    return balances[ledger.reader_pending(reader_id)] + balances[ledger.reader_owed(reader_id)]


def entries_for(reader_id: str, transferred: int, pending: int, owed: int) -> list[ledger.Entry]:
    """`transferred` comes out of pending (if pending fell short meanwhile, the rest becomes debt);
    leftover pending then settles debt."""
    from_pending = min(pending, transferred)
    beyond = transferred - from_pending
    settle = min(owed, pending - from_pending)
    parts = (
        (ledger.reader_pending(reader_id), ledger.reader_paid_out(reader_id), from_pending),
        (ledger.reader_owed(reader_id), ledger.reader_paid_out(reader_id), beyond),
        (ledger.reader_pending(reader_id), ledger.reader_owed(reader_id), settle),
    )
    return [ledger.Entry(debit, credit, cents) for debit, credit, cents in parts if cents > 0]


def post_payout(item: Payout, transferred_cents: int, transfer_id: str) -> ledger.Movement:
    """One movement with the payout's id, atomically marking the intent paid; a repeat replays."""
    reader = item.reader_id
    for _ in range(_RETRIES):
        pending = ledger.balance_of(ledger.reader_pending(reader))
        owed = -ledger.balance_of(ledger.reader_owed(reader))
        try:
            return ledger.post(
                item.payout_id,
                MovementKind.PAYOUT,
                entries_for(reader, transferred_cents, pending, owed),
                memo={"transfer": transfer_id, "payout_date": item.payout_date},
                extra_writes=[paid_write(item, transfer_id)],
            )
        except (PreconditionFailed, InsufficientFunds):
            continue  # earnings or debt changed meanwhile (a reading, a gift, a dispute): read again
    raise LedgerBusy()
