"""The ledger aggregate's tables: payments (Stripe PaymentIntents for top-ups and what their webhooks told
us). The only importer of their PynamoDB models; callers get frozen values and write through these
functions (a write inside a ledger movement is a `Write` the movement's transaction runs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pynamodb.transactions import TransactWrite

from soulseer.conditional import applied
from soulseer.models import PaymentModel, utcnow

Write = Callable[[TransactWrite], None]  # a write added to a movement's transaction
PAYMENT_SUCCEEDED = "succeeded"
PAYMENT_FAILED = "failed"


@dataclass(frozen=True)
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
