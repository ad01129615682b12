"""Every push notification opens a page the web app routes (a click on "Your reader accepted" once opened
/reading/<id>, a path the app does not have)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from soulseer.notify.payloads import notification

PATHS_TS = Path(__file__).resolve().parents[2] / "web" / "src" / "config" / "paths.ts"
EVENTS = [
    {
        "event": "reading-requested",
        "session_id": "ses_1",
        "client": {"display_name": "Ana"},
        "type": "chat",
        "rate_cents": 199,
    },
    {"event": "reading-accepted", "session_id": "ses_1", "reader_id": "user_r"},
    {"event": "reading-declined", "session_id": "ses_1"},
    {"event": "reading-expired", "session_id": "ses_1"},
    {"event": "reader-online", "reader_id": "user_r", "display_name": "Luna"},
    {"event": "reader-available", "reader_id": "user_r", "display_name": "Luna"},
    {"event": "payout-sent", "amount_cents": 1750},
]


def _route_patterns() -> list[re.Pattern[str]]:
    patterns = re.findall(r'pattern: "([^"]+)"', PATHS_TS.read_text())
    assert len(patterns) > 10
    return [re.compile("^" + re.sub(r":\w+", r"[^/]+", p.replace("/*", "(/.*)?")) + "$") for p in patterns]


@pytest.mark.parametrize("event", EVENTS, ids=[e["event"] for e in EVENTS])
def test_a_notification_opens_a_page_the_app_routes(event: dict[str, object]) -> None:
    url = notification(event)["notification"]["url"]
    path = urlsplit(url).path
    assert any(p.match(path) for p in _route_patterns()), f"{event['event']} opens {url}, which the app does not route"


def test_the_accepted_reading_opens_its_room() -> None:
    url = notification(EVENTS[1])["notification"]["url"]
    assert url == "/readings/ses_1"
