"""Admins suspend, reinstate and re-rate readers: a suspended reader is offline, out of the public list
and profile, their waiting request is cancelled (the client is told), they cannot go online or live;
each action is in the action log once."""

from __future__ import annotations

from typing import Any

from soulseer import presence
from soulseer.admin import actions
from soulseer.models import ReaderProfileModel
from soulseer.readings import room
from soulseer.stores.readings import SessionModel
from tests.support.operations import call
from tests.support.readings import events_of, fund, make_reader

ADMIN = ("boss", "admin")


def admin_reader(api_module: Any, method: str, reader: str, verb: str, body: Any) -> tuple[int, Any]:
    return call(
        api_module,
        method,
        f"/api/admin/readers/{reader}/{verb}",
        ADMIN,
        resource=f"/api/admin/readers/{{id}}/{verb}",
        path_parameters={"id": reader},
        body=body,
    )


def listed(api_module: Any) -> list[str]:
    status, page = call(api_module, "GET", "/api/readers", None)
    assert status == 200
    return [reader["reader_id"] for reader in page["items"]]


def logged(reader: str) -> list[str]:
    return [entry.action for entry in actions.listing(reader, 100, None).items]


def test_a_suspended_reader_leaves_the_list_and_their_waiting_client_is_told(
    state_machines, agora_secret, api_module
) -> None:
    make_reader("r1")
    make_reader("r2")
    fund("c1", 1_000, "pi_c1")
    presence.connected("c1", "conn-c1", "client")
    room.connect("conn-c1", "c1", "client")
    status, started = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"), body={"reader_id": "r1", "type": "chat"}
    )
    assert status == 200, started
    sid = started["session"]["session_id"]
    assert sorted(listed(api_module)) == ["r1", "r2"]

    status, view = admin_reader(api_module, "POST", "r1", "suspend", {"reason": "Harassed a client"})
    assert status == 200, view
    assert view["status"] == "offline" and view["listed"] is False
    assert view["suspension"]["reason"] == "Harassed a client"
    assert SessionModel.get(sid).status == "cancelled" and SessionModel.get(sid).end_reason == "reader_suspended"
    assert [e["reason"] for e in events_of("conn-c1", "reading-cancelled")] == ["reader_suspended"]
    assert listed(api_module) == ["r2"]
    status, error = call(
        api_module, "GET", "/api/readers/r1", None, resource="/api/readers/{id}", path_parameters={"id": "r1"}
    )
    assert (status, error["error"]["code"]) == (404, "reader_not_found")
    status, error = call(api_module, "PUT", "/api/readers/status", ("r1", "reader"), body={"status": "online"})
    assert (status, error["error"]["code"]) == (403, "reader_suspended")
    status, error = call(api_module, "POST", "/api/streams/create", ("r1", "reader"), body={"title": "Back!"})
    assert (status, error["error"]["code"]) == (403, "reader_suspended")
    status, error = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"), body={"reader_id": "r1", "type": "chat"}
    )
    assert (status, error["error"]["code"]) == (409, "reader_unavailable")
    status, _ = call(
        api_module,
        "PUT",
        "/api/readers/profile",
        ("r1", "reader"),
        body={"display_name": "R1 renamed", "rates": {"chat_cents": 150, "voice_cents": 150, "video_cents": 150}},
    )
    assert status == 200 and ReaderProfileModel.get("r1").listing == "suspended"  # a profile edit does not relist
    status, readers = call(api_module, "GET", "/api/admin/readers", ADMIN)
    assert [(r["reader_id"], r["listed"]) for r in readers["items"]][:1] == [("r1", False)]

    status, _ = admin_reader(api_module, "POST", "r1", "suspend", {"reason": "twice"})
    assert status == 200 and logged("r1") == ["reader_suspended"]
    status, view = admin_reader(api_module, "POST", "r1", "reinstate", {"reason": "Appeal accepted"})
    assert status == 200 and view["listed"] is True and view["suspension"] is None and view["status"] == "offline"
    assert sorted(listed(api_module)) == ["r1", "r2"]
    status, online = call(api_module, "PUT", "/api/readers/status", ("r1", "reader"), body={"status": "online"})
    assert status == 200 and online["status"] == "online"
    assert logged("r1") == ["reader_reinstated", "reader_suspended"]


def test_an_admin_edits_a_readers_rates(aws, api_module) -> None:
    make_reader("r1", rate_cents=200)
    body = {"rates": {"chat_cents": 250, "voice_cents": 300, "video_cents": 400}, "reason": "Agreed raise"}
    status, view = admin_reader(api_module, "PUT", "r1", "rates", body)
    assert status == 200 and view["rates"] == body["rates"]
    [entry] = actions.listing("r1", 10, None).items
    assert entry.action == "reader_rates_changed" and entry.reason == "Agreed raise"
    assert entry.details["to"] == body["rates"] and entry.details["from"]["chat_cents"] == 200
    bad = {"rates": {"chat_cents": 5, "voice_cents": 300, "video_cents": 400}, "reason": "x"}
    status, error = admin_reader(api_module, "PUT", "r1", "rates", bad)
    assert (status, error["error"]["code"]) == (400, "rate_out_of_bounds")
    status, error = admin_reader(api_module, "PUT", "nobody", "rates", body)
    assert (status, error["error"]["code"]) == (404, "reader_not_found")
    assert len(actions.listing("r1", 10, None).items) == 1
