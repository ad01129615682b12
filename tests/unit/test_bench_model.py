"""The benchmark's cost model and request-unit arithmetic (the numbers `make bench` reports rest on them)."""

from __future__ import annotations

import pytest

from benchmarks import prices
from benchmarks.counting import units
from benchmarks.stats import percentile


def test_transactions_bill_two_units_per_item_and_reads_by_consistency() -> None:
    items = [{"Put": {}}, {"Update": {}}, {"ConditionCheck": {}}]
    assert units("TransactWriteItems", {"TransactItems": items}) == (2.0, 4.0)
    assert units("GetItem", {"ConsistentRead": True}) == (1.0, 0.0)
    assert units("GetItem", {}) == (0.5, 0.0)
    assert units("PutItem", {}) == (0.0, 1.0)
    assert units("BatchWriteItem", {"RequestItems": {"t": [{}, {}, {}]}}) == (0.0, 3.0)


def test_step_functions_dominate_a_three_transition_minute_and_two_meet_the_target() -> None:
    tick = {"tick_memory_mb": 512, "tick_calls": 4, "read_units": 3.0, "write_units": 16.0}
    three = prices.billed_minute(transitions=3, **tick)
    assert three["parts"]["step_functions"] == pytest.approx(0.000075)
    assert three["step_functions_share"] > 0.85
    two = prices.billed_minute(transitions=2, **{**tick, "tick_calls": 2, "read_units": 1.0})
    assert two["usd"] <= two["floor_usd"] < three["usd"]
    assert two["alternatives"]["eventbridge_scheduler_one_shot"] < two["usd"]
    assert two["alternatives"]["step_functions_express"] > two["usd"]  # Express pays for the minute it waits


def test_percentile_interpolates_between_ranks() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([5.0], 0.95) == 5.0
