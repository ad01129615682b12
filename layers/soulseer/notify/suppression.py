"""SES event notifications: a permanent bounce or a complaint suppresses the address (transient bounces
only delay: SES retries them itself)."""

from __future__ import annotations

import logging
from typing import Any

from soulseer.stores import notifications as store

log = logging.getLogger(__name__)


def addresses(notice: dict[str, Any]) -> tuple[str, list[str]]:
    """(reason, addresses) of an SES event (`eventType`) or notification (`notificationType`)."""
    kind = str(notice.get("eventType") or notice.get("notificationType") or "")
    if kind == "Bounce":
        bounce = notice.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return "", []
        return "bounce", [str(r.get("emailAddress")) for r in bounce.get("bouncedRecipients") or []]
    if kind == "Complaint":
        complaint = notice.get("complaint") or {}
        return "complaint", [str(r.get("emailAddress")) for r in complaint.get("complainedRecipients") or []]
    return "", []


def suppress_from_event(notice: dict[str, Any]) -> int:
    reason, emails = addresses(notice)
    users = 0
    for email in emails:
        for user_id in store.users_with_email(email.strip().lower()):
            store.set_flag(user_id, suppressed=reason)
            users += 1
    log.info("Email suppressed", extra={"reason": reason, "users": users})
    return users
