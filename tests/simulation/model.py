"""What both simulations share: how they run, a client's money as the model sees it, Stripe's dispute
events, and the injected ledger faults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError
from hypothesis import HealthCheck, settings

from soulseer import ledger
from soulseer.ledger import transaction

HOOK = "before-parameter-build.dynamodb.TransactWriteItems"


def simulation_settings(max_examples: int, stateful_step_count: int) -> settings:
    """How both simulations run: derandomized (the same examples every run), no deadline and no example
    database, the health checks a slow stateful run trips off."""
    return settings(
        max_examples=max_examples,
        stateful_step_count=stateful_step_count,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


@dataclass
class Client:
    balance: int = 0
    owed: int = 0
    held: int = 0

    def take(self, amount: int) -> None:
        """What a refund or a hold does: from the balance, the rest becomes debt."""
        from_balance = min(amount, self.balance)
        self.balance -= from_balance
        self.owed += amount - from_balance

    def give(self, amount: int) -> None:
        """What a top-up or a won dispute does: debt first, then the balance."""
        settle = min(self.owed, amount)
        self.owed -= settle
        self.balance += amount - settle

    def hold(self, amount: int) -> None:
        """What a dispute opening does: the amount is taken (as a refund is) and held."""
        self.take(amount)
        self.held += amount

    def release(self, amount: int, won: bool) -> None:
        """What a dispute closing does: the amount is no longer held; a won dispute gives it back."""
        self.held -= amount
        if won:
            self.give(amount)


def dispute_event(intent_id: str, amount: int, closing: str | None) -> dict[str, Any]:
    """Stripe's charge.dispute.created (`closing` None) or charge.dispute.closed ("won"/"lost") for the
    payment intent's charge."""
    dispute = {
        "id": f"dp_{intent_id}",
        "amount": amount,
        "currency": "usd",
        "charge": f"ch_{intent_id}",
        "payment_intent": intent_id,
        "status": closing or "needs_response",
    }
    kind = "charge.dispute.closed" if closing else "charge.dispute.created"
    return {"id": f"evt_{kind}_{intent_id}", "type": kind, "data": {"object": dispute}}


class Faults:
    """Transaction conflicts for the next N TransactWriteItems, and stale balance reads."""

    def __init__(self) -> None:
        self.conflicts = 0
        self.stale_reads = 0
        self._real_balance_of = ledger.balance_of
        transaction._dynamodb().meta.events.register(HOOK, self._conflict)

    def _conflict(self, params: dict[str, Any], **_: Any) -> None:
        if self.conflicts <= 0:
            return
        self.conflicts -= 1
        reasons = [{"Code": "TransactionConflict"}] * len(params["TransactItems"])
        raise ClientError(
            {"Error": {"Code": "TransactionCanceledException", "Message": "conflict"}, "CancellationReasons": reasons},
            "TransactWriteItems",
        )

    def balance_of(self, account_id: str) -> int:
        real = self._real_balance_of(account_id)
        if self.stale_reads > 0 and account_id.startswith("client:"):
            self.stale_reads -= 1
            return real + 300  # a read from before a spend: the condition in the transaction must catch it
        return real

    def close(self) -> None:
        transaction._dynamodb().meta.events.unregister(HOOK, self._conflict)
