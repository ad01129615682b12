"""Resolving a dispute. A refund goes back to the client (settling any debt first) in one movement,
`dispute:<session>`: the reader's share comes out of pending earnings in the proportion the reading
was split (70/30; a full refund reverses the exact shares), the platform's share out of a revenue
shard. When pending earnings are too low, the rest becomes reader debt, settled by the next payout."""

from __future__ import annotations

from typing import Literal

from soulseer import ledger, monitoring, notify
from soulseer.admin import actions
from soulseer.admin.actions import ActionKind
from soulseer.disputes.records import load, view
from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.core import InsufficientFunds, LedgerBusy, PreconditionFailed
from soulseer.ledger.kinds import MovementKind
from soulseer.lifecycles import DisputeStatus
from soulseer.readings import lifecycle
from soulseer.schemas.readings import DisputeView
from soulseer.stores import disputes as store
from soulseer.stores.admin_actions import ActionRecord
from soulseer.stores.disputes import Dispute

Outcome = Literal["refund", "reject"]
_RETRIES = 8


def resolve(dispute_id: str, admin_id: str, outcome: Outcome, amount_cents: int | None, note: str) -> DisputeView:
    item = load(dispute_id)
    if item.status != DisputeStatus.OPEN:
        return _already_resolved(item, outcome, amount_cents)
    if outcome == "reject":
        if amount_cents is not None:
            raise DomainError(ErrorCode.AMOUNT_NOT_ALLOWED)
        return _reject(item, admin_id, note)
    total = item.session_total_cents
    refund = total if amount_cents is None else amount_cents
    if not 1 <= refund <= total:
        raise DomainError(
            ErrorCode.AMOUNT_OUT_OF_BOUNDS,
            f"A refund is between 1 and {total} cents (what the reading cost).",
            details={"min_cents": 1, "max_cents": total},
        )
    return _refund(item, admin_id, refund, note)


def _already_resolved(item: Dispute, outcome: Outcome, amount_cents: int | None) -> DisputeView:
    """The same decision again (a retried request) returns it; a different one is refused."""
    requested = item.session_total_cents if amount_cents is None else amount_cents
    same = (outcome == "reject" and item.status == DisputeStatus.REJECTED) or (
        outcome == "refund" and item.status == DisputeStatus.REFUNDED and item.refund_cents == requested
    )
    if same:
        return view(item)
    raise DomainError(ErrorCode.DISPUTE_RESOLVED, details={"status": item.status})


def _entry(item: Dispute, admin_id: str, outcome: DisputeStatus, refund: int, note: str) -> ActionRecord:
    return actions.record(
        admin_id,
        ActionKind.DISPUTE_RESOLVED,
        target_id=item.client_id,
        subject=item.dispute_id,
        reason=note,
        details={
            "outcome": outcome.value,
            "refund_cents": refund,
            "session_id": item.session_id,
            "reader_id": item.reader_id,
        },
    )


def _reject(item: Dispute, admin_id: str, note: str) -> DisputeView:
    change = store.rejected_write(item.dispute_id, admin_id, note)
    if not actions.commit(change, _entry(item, admin_id, DisputeStatus.REJECTED, 0, note)):
        return _already_resolved(load(item.dispute_id), "reject", None)
    _tell_client(item, "reject", 0, note)
    return view(load(item.dispute_id))


def _tell_client(item: Dispute, outcome: Outcome, refund: int, note: str) -> None:
    """After the resolution committed: the client's email about their report's outcome (once per dispute)."""
    data = {
        "dispute_id": item.dispute_id,
        "session_id": item.session_id,
        "reader_id": item.reader_id,
        "outcome": outcome,
        "amount_cents": refund,
        "note": note,
    }
    notify.enqueue_email(item.client_id, "dispute", data, dedupe=item.dispute_id)


def shares(refund: int, total: int, reader_total: int) -> tuple[int, int]:
    """(reader's take-back, platform's take-back) of a refund, in the proportion the reading was split."""
    reader = refund * reader_total // total if total else 0
    return reader, refund - reader


def _refund(item: Dispute, admin_id: str, refund: int, note: str) -> DisputeView:
    session = lifecycle.load(item.session_id)
    take_back, platform = shares(refund, int(session.total_cents), int(session.reader_share_cents))
    movement_id = f"dispute:{item.session_id}"
    for _ in range(_RETRIES):
        pending = ledger.balance_of(ledger.reader_pending(item.reader_id))
        from_pending = min(pending, take_back)
        shortfall = take_back - from_pending
        entries = _entries(item, movement_id, refund, from_pending, shortfall, platform)
        record = store.refunded_write(
            item.dispute_id, admin_id, note, refund=refund, take_back=take_back, shortfall=shortfall
        )
        try:
            movement = ledger.post(
                movement_id,
                MovementKind.REFUND,
                entries,
                memo={"dispute": item.dispute_id, "session": item.session_id},
                extra_writes=[record, actions.log_write(_entry(item, admin_id, DisputeStatus.REFUNDED, refund, note))],
            )
        except (PreconditionFailed, InsufficientFunds):
            current = load(item.dispute_id)
            if current.status != DisputeStatus.OPEN:
                return _already_resolved(current, "refund", refund)
            continue  # the reader's earnings or the client's debt changed meanwhile: read again
        if not movement.replayed:
            monitoring.cents(monitoring.DISPUTE_REFUND_CENTS, refund)
        _tell_client(item, "refund", refund, note)
        return view(load(item.dispute_id))
    raise LedgerBusy()


def _entries(
    item: Dispute, movement_id: str, refund: int, from_pending: int, shortfall: int, platform: int
) -> list[ledger.Entry]:
    client = ledger.client_balance(item.client_id)
    sources = (
        (ledger.reader_pending(item.reader_id), from_pending),
        (ledger.reader_owed(item.reader_id), shortfall),
        (ledger.platform_revenue(movement_id), platform),
    )
    entries = [ledger.Entry(account, client, cents) for account, cents in sources if cents > 0]
    owed = -ledger.balance_of(ledger.client_owed(item.client_id))
    settle = min(owed, refund)
    if settle > 0:  # like a top-up, refunded money first pays back what the client owes
        entries.append(ledger.Entry(client, ledger.client_owed(item.client_id), settle))
    return entries
