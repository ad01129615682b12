"""Card chargebacks as ledger movements, idempotent on Stripe's dispute id.

`charge.dispute.created` posts `chargeback:<dispute>:hold`: the disputed amount moves from the client's
balance to their held account, and what the balance lacks from their debt account (the client owes it);
the dispute joins the user's `open_chargebacks` in the same transaction, and while that set is not empty
the client cannot spend (readings, gifts, purchases). `charge.dispute.closed` posts
`chargeback:<dispute>:closed`: won returns the held money (debt first, as a top-up does), lost pays it
out to Stripe (the debt stays until a top-up repays it); the dispute leaves the set. A close that arrives
before its creation holds first, so every order and every duplicate of the events ends the same way."""

from __future__ import annotations

from soulseer import ledger
from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.core import InsufficientFunds, LedgerBusy, Movement, PreconditionFailed, find_movement
from soulseer.ledger.kinds import MovementKind
from soulseer.stores import ledger as store
from soulseer.stores import users as user_store
from soulseer.users import User

_RETRIES = 8
KIND = "chargeback"


class PaymentDisputed(DomainError):
    default_code = ErrorCode.PAYMENT_DISPUTED


def refuse_if_disputed(user_id: str, known: User | None = None) -> None:
    """Spending is refused while one of the user's card payments is disputed with their bank. (A reading
    already active goes on: the hold took the disputed money, so its ticks charge only what is left.)
    `known`: the user's record as read (consistently) earlier in this request, instead of a new read."""
    if known is not None:
        if known.open_disputes:
            raise PaymentDisputed(
                message="A card payment of yours is disputed with your bank; spending is paused until it is resolved.",
                details={"open_disputes": known.open_disputes},
            )
        return
    open_disputes = user_store.open_disputes(user_id)
    if open_disputes:
        raise PaymentDisputed(
            message="A card payment of yours is disputed with your bank; spending is paused until it is resolved.",
            details={"open_disputes": open_disputes},
        )


def _busy() -> LedgerBusy:
    return LedgerBusy()


def hold(dispute_id: str, user_id: str, payment_intent_id: str, amount_cents: int, charge_id: str) -> Movement:
    movement_id = f"{KIND}:{dispute_id}:hold"
    earlier = find_movement(movement_id)
    if earlier is not None:
        return earlier
    balance_account, held = ledger.client_balance(user_id), ledger.client_held(user_id)
    memo = {"dispute": dispute_id, "payment_intent": payment_intent_id}
    for _ in range(_RETRIES):
        from_balance = min(amount_cents, ledger.balance_of(balance_account))
        entries = [ledger.Entry(balance_account, held, from_balance)] if from_balance else []
        if amount_cents > from_balance:
            entries.append(ledger.Entry(ledger.client_owed(user_id), held, amount_cents - from_balance))
        try:
            return ledger.post(
                movement_id,
                MovementKind.CHARGEBACK,
                entries,
                memo=memo,
                extra_writes=[
                    user_store.chargeback_write(user_id, dispute_id, opening=True),
                    store.payment_dispute_write(payment_intent_id, dispute_id, charge_id),
                ],
            )
        except (InsufficientFunds, PreconditionFailed):
            continue  # the balance changed meanwhile: read again
    raise _busy()


def close(
    dispute_id: str, user_id: str, payment_intent_id: str, amount_cents: int, charge_id: str, *, won: bool
) -> Movement:
    """The bank decided: won returns the held amount, lost sends it to Stripe. The first close counts."""
    movement_id = f"{KIND}:{dispute_id}:closed"
    earlier = find_movement(movement_id)
    if earlier is not None:
        return earlier
    held_movement = hold(dispute_id, user_id, payment_intent_id, amount_cents, charge_id)
    held = ledger.client_held(user_id)
    amount = held_movement.amount_to(held)
    memo = {"dispute": dispute_id, "payment_intent": payment_intent_id, "outcome": "won" if won else "lost"}
    for _ in range(_RETRIES):
        if won:
            settle = min(-ledger.balance_of(ledger.client_owed(user_id)), amount)
            entries = [ledger.Entry(held, ledger.client_owed(user_id), settle)] if settle else []
            if amount > settle:
                entries.append(ledger.Entry(held, ledger.client_balance(user_id), amount - settle))
        else:
            entries = [ledger.Entry(held, ledger.stripe_clearing(movement_id), amount)]
        try:
            return ledger.post(
                movement_id,
                MovementKind.CHARGEBACK_WON if won else MovementKind.CHARGEBACK_LOST,
                entries,
                memo=memo,
                extra_writes=[user_store.chargeback_write(user_id, dispute_id, opening=False)],
            )
        except (InsufficientFunds, PreconditionFailed):
            continue  # the debt changed meanwhile (a top-up repaid some): read again
    raise _busy()
