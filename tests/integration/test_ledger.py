"""The ledger against moto: exactly-once movements, floors, concurrency, per-account history, audit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from soulseer import ledger
from soulseer.errors import DomainError
from soulseer.ledger.audit import run_audit
from soulseer.ledger.core import InsufficientFunds, find_movement
from soulseer.models import LedgerAccountModel, LedgerEntryModel, LedgerMovementModel


def topup(user: str, amount: int, ref: str) -> ledger.Movement:
    movement_id = f"topup:{ref}"
    return ledger.post(
        movement_id,
        "topup",
        [ledger.Entry(ledger.stripe_clearing(movement_id), ledger.client_balance(user), amount)],
    )


def charge(user: str, reader: str, amount: int, ref: str) -> ledger.Movement:
    movement_id = f"charge:{ref}"
    share = amount * 70 // 100
    return ledger.post(
        movement_id,
        "reading",
        [
            ledger.Entry(ledger.client_balance(user), ledger.reader_pending(reader), share),
            ledger.Entry(ledger.client_balance(user), ledger.platform_revenue(movement_id), amount - share),
        ],
    )


def test_movement_is_posted_once_and_replays_report_the_first(aws) -> None:
    first = topup("u1", 1000, "pi_1")
    again = topup("u1", 1000, "pi_1")
    assert not first.replayed and again.replayed
    assert again.entries == first.entries
    assert ledger.balance_of(ledger.client_balance("u1")) == 1000
    assert LedgerMovementModel.count() == 1
    assert LedgerEntryModel.count(ledger.client_balance("u1")) == 1


def test_split_is_70_30_in_integer_cents(aws) -> None:
    topup("u1", 1000, "pi_1")
    charge("u1", "r1", 199, "s1:1")
    assert ledger.balance_of(ledger.client_balance("u1")) == 801
    assert ledger.balance_of(ledger.reader_pending("r1")) == 139
    platform = sum(ledger.balances_of(ledger.accounts.all_shards("platform:revenue")).values())
    assert platform == 60


def test_balance_never_goes_below_zero(aws) -> None:
    topup("u1", 100, "pi_1")
    with pytest.raises(InsufficientFunds) as caught:
        charge("u1", "r1", 101, "s1:1")
    assert caught.value.status == 402
    assert ledger.balance_of(ledger.client_balance("u1")) == 100
    assert ledger.balance_of(ledger.reader_pending("r1")) == 0
    assert find_movement("charge:s1:1") is None
    assert LedgerMovementModel.count() == 1


@pytest.mark.parametrize("amount", [0, -5, 1.5, True])
def test_amounts_are_positive_integer_cents(aws, amount) -> None:
    with pytest.raises(DomainError) as refused:
        ledger.Entry("a", "b", amount)
    assert refused.value.status == 400


def test_concurrent_movements_on_one_account_sum_exactly(aws) -> None:
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(lambda n: topup("u1", 100 + n, f"pi_{n}"), range(20)))
    assert ledger.balance_of(ledger.client_balance("u1")) == sum(100 + n for n in range(20))
    assert LedgerEntryModel.count(ledger.client_balance("u1")) == 20


def test_entries_are_listed_newest_first_with_a_cursor(aws) -> None:
    for n in range(5):
        topup("u1", 100, f"pi_{n}")
    seen, cursor = [], None
    while True:
        rows, cursor = ledger.entries_of(ledger.client_balance("u1"), limit=2, cursor=cursor)
        seen += [row.movement_id for row in rows]
        if not cursor:
            break
    assert seen == [f"topup:pi_{n}" for n in reversed(range(5))]


def test_audit_finds_a_tampered_balance(aws) -> None:
    topup("u1", 500, "pi_1")
    assert run_audit().clean
    account = LedgerAccountModel.get(ledger.client_balance("u1"))
    account.update(actions=[LedgerAccountModel.balance.add(1)])
    report = run_audit()
    assert not report.clean and "client:u1:balance" in report.problems[0]
    account.update(actions=[LedgerAccountModel.balance.add(-1)])
    assert run_audit().clean
