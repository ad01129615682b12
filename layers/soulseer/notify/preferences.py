"""What a user chose: the email address and which receipts go to it, push on or off, "ring me when I'm
away" (readers), and their web push subscriptions (only on the push services' hosts)."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from soulseer import presence
from soulseer.adapters import queue
from soulseer.errors import DomainError, ErrorCode
from soulseer.notify import EMAIL_KINDS, endpoints
from soulseer.notify.tokens import user_of
from soulseer.stores import notifications as store

if TYPE_CHECKING:
    from soulseer.schemas.notifications import NotificationSettings

MAX_SUBSCRIPTIONS = 10
EMAIL = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,24}$")


@dataclass(frozen=True)
class Choices:
    """A partial update: None leaves a choice as it is."""

    email: str | None = None
    clear_email: bool = False
    receipts: dict[str, bool] | None = None
    emails_enabled: bool | None = None
    push_enabled: bool | None = None
    ring_when_away: bool | None = None


def view(user_id: str) -> NotificationSettings:
    from soulseer.schemas.notifications import NotificationSettings, Receipts  # the API's only

    prefs = store.preferences(user_id)
    return NotificationSettings(
        email=prefs.email,
        email_suppressed=prefs.suppressed is not None,
        emails_enabled=not prefs.emails_off,
        receipts=Receipts(**{kind: kind not in prefs.receipts_off for kind in EMAIL_KINDS}),
        push_enabled=not prefs.push_off,
        ring_when_away=prefs.ring_when_away,
        push_subscriptions=store.count_subscriptions(user_id),
    )


def update(user_id: str, role: str, choices: Choices) -> NotificationSettings:
    prefs = store.preferences(user_id)
    email = prefs.email
    if choices.clear_email:
        email = None
    elif choices.email is not None:
        if not EMAIL.match(choices.email.strip()):
            raise DomainError(ErrorCode.INVALID_EMAIL)
        email = choices.email.strip().lower()
    if choices.ring_when_away and role != "reader":
        raise DomainError(ErrorCode.FORBIDDEN, "Only readers can be rung when away.")
    off = set(prefs.receipts_off)
    for kind, on in (choices.receipts or {}).items():
        (off.discard if on else off.add)(kind)
    updated = replace(
        prefs,
        email=email,
        receipts_off=frozenset(off),
        emails_off=prefs.emails_off if choices.emails_enabled is None else not choices.emails_enabled,
        push_off=prefs.push_off if choices.push_enabled is None else not choices.push_enabled,
        ring_when_away=prefs.ring_when_away if choices.ring_when_away is None else choices.ring_when_away,
    )
    store.save_preferences(updated, email_changed=email != prefs.email)
    if role == "reader":
        _recheck_if_away(user_id)
    return view(user_id)


def _recheck_if_away(reader_id: str) -> None:
    """A reader who can no longer be rung and has no open app goes offline (the presence function checks)."""
    if not presence.is_live(reader_id):
        queue.send({"kind": "presence-check", "reader_id": reader_id})


def _key_bytes(text: str, length: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length or (length == 65 and raw[0] != 4):
        raise DomainError(ErrorCode.INVALID_PUSH_KEYS)
    return raw


def subscribe(user_id: str, endpoint: str, p256dh: str, auth: str) -> store.Subscription:
    if not endpoints.allowed(endpoint):
        raise DomainError(ErrorCode.PUSH_ENDPOINT_NOT_ALLOWED)
    _key_bytes(p256dh, 65)
    _key_bytes(auth, 16)
    existing = {s.endpoint for s in store.subscriptions(user_id)}
    if endpoint not in existing and len(existing) >= MAX_SUBSCRIPTIONS:
        raise DomainError(ErrorCode.TOO_MANY_PUSH_SUBSCRIPTIONS)
    return store.put_subscription(user_id, endpoint, p256dh, auth)


def unsubscribe_device(user_id: str, role: str, endpoint: str) -> bool:
    removed = store.delete_subscription(user_id, store.subscription_key(endpoint))
    if removed and role == "reader":
        _recheck_if_away(user_id)
    return removed


def unsubscribe_emails(token: str) -> bool:
    """The one-click link: every email off for the token's user. False for a token that is not ours."""
    user_id = user_of(token)
    if user_id is None:
        return False
    store.set_flag(user_id, emails_off=True)
    return True
