"""The incremental audit's checkpoint: per ledger account, the sum of its entries up to `as_of` that the audit
verified against its balance; and the watermark, the `as_of` of the last run (with the sum over all accounts).
Items live in the audit reports table as `checkpoint#<account id>` and `checkpoint`, without a TTL: a lost
checkpoint costs one full run (an account without one is read from its first entry), never a wrong report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from soulseer.config import AuditSettings
from soulseer.records import record
from soulseer.stores.binding import BoundTable

WATERMARK = "checkpoint"
_PREFIX = "checkpoint#"
_BATCH = 100  # BatchGetItem's limit


class CheckpointModel(Model):
    class Meta(BoundTable):
        settings_class = AuditSettings
        table_setting = "AUDIT_REPORTS_TABLE"

    report_id = UnicodeAttribute(hash_key=True)  # checkpoint#<account id>, or checkpoint (the watermark)
    sum_cents = NumberAttribute()
    as_of = UTCDateTimeAttribute()


@record
class Checkpoint:
    sum_cents: int
    as_of: datetime


EMPTY = Checkpoint(0, datetime(1970, 1, 1, tzinfo=UTC))  # an account never checked: every entry counts


def watermark() -> Checkpoint | None:
    try:
        item = CheckpointModel.get(WATERMARK, consistent_read=True)
    except CheckpointModel.DoesNotExist:
        return None
    return Checkpoint(int(item.sum_cents), item.as_of)


def set_watermark(mark: Checkpoint) -> None:
    CheckpointModel(WATERMARK, sum_cents=mark.sum_cents, as_of=mark.as_of).save()


def of_accounts(account_ids: Iterable[str]) -> dict[str, Checkpoint]:
    """The checkpoints these accounts have (an account without one is absent)."""
    keys = [_PREFIX + account_id for account_id in account_ids]
    found: dict[str, Checkpoint] = {}
    for start in range(0, len(keys), _BATCH):
        for item in CheckpointModel.batch_get(keys[start : start + _BATCH], consistent_read=True):
            found[item.report_id.removeprefix(_PREFIX)] = Checkpoint(int(item.sum_cents), item.as_of)
    return found


def save(account_id: str, checkpoint: Checkpoint) -> None:
    CheckpointModel(_PREFIX + account_id, sum_cents=checkpoint.sum_cents, as_of=checkpoint.as_of).save()
