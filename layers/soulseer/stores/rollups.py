"""The daily money rollups (the stats rollups table): `<metric>#<yyyy-mm-dd>#<shard>` -> a sum, added to in
each ledger movement's own transaction. The only importer of its PynamoDB model (soulseer.rollups decides
what is added where)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from soulseer.stores.binding import BoundTable

_BATCH = 100  # BatchGetItem's limit


class StatsRollupModel(Model):
    class Meta(BoundTable):
        table_setting = "STATS_ROLLUPS_TABLE"

    rollup_id = UnicodeAttribute(hash_key=True)  # <metric>#<yyyy-mm-dd>#<shard>
    cents = NumberAttribute(default=0)


def add_write(rollup_id: str, amount: int) -> Callable[[Any], None]:
    """A transaction write adding `amount` to the rollup (created at 0 when absent)."""

    def write(transaction: Any) -> None:
        transaction.update(StatsRollupModel(rollup_id), actions=[StatsRollupModel.cents.add(amount)])

    return write


def sums(rollup_ids: list[str]) -> dict[str, int]:
    """The rollups of these ids that exist."""
    found: dict[str, int] = {}
    for start in range(0, len(rollup_ids), _BATCH):
        for item in StatsRollupModel.batch_get(rollup_ids[start : start + _BATCH]):
            found[item.rollup_id] = int(item.cents)
    return found
