"""GET /api/me/history: one line per reading (all its billed minutes), per top-up, in words, newest
first, paged without splitting or repeating a reading."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import TEST_ENV
from tests.support.apigw import LambdaContext, rest_event
from tests.support.readings import active_reading, executions, fund, send, session, wait_for

BILLING_ARN = TEST_ENV["BILLING_STATE_MACHINE_ARN"]
pytestmark = pytest.mark.usefixtures("fresh_rules")


def history(api_module: Any, **query: Any) -> tuple[int, dict[str, Any]]:
    event = rest_event("GET", "/api/me/history", user=("c1", "client"), query={k: str(v) for k, v in query.items()})
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def test_one_line_per_reading_and_per_top_up_across_pages(state_machines, api_module) -> None:
    sid, client_conn, _ = active_reading(150, 10_000, "chat")  # $100.00 in as "pi_1"
    wait_for(lambda: int(session(sid).paid_minutes) >= 2)
    fund("c1", 2_000, "pi_2")  # a top-up in the middle of the reading
    wait_for(lambda: int(session(sid).paid_minutes) >= 4)
    send(client_conn, "end-session", session_id=sid)
    wait_for(lambda: executions(BILLING_ARN)[0]["status"] != "RUNNING")
    fund("c1", 500, "pi_3")
    ended = session(sid)
    paid = int(ended.paid_minutes)
    assert int(ended.total_cents) == 150 * paid

    status, page = history(api_module)
    assert status == 200 and page["next_cursor"] is None
    lines = [(line["type"], line["title"], line["detail"], line["amount_cents"]) for line in page["items"]]
    reading = ("reading", "Chat with r1", f"{paid} min", -150 * paid)
    assert lines[0] == ("topup", "Funds added", None, 500)
    assert reading in lines and lines.count(reading) == 1
    assert sorted(line for line in lines if line[0] == "topup") == [
        ("topup", "Funds added", None, 500),
        ("topup", "Funds added", None, 2_000),
        ("topup", "Funds added", None, 10_000),
    ]
    assert len(lines) == 4  # paid minutes are one line, however many there were
    (line,) = [item for item in page["items"] if item["type"] == "reading"]
    assert line["session_id"] == sid and line["id"] == f"reading:{sid}"

    seen, cursor = [], None
    for _ in range(10):  # one line a page: the same lines, none twice
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        status, one = history(api_module, **query)
        assert status == 200 and len(one["items"]) <= 1
        seen += one["items"]
        cursor = one["next_cursor"]
        if cursor is None:
            break
    assert [item["id"] for item in seen] == [item["id"] for item in page["items"]]

    status, bad = history(api_module, cursor="not-a-cursor")
    assert status == 400 and bad["error"]["code"] == "invalid_cursor"
