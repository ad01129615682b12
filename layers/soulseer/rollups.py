"""Daily money rollups for the admin dashboard, kept as money moves: each ledger movement that changes
the platform's revenue or records a top-up adds its amount to the day's rollup item, in the movement's
own transaction (so a rollup is exact and a replayed movement adds nothing). Items are sharded like
the system accounts (the movement's shard), so no single item takes every write of the day."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from soulseer.stores import rollups as store

REVENUE = "revenue"  # net change of the platform revenue shards: charges and gifts add, refunds subtract
TOPUPS = "topups"  # what top-ups brought in (the Stripe clearing shards' `topup` entries, sign flipped)
MINUTES = "minutes"  # billed minutes: one per `reading` movement (each charges one minute); a count, not cents
REFUNDS = "refunds"  # what `refund` movements gave back (dispute refunds to balances, card refunds to Stripe)
PAYOUTS = "payouts"  # what `payout` movements paid out to readers
METRICS = (REVENUE, TOPUPS, MINUTES, REFUNDS, PAYOUTS)
SHARDS = 16  # as the system accounts (ledger.accounts.SYSTEM_SHARDS)
MAX_ITEMS_PER_MOVEMENT = 2
_REVENUE_PREFIX = "platform:revenue:"
_CLEARING_PREFIX = "stripe:clearing:"
_PAID_SUFFIX = ":paid"  # a reader's paid-out account


def rollup_id(metric: str, day: date, shard: int) -> str:
    return f"{metric}#{day.isoformat()}#{shard:02d}"


def deltas(kind: str, net: dict[str, int]) -> dict[tuple[str, int], int]:
    """(metric, shard) -> cents a movement adds, from its net change per account."""
    found: dict[tuple[str, int], int] = {}
    for account, amount in net.items():
        if account.startswith(_REVENUE_PREFIX):
            key = (REVENUE, int(account.rsplit(":", 1)[1]))
            found[key] = found.get(key, 0) + amount
        elif kind == "topup" and account.startswith(_CLEARING_PREFIX):
            key = (TOPUPS, int(account.rsplit(":", 1)[1]))
            found[key] = found.get(key, 0) - amount
    shard = _shard_of(net)
    if kind == "reading":
        found[(MINUTES, shard)] = 1
    elif kind == "refund":
        found[(REFUNDS, shard)] = sum(amount for amount in net.values() if amount > 0)
    elif kind == "payout":
        found[(PAYOUTS, shard)] = sum(amount for account, amount in net.items() if account.endswith(_PAID_SUFFIX))
    return {key: cents for key, cents in found.items() if cents}


def _shard_of(net: dict[str, int]) -> int:
    """The movement's shard when it touches a sharded system account (revenue, clearing), else one of the
    user accounts' (their hash), so a metric's writes spread like the movements."""
    for account in net:
        if account.startswith((_REVENUE_PREFIX, _CLEARING_PREFIX)):
            return int(account.rsplit(":", 1)[1])
    first = min(net) if net else ""
    return int.from_bytes(hashlib.sha256(first.encode()).digest()[:4], "big") % SHARDS


def writes(kind: str, net: dict[str, int], now: datetime) -> list[Callable[[Any], None]]:
    """Transaction writes adding a movement's deltas to the day's rollups (for ledger.post)."""

    return [
        store.add_write(rollup_id(metric, now.date(), shard), cents)
        for (metric, shard), cents in deltas(kind, net).items()
    ]


def daily(metric: str, days: Iterable[date]) -> dict[date, int]:
    """Per day, the metric's total over every shard (one BatchGetItem per 100 items)."""
    wanted = list(days)
    keys = [rollup_id(metric, day, shard) for day in wanted for shard in range(SHARDS)]
    totals = dict.fromkeys(wanted, 0)
    for key, cents in store.sums(keys).items():
        totals[date.fromisoformat(key.split("#")[1])] += cents
    return totals
