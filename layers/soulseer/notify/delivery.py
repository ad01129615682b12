"""The presence function's notify messages: web pushes to a user's subscriptions, emails through SES,
and the ring bookkeeping. A push service that is down or busy gets the push again later (one message
per subscription, backing off); SES throttling or an outage raises, so the queue delivers the message
again (and dead-letters it, kept 14 days, if it keeps failing): nothing is lost."""

from __future__ import annotations

import logging
from typing import Any

from soulseer.adapters import queue
from soulseer.notify import ringing
from soulseer.notify.emails import send as send_email
from soulseer.notify.payloads import notification
from soulseer.notify.webpush import Outcome
from soulseer.notify.webpush import send as send_push
from soulseer.stores import notifications as store
from soulseer.stores import users as readers_store

MAX_PUSH_ATTEMPTS = 6
log = logging.getLogger(__name__)


def _retry_delay(attempt: int) -> int:
    return min(queue.MAX_DELAY_SECONDS, 15 * 2**attempt)


def push(user_id: str, event: dict[str, Any], only: str | None = None, attempt: int = 0) -> dict[str, int]:
    """Pushes to each subscription of the user (or the one named `only`); returns outcomes counted."""
    counts = {outcome.value: 0 for outcome in Outcome}
    if store.preferences(user_id).push_off:
        return counts
    message = notification(event)
    for subscription in store.subscriptions(user_id):
        if only is not None and subscription.key != only:
            continue
        outcome = send_push(subscription, message)
        counts[outcome.value] += 1
        if outcome is Outcome.GONE:
            store.delete_subscription(user_id, subscription.key)
        elif outcome is Outcome.RETRY and attempt + 1 < MAX_PUSH_ATTEMPTS:
            again = {"kind": "push", "user_id": user_id, "event": event, "only": subscription.key}
            queue.send({**again, "attempt": attempt + 1}, delay_seconds=_retry_delay(attempt))
        elif outcome is not Outcome.DELIVERED:
            log.warning("Push not delivered", extra={"user_id": user_id, "outcome": outcome.value, "attempt": attempt})
    return counts


def email(user_id: str, kind: str, data: dict[str, Any], dedupe: str | None) -> str:
    """Sends the email unless the user has no address, opted out, bounced, or it was sent already."""
    prefs = store.preferences(user_id)
    if not prefs.email:
        return "no_address"
    if prefs.emails_off or kind in prefs.receipts_off:
        return "opted_out"
    if prefs.suppressed:
        return "suppressed"
    marker = f"email:{kind}:{dedupe}" if dedupe else None
    if marker and store.already_sent(user_id, marker):
        return "already_sent"
    send_email(user_id, prefs.email, kind, _completed(kind, data))
    if marker:
        store.mark_sent(user_id, marker)
    return "sent"


def _completed(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the enqueuer left to look up: a reading receipt and a report's outcome name the reader."""
    if kind in ("reading", "dispute") and not data.get("reader_name") and data.get("reader_id"):
        name = readers_store.reader_name(str(data["reader_id"]))
        return {**data, "reader_name": name or "your reader"}
    return data


def handle(message: dict[str, Any]) -> Any:
    """One notify message from the queue; returns what happened (for the log)."""
    kind = message.get("kind")
    if kind == "push":
        return push(str(message["user_id"]), message["event"], message.get("only"), int(message.get("attempt") or 0))
    if kind == "email":
        return email(str(message["user_id"]), str(message["email"]), message.get("data") or {}, message.get("dedupe"))
    if kind == "ring-missed":
        return ringing.missed(str(message["reader_id"]), str(message.get("session_id") or ""))
    if kind == "ring-answered":
        return ringing.answered(str(message["reader_id"]))
    raise ValueError(f"not a notify message: {kind!r}")


KINDS = ("push", "email", "ring-missed", "ring-answered")
