"""A deterministic fault simulation of the money paths (hypothesis stateful testing, derandomized) over the
real domain on in-process moto: top-ups, duplicate and out-of-order webhooks, refunds, chargebacks opened
and closed either way, spending, with injected faults (transaction conflicts, stale balance reads).
After every step each client's balance, debt and held money equal the model's and their accounts equal
their entries; each example ends with a full audit. A failing run prints the shortest sequence."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from soulseer import chargebacks, ledger, stripe_events
from soulseer.ledger import audit
from soulseer.models import LedgerAccountModel, LedgerEntryModel, PaymentModel, UserModel
from soulseer_tools.localstripe import LocalStripeThread
from tests.simulation.model import Client, Faults, dispute_event, simulation_settings
from tests.support.stripe_truth import put_intent

_examples = itertools.count()
STRIPE: dict[str, LocalStripeThread] = {}  # the local Stripe the webhook reads intents back from
AMOUNTS = st.sampled_from([500, 700, 1000, 2500])


@dataclass
class Intent:
    user: str
    created: int
    received: int
    credited: bool = False
    refunded: int = 0
    dispute: int = 0  # the held amount once the dispute is held
    closed: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)


def intent_event(intent_id: str, intent: Intent, kind: str, **fields: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {"id": intent_id, "currency": "usd", **fields}
    return {"id": f"evt_{kind}_{intent_id}_{len(intent.events)}", "type": kind, "data": {"object": obj}}


class MoneySimulation(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.example = next(_examples)
        self.clients: dict[str, Client] = {}
        self.intents: dict[str, Intent] = {}
        self.spends = itertools.count()
        self.faults = Faults()
        ledger.balance_of = self.faults.balance_of  # type: ignore[assignment]

    @initialize()
    def users(self) -> None:
        for n in range(2):
            user = f"sim{self.example}u{n}"
            UserModel(user, role="client").save()
            self.clients[user] = Client()

    # -- Stripe: intents, success, refunds, disputes (in any order, delivered any number of times) --

    @rule(user=st.integers(0, 1), amount=AMOUNTS, short=st.booleans())
    def create_intent(self, user: int, amount: int, short: bool) -> None:
        intent_id = f"pi_sim{self.example}_{len(self.intents)}"
        owner = f"sim{self.example}u{user}"
        PaymentModel(intent_id, user_id=owner, amount_cents=amount).save()
        self.intents[intent_id] = Intent(owner, amount, amount - 200 if short else amount)
        # Stripe's own view, which the webhook reads back before crediting
        put_intent(
            STRIPE["server"], {"id": intent_id, "amount": amount, "amount_received": amount - 200 if short else amount}
        )

    def _intent(self, data: st.DataObject) -> tuple[str, Intent]:
        intent_id = data.draw(st.sampled_from(sorted(self.intents)))
        return intent_id, self.intents[intent_id]

    @precondition(lambda self: self.intents)
    @rule(data=st.data(), forged_amount=st.booleans())
    def succeeded(self, data: st.DataObject, forged_amount: bool) -> None:
        intent_id, intent = self._intent(data)
        received = intent.received * (10 if forged_amount else 1)
        event = intent_event(intent_id, intent, "payment_intent.succeeded", amount_received=received)
        event["data"]["object"]["latest_charge"] = f"ch_{intent_id}"
        event["data"]["object"]["metadata"] = {"user_id": "someone_else"}
        self._deliver(event)
        if not intent.credited:  # what Stripe received, whatever the event claims
            intent.credited = True
            self.clients[intent.user].give(min(intent.received, intent.created))

    @precondition(lambda self: self.intents)
    @rule(data=st.data(), share=st.sampled_from([0.2, 0.5, 1.0]))
    def refunded(self, data: st.DataObject, share: float) -> None:
        intent_id, intent = self._intent(data)
        total = int(intent.created * share)
        charge = {"id": f"ch_{intent_id}", "payment_intent": intent_id, "amount_refunded": total}
        self._deliver({"id": f"evt_r_{intent_id}_{total}", "type": "charge.refunded", "data": {"object": charge}})
        if total > intent.refunded:
            self.clients[intent.user].take(total - intent.refunded)
            intent.refunded = total

    @precondition(lambda self: self.intents)
    @rule(data=st.data(), closing=st.sampled_from([None, "won", "lost"]))
    def dispute(self, data: st.DataObject, closing: str | None) -> None:
        intent_id, intent = self._intent(data)
        self._deliver(dispute_event(intent_id, intent.created, closing))
        client = self.clients[intent.user]
        if not intent.dispute:
            intent.dispute = intent.created
            client.hold(intent.created)
        if closing and intent.closed is None:
            intent.closed = closing
            client.release(intent.dispute, won=closing == "won")

    # -- spending: refused while a chargeback is open, or beyond the balance ----------------------

    @rule(user=st.integers(0, 1), amount=st.sampled_from([100, 400, 900]))
    def spend(self, user: int, amount: int) -> None:
        owner = f"sim{self.example}u{user}"
        client = self.clients[owner]
        disputed = any(i.user == owner and i.dispute and i.closed is None for i in self.intents.values())
        movement_id = f"charge:sim{self.example}:{next(self.spends)}"
        entry = ledger.Entry(ledger.client_balance(owner), ledger.reader_pending(f"sim{self.example}r"), amount)
        try:
            chargebacks.refuse_if_disputed(owner)
            ledger.post(movement_id, "reading", [entry])
        except chargebacks.PaymentDisputed:
            assert disputed
            return
        except ledger.core.InsufficientFunds:
            assert client.balance < amount
            return
        assert not disputed and client.balance >= amount
        client.balance -= amount

    # -- faults -------------------------------------------------------------------------------------

    @rule(times=st.integers(1, 3))
    def conflict_next_transactions(self, times: int) -> None:
        self.faults.conflicts = times

    @rule()
    def stale_next_balance_read(self) -> None:
        self.faults.stale_reads = 1

    def _deliver(self, event: dict[str, Any]) -> None:
        stripe_events.handle(event)

    # -- invariants ---------------------------------------------------------------------------------

    @invariant()
    def money_equals_the_model(self) -> None:
        for user, client in self.clients.items():
            accounts = (ledger.client_balance(user), ledger.client_owed(user), ledger.client_held(user))
            real = [self.faults._real_balance_of(account) for account in accounts]
            assert (real[0], -real[1], real[2]) == (client.balance, client.owed, client.held), user
            assert real[0] >= 0 and real[1] <= 0 and real[2] >= 0
            for account, balance in zip(accounts, real, strict=True):
                assert balance == sum(int(e.amount) for e in LedgerEntryModel.query(account, consistent_read=True))
            assert bool(UserModel.get(user).open_chargebacks) == any(
                i.user == user and i.dispute and i.closed is None for i in self.intents.values()
            )
        # double entry: the accounts of the whole ledger sum to zero
        assert sum(int(account.balance) for account in LedgerAccountModel.scan(consistent_read=True)) == 0

    def teardown(self) -> None:
        ledger.balance_of = self.faults._real_balance_of  # type: ignore[assignment]
        self.faults.close()
        report = audit.run_audit()
        assert report.clean, report.problems


def test_money_simulation(aws: None, local_stripe: LocalStripeThread) -> None:
    STRIPE["server"] = local_stripe
    run_state_machine_as_test(
        MoneySimulation,
        settings=simulation_settings(max_examples=10, stateful_step_count=25),
    )


@pytest.fixture(autouse=True)
def _restore_balance_of() -> Any:
    real = ledger.balance_of
    yield
    ledger.balance_of = real  # type: ignore[assignment]
