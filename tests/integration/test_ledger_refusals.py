"""A refused movement is explained from its own transaction's cancellation reasons, item by item,
never by reading afterwards (a read after the fact races with top-ups and may be stale)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from soulseer import ledger
from soulseer.ledger import core, transaction
from soulseer.ledger.core import InsufficientFunds, LedgerBusy, LedgerError, PreconditionFailed
from soulseer.models import LedgerAccountModel, LedgerMovementModel, PaymentModel


def topup(user: str, amount: int, ref: str) -> ledger.Movement:
    movement_id = f"topup:{ref}"
    return ledger.post(
        movement_id, "topup", [ledger.Entry(ledger.stripe_clearing(movement_id), ledger.client_balance(user), amount)]
    )


def charge(user: str, amount: int, ref: str, extra_writes=()) -> ledger.Movement:
    movement_id = f"charge:{ref}"
    return ledger.post(
        movement_id,
        "reading",
        [ledger.Entry(ledger.client_balance(user), ledger.reader_pending("r1"), amount)],
        extra_writes=extra_writes,
    )


@pytest.fixture
def no_reads(monkeypatch: pytest.MonkeyPatch):
    """Any read of a balance or a movement fails the test: the refusal must explain itself."""

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the ledger read after the transaction")

    def arm() -> None:
        for model in (LedgerAccountModel, LedgerMovementModel):
            monkeypatch.setattr(model, "get", forbidden)
            monkeypatch.setattr(model, "batch_get", forbidden)

    return arm


def test_a_refusal_with_a_top_up_landing_right_after_is_insufficient_funds(aws, monkeypatch, no_reads) -> None:
    topup("u1", 100, "pi_1")
    commit = transaction.OrderedTransaction.commit
    landed = []

    def top_up_lands_after_the_refusal(self: transaction.OrderedTransaction) -> None:
        try:
            commit(self)
        except transaction.Cancelled:
            if not landed:
                landed.append(topup("u1", 1_000, "pi_2"))
            raise

    monkeypatch.setattr(transaction.OrderedTransaction, "commit", top_up_lands_after_the_refusal)
    no_reads()
    with pytest.raises(InsufficientFunds) as refused:
        charge("u1", 150, "s1:2")
    assert refused.value.status == 402 and refused.value.details == {"account": "client"}
    assert landed  # the balance was enough a moment later; the refusal is still "balance too low"
    monkeypatch.undo()
    assert ledger.balance_of(ledger.client_balance("u1")) == 1_100
    assert core.find_movement("charge:s1:2") is None


def test_a_stale_balance_read_cannot_change_the_answer(aws, monkeypatch) -> None:
    topup("u1", 100, "pi_1")
    stale = LedgerAccountModel(ledger.client_balance("u1"), balance=10_000)
    monkeypatch.setattr(LedgerAccountModel, "get", classmethod(lambda cls, *a, **k: stale))
    monkeypatch.setattr(LedgerAccountModel, "batch_get", classmethod(lambda cls, *a, **k: iter([stale])))
    with pytest.raises(InsufficientFunds):
        charge("u1", 150, "s1:2")


def test_balances_that_decide_money_are_read_consistently(aws) -> None:
    topup("u1", 100, "pi_1")
    seen: list[dict[str, Any]] = []
    client = LedgerAccountModel._get_connection().connection.client
    client.meta.events.register("provide-client-params.dynamodb.*", lambda params, **_: seen.append(params))
    try:
        assert ledger.balances_of([ledger.client_balance("u1"), ledger.reader_pending("r9")]) == {
            ledger.client_balance("u1"): 100,
            ledger.reader_pending("r9"): 0,
        }
        assert ledger.balance_of(ledger.client_balance("u1")) == 100
    finally:
        client.meta.events.unregister("provide-client-params.dynamodb.*")
    batch, single = seen
    assert all(keys["ConsistentRead"] is True for keys in batch["RequestItems"].values())
    assert single["ConsistentRead"] is True


def test_a_replay_reports_the_earlier_movement_from_the_transaction_itself(aws, no_reads) -> None:
    first = topup("u1", 100, "pi_1")
    charge("u1", 60, "s1:1")
    no_reads()
    # the balance (40) could not pay this movement again; it exists, so it is a replay, not a refusal
    again = charge("u1", 60, "s1:1")
    assert again.replayed and [(e.debit, e.credit, e.amount) for e in again.entries] == [
        (ledger.client_balance("u1"), ledger.reader_pending("r1"), 60)
    ]
    assert again.created_at is not None
    replay = topup("u1", 100, "pi_1")
    assert replay.replayed and replay.entries == first.entries


def test_a_failed_extra_write_is_the_callers_precondition(aws, no_reads) -> None:
    topup("u1", 1_000, "pi_1")
    for payment in ("pi_8", "pi_9"):
        PaymentModel(payment, user_id="u1", amount_cents=5, refunded_cents=0).save()

    def holds(payment: str, refunded: int):
        def write(t: Any) -> None:
            t.update(
                PaymentModel(payment),
                actions=[PaymentModel.refunded_cents.add(1)],
                condition=PaymentModel.refunded_cents == refunded,
            )

        return write

    no_reads()
    with pytest.raises(PreconditionFailed) as stale:
        charge("u1", 10, "s1:1", extra_writes=[holds("pi_8", 0), holds("pi_9", 7)])
    assert stale.value.failed_writes == (1,) and stale.value.status == 409
    with pytest.raises(InsufficientFunds):  # both: the balance is named first
        charge("u1", 5_000, "s1:1", extra_writes=[holds("pi_8", 3)])


def test_contention_past_the_retries_is_busy_503_with_retry_after(aws, monkeypatch) -> None:
    calls = []

    class Conflicting:
        def transact_write_items(self, TransactItems: list[dict[str, Any]]) -> None:
            calls.append(len(TransactItems))
            reasons = [{"Code": "TransactionConflict"}] + [{"Code": "None"}] * (len(TransactItems) - 1)
            raise ClientError(
                {"Error": {"Code": "TransactionCanceledException"}, "CancellationReasons": reasons},
                "TransactWriteItems",
            )

    monkeypatch.setattr(transaction, "_dynamodb", lambda: Conflicting())
    monkeypatch.setattr(core.time, "sleep", lambda seconds: None)
    with pytest.raises(LedgerBusy) as busy:
        topup("u1", 100, "pi_1")
    assert isinstance(busy.value, LedgerError)
    assert busy.value.status == 503 and busy.value.retry_after >= 1
    assert len(calls) == core._CONFLICT_RETRIES


def test_every_ledger_refusal_has_one_root() -> None:
    for error in (InsufficientFunds, PreconditionFailed, LedgerBusy, core.InvalidMovement):
        assert issubclass(error, LedgerError)
