"""What a push says: the event as the WebSocket carries it, plus what the service worker shows (title,
body, the page a click opens, a tag that replaces an earlier notification of the same thing, actions)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from soulseer.notify.words import dollars


def _reading_words(kind: Any) -> str:
    return {"chat": "a chat", "voice": "a voice", "video": "a video"}.get(str(kind), "a")


def notification(event: dict[str, Any]) -> dict[str, Any]:
    name = str(event.get("event"))
    session = quote(str(event.get("session_id") or ""))
    reader = quote(str(event.get("reader_id") or ""))
    shown: dict[str, Any]
    if name == "reading-requested":
        client = (event.get("client") or {}).get("display_name") or "A client"
        shown = {
            "title": f"{client} asks for {_reading_words(event.get('type'))} reading",
            "body": f"{dollars(event.get('rate_cents'))} a minute. Answer before it expires.",
            "url": f"/console?request={session}",
            "tag": f"request-{session}",
            "require_interaction": True,
            "actions": [{"action": "accept", "title": "Accept"}, {"action": "decline", "title": "Decline"}],
        }
    elif name == "reading-accepted":
        shown = {"title": "Your reader accepted", "body": "Join the reading now.", "url": f"/readings/{session}"}
    elif name == "reading-declined":
        shown = {"title": "Your reader declined", "body": "You were not charged.", "url": "/readers"}
    elif name == "reading-expired":
        shown = {"title": "Your request expired", "body": "You were not charged.", "url": "/readers"}
    elif name in ("reader-online", "reader-available"):
        who = event.get("display_name") or "A reader"
        word = "is online" if name == "reader-online" else "is available now"
        shown = {"title": f"{who} {word}", "body": "Start a reading while they are free.", "url": f"/readers/{reader}"}
    elif name == "payout-sent":
        shown = {
            "title": f"Payout sent: {dollars(event.get('amount_cents'))}",
            "body": "It reaches your bank on your payout schedule.",
            "url": "/console",
        }
    else:
        raise ValueError(f"no notification for {name!r}")
    return {**event, "notification": {"tag": f"{name}-{session or reader}", **shown}}
