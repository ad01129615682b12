"""Reaching people beyond the open tab: web push and email, always through the presence queue (the
presence function delivers), never inline on a request or money path. This module is the one way in:

    notify.enqueue_email(user_id, "topup", {"amount_cents": 2500, ...}, dedupe="topup:pi_123")
    notify.enqueue_push(user_id, {"event": "payout-sent", ...})

Both only queue a message (they read no table and no secret); a failure to queue is logged and never
undoes what the caller committed."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from soulseer.adapters import queue

EMAIL_KINDS = ("topup", "reading", "order", "refund", "dispute", "payout")
PUSH_EVENTS = (
    "reading-requested",
    "reading-accepted",
    "reading-declined",
    "reading-expired",
    "reader-online",
    "reader-available",
    "payout-sent",
)
log = logging.getLogger(__name__)


def _send(message: dict[str, Any], delay_seconds: int = 0) -> bool:
    try:
        queue.send(message, delay_seconds=delay_seconds)
    except Exception:  # the caller's work is committed: a lost notification must not undo it
        log.exception("Could not queue a notification", extra={"kind": message.get("kind")})
        return False
    return True


def enqueue_email(user_id: str, kind: str, data: Mapping[str, Any], dedupe: str | None = None) -> bool:
    """A receipt or outcome email of `kind` (EMAIL_KINDS) to the user, if they want it; `dedupe` (e.g. the
    movement id) makes a repeated enqueue send one email. `data` fills the kind's template."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown email kind {kind!r}")
    return _send({"kind": "email", "user_id": user_id, "email": kind, "data": data, "dedupe": dedupe})


def enqueue_push(user_id: str, event: Mapping[str, Any]) -> bool:
    """A web push of `event` (a PUSH_EVENTS event, as the WebSocket carries it) to the user's subscriptions."""
    if event.get("event") not in PUSH_EVENTS:
        raise ValueError(f"unknown push event {event.get('event')!r}")
    return _send({"kind": "push", "user_id": user_id, "event": event})


def ring_answered(reader_id: str) -> bool:
    """The reader answered a request (accepted or declined): their missed rings start again from zero."""
    return _send({"kind": "ring-answered", "reader_id": reader_id})


def ring_missed(reader_id: str, session_id: str) -> bool:
    """A request expired unanswered: it counts toward taking an away reader offline."""
    return _send({"kind": "ring-missed", "reader_id": reader_id, "session_id": session_id})
