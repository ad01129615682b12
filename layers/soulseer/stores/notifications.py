"""The notifications table: per user, their preferences (`settings`), their web push subscriptions
(`push#<digest of the endpoint>`) and markers of what was already sent (`sent#<id>`, expiring). The table
is bound when first used (NOTIFICATIONS_TABLE), so importing this module reads no setting."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from soulseer.conditional import applied
from soulseer.config import NotifySettings
from soulseer.stores.binding import BoundTable

SETTINGS = "settings"
SENT_TTL_SECONDS = 14 * 86400  # longer than any queue retry (SQS keeps a message an hour, the DLQ 14 days)


class ByEmail(GlobalSecondaryIndex["NotificationItem"]):
    class Meta:
        index_name = "by-email"
        projection = KeysOnlyProjection()

    email = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)


class NotificationItem(Model):
    class Meta(BoundTable):
        settings_class = NotifySettings
        table_setting = "NOTIFICATIONS_TABLE"

    user_id = UnicodeAttribute(hash_key=True)
    item = UnicodeAttribute(range_key=True)
    # settings
    email = UnicodeAttribute(null=True)  # lower-cased
    receipts_off = UnicodeSetAttribute(null=True)  # receipt kinds the user turned off
    emails_off = BooleanAttribute(null=True)  # unsubscribed from every email (one-click link)
    push_off = BooleanAttribute(null=True)
    ring_when_away = BooleanAttribute(null=True)
    suppressed = UnicodeAttribute(null=True)  # "bounce" or "complaint" from SES: never mailed again
    missed_rings = NumberAttribute(null=True)
    # push#...
    endpoint = UnicodeAttribute(null=True)
    p256dh = UnicodeAttribute(null=True)
    auth = UnicodeAttribute(null=True)
    created_at = NumberAttribute(null=True)
    # sent#...
    expires_at = NumberAttribute(null=True)  # TTL

    by_email = ByEmail()


def table() -> type[NotificationItem]:
    return NotificationItem


@dataclass(frozen=True)
class Preferences:
    user_id: str
    email: str | None = None
    receipts_off: frozenset[str] = field(default_factory=frozenset)
    emails_off: bool = False
    push_off: bool = False
    ring_when_away: bool = False
    suppressed: str | None = None
    missed_rings: int = 0


@dataclass(frozen=True)
class Subscription:
    user_id: str
    key: str
    endpoint: str
    p256dh: str
    auth: str


def subscription_key(endpoint: str) -> str:
    return "push#" + hashlib.sha256(endpoint.encode()).hexdigest()[:40]


def preferences(user_id: str) -> Preferences:
    try:
        item = table().get(user_id, SETTINGS, consistent_read=True)
    except NotificationItem.DoesNotExist:
        return Preferences(user_id)
    return Preferences(
        user_id=user_id,
        email=item.email,
        receipts_off=frozenset(item.receipts_off or ()),
        emails_off=bool(item.emails_off),
        push_off=bool(item.push_off),
        ring_when_away=bool(item.ring_when_away),
        suppressed=item.suppressed,
        missed_rings=int(item.missed_rings or 0),
    )


def save_preferences(prefs: Preferences, *, email_changed: bool) -> None:
    """Writes the user's choices; a new address is no longer suppressed (it has not bounced yet)."""
    model = table()
    actions: list[Any] = [
        model.receipts_off.set(set(prefs.receipts_off)) if prefs.receipts_off else model.receipts_off.remove(),
        model.emails_off.set(prefs.emails_off),
        model.push_off.set(prefs.push_off),
        model.ring_when_away.set(prefs.ring_when_away),
    ]
    if email_changed:
        actions.append(model.email.set(prefs.email) if prefs.email else model.email.remove())
        actions.append(model.suppressed.remove())
    model(prefs.user_id, SETTINGS).update(actions=actions)


def set_flag(user_id: str, **values: object) -> None:
    """Sets settings attributes by name (emails_off, suppressed, missed_rings...)."""
    model = table()
    model(user_id, SETTINGS).update(actions=[getattr(model, name).set(value) for name, value in values.items()])


def add_missed_ring(user_id: str) -> int:
    model = table()
    item = model(user_id, SETTINGS)
    item.update(actions=[model.missed_rings.add(1)])
    return int(item.missed_rings or 0)


def users_with_email(email: str) -> list[str]:
    return [item.user_id for item in table().by_email.query(email.lower())]


def subscriptions(user_id: str) -> list[Subscription]:
    model = table()
    return [
        Subscription(user_id, item.item, str(item.endpoint), str(item.p256dh), str(item.auth))
        for item in model.query(user_id, model.item.startswith("push#"), consistent_read=True)
    ]


def has_subscription(user_id: str) -> bool:
    model = table()
    return any(True for _ in model.query(user_id, model.item.startswith("push#"), limit=1, consistent_read=True))


def count_subscriptions(user_id: str) -> int:
    model = table()
    return model.count(user_id, model.item.startswith("push#"))


def put_subscription(user_id: str, endpoint: str, p256dh: str, auth: str) -> Subscription:
    key = subscription_key(endpoint)
    table()(user_id, key, endpoint=endpoint, p256dh=p256dh, auth=auth, created_at=int(time.time())).save()
    return Subscription(user_id, key, endpoint, p256dh, auth)


def delete_subscription(user_id: str, key: str) -> bool:
    model = table()
    return applied(lambda: model(user_id, key).delete(condition=model.item.exists()))


def already_sent(user_id: str, marker: str) -> bool:
    try:
        table().get(user_id, f"sent#{marker}", consistent_read=True)
    except NotificationItem.DoesNotExist:
        return False
    return True


def mark_sent(user_id: str, marker: str) -> None:
    table()(user_id, f"sent#{marker}", expires_at=int(time.time()) + SENT_TTL_SECONDS).save()
