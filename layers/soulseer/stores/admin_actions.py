"""The admin action log (the admin-actions table): append-only. Every admin action is one item, written
in the same DynamoDB transaction as the change it records (`put`, an extra transaction write), or, where a
remote call is involved, as an intent first and its outcome as a second item naming the intent. Items are
never updated or deleted (the api's role may only put them).

Listings: everything newest first (index `timeline`, one partition: admin actions are few), and one
user's (index `by-target`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pynamodb.attributes import MapAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from soulseer.config import AdminActionSettings
from soulseer.models import utcnow
from soulseer.pagination import newest_first
from soulseer.stores.binding import BoundTable

FEED = "all"
ActionStatus = Literal["done", "intent", "failed"]
_TIMELINE_KEYS = frozenset({"action_id", "feed", "at_key"})
_TARGET_KEYS = frozenset({"action_id", "target_id", "at_key"})


class ActionsTimeline(GlobalSecondaryIndex["AdminActionModel"]):
    class Meta:
        index_name = "timeline"
        projection = AllProjection()

    feed = UnicodeAttribute(hash_key=True)
    at_key = UnicodeAttribute(range_key=True)


class ActionsByTarget(GlobalSecondaryIndex["AdminActionModel"]):
    class Meta:
        index_name = "by-target"
        projection = AllProjection()

    target_id = UnicodeAttribute(hash_key=True)
    at_key = UnicodeAttribute(range_key=True)


class AdminActionModel(Model):
    class Meta(BoundTable):
        settings_class = AdminActionSettings
        table_setting = "ADMIN_ACTIONS_TABLE"

    action_id = UnicodeAttribute(hash_key=True)
    feed = UnicodeAttribute(default=FEED)
    at_key = UnicodeAttribute()  # <iso at>#<action id>
    at = UTCDateTimeAttribute()
    actor_id = UnicodeAttribute()
    action = UnicodeAttribute()
    target_id = UnicodeAttribute(null=True)  # the user or reader acted on; absent for run-wide actions
    subject = UnicodeAttribute(null=True)  # what else it names: a dispute, a payout date, a payout
    reason = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="done")  # done | intent | failed
    intent_id = UnicodeAttribute(null=True)  # an outcome names the intent it completes
    details: MapAttribute[str, Any] = MapAttribute(default=dict)

    timeline = ActionsTimeline()
    by_target = ActionsByTarget()


def _bound() -> type[AdminActionModel]:
    return AdminActionModel


@dataclass(frozen=True)
class ActionRecord:
    """One entry of the log, as written and as read."""

    actor_id: str
    action: str
    target_id: str | None = None
    subject: str | None = None
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    status: ActionStatus = "done"
    intent_id: str | None = None
    action_id: str = field(default_factory=lambda: f"act_{uuid.uuid4().hex}")
    at: datetime = field(default_factory=utcnow)


def _item(record: ActionRecord) -> AdminActionModel:
    model = _bound()
    return model(
        record.action_id,
        feed=FEED,
        at_key=f"{record.at.isoformat()}#{record.action_id}",
        at=record.at,
        actor_id=record.actor_id,
        action=record.action,
        target_id=record.target_id,
        subject=record.subject,
        reason=record.reason,
        status=record.status,
        intent_id=record.intent_id,
        details={k: v for k, v in record.details.items() if v is not None},
    )


def put(record: ActionRecord) -> Callable[[Any], None]:
    """A transaction write (a PynamoDB TransactWrite or `OrderedTransaction`) adding the record once."""

    def write(transaction: Any) -> None:
        transaction.save(_item(record), condition=AdminActionModel.action_id.does_not_exist())

    return write


def append(record: ActionRecord) -> ActionRecord:
    """Writes the record on its own: an intent before a remote call, or its outcome after it."""
    _item(record).save(condition=AdminActionModel.action_id.does_not_exist())
    return record


def _record(item: AdminActionModel) -> ActionRecord:
    details = item.details.as_dict() if isinstance(item.details, MapAttribute) else dict(item.details or {})
    return ActionRecord(
        actor_id=item.actor_id,
        action=item.action,
        target_id=item.target_id,
        subject=item.subject,
        reason=item.reason,
        details=details,
        status=item.status,  # type: ignore[arg-type]
        intent_id=item.intent_id,
        action_id=item.action_id,
        at=item.at,
    )


def find(action_id: str) -> ActionRecord | None:
    try:
        return _record(_bound().get(action_id, consistent_read=True))
    except AdminActionModel.DoesNotExist:
        return None


def listing(target_id: str | None, limit: int, cursor: str | None) -> tuple[list[ActionRecord], str | None]:
    """Newest first: everything, or what was done to one user."""
    model = _bound()
    if target_id:
        items, next_cursor = newest_first(model.by_target.query, target_id, "target_id", _TARGET_KEYS, limit, cursor)
    else:
        items, next_cursor = newest_first(model.timeline.query, FEED, "feed", _TIMELINE_KEYS, limit, cursor)
    return [_record(item) for item in items], next_cursor
