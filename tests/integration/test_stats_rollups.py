"""The dashboard's money numbers come from daily rollups kept in each movement's transaction: exact
under replays and refunds, and read without querying ledger entries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from soulseer import ledger, rollups, stats
from soulseer.ledger import core
from soulseer.models import LedgerEntryModel, utcnow


def charge(movement_id: str, client: str, cents: int) -> None:
    ledger.post(
        movement_id,
        "reading",
        [
            ledger.Entry(ledger.client_balance(client), ledger.reader_pending("r1"), cents * 70 // 100),
            ledger.Entry(
                ledger.client_balance(client), ledger.platform_revenue(movement_id), cents - cents * 70 // 100
            ),
        ],
    )


def fund(client: str, cents: int, intent: str) -> None:
    movement = f"topup:{intent}"
    ledger.post(
        movement, "topup", [ledger.Entry(ledger.stripe_clearing(movement), ledger.client_balance(client), cents)]
    )


def test_rollups_follow_every_movement_once(aws, monkeypatch: pytest.MonkeyPatch) -> None:
    fund("c1", 5000, "pi_1")
    fund("c1", 5000, "pi_1")  # a duplicated webhook: replayed, not counted twice
    for minute in range(1, 4):
        charge(f"charge:s1:{minute}", "c1", 100)
    charge("charge:s1:3", "c1", 100)  # a re-run task
    old = utcnow() - timedelta(days=9)
    monkeypatch.setattr(core, "utcnow", lambda: old)
    fund("c2", 2000, "pi_old")
    charge("charge:s0:1", "c2", 1000)
    monkeypatch.undo()
    today = rollups.daily(rollups.REVENUE, [utcnow().date()])
    assert today == {utcnow().date(): 90}

    def no_entry_queries(*args: object, **kwargs: object) -> None:
        raise AssertionError("stats must not query ledger entries")

    monkeypatch.setattr(LedgerEntryModel, "query", no_entry_queries)
    report = stats.stats().model_dump()
    assert report["revenue_cents"] == {"today": 90, "last_7_days": 90, "last_30_days": 390}
    assert report["topups_cents"] == {"today": 5000, "last_7_days": 5000, "last_30_days": 7000}


def test_a_refund_lowers_the_days_revenue(aws) -> None:
    fund("c1", 1000, "pi_1")
    charge("charge:s1:1", "c1", 1000)
    refund = "dispute:d1"
    ledger.post(
        refund, "refund", [ledger.Entry(ledger.platform_revenue("charge:s1:1"), ledger.client_balance("c1"), 100)]
    )
    assert stats.stats().revenue_cents.today == 200
