"""The WebSocket room and the sessions REST routes: relay to the other participant only, transcript,
refusals with clear errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from soulseer.readings import room
from soulseer.stores.connections import ConnectionModel
from soulseer.stores.readings import SessionModel, TranscriptModel
from tests.support.apigw import LambdaContext, rest_event
from tests.support.readings import events_of, fund, make_reader, pushed, send, session

pytestmark = pytest.mark.usefixtures("slow_minutes")


def call(api_module: Any, method: str, path: str, user: tuple[str, str], **kwargs: Any) -> tuple[int, Any]:
    response = api_module.handler(rest_event(method, path, user=user, **kwargs), LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def test_signaling_is_relayed_to_the_other_participant_only(reading) -> None:
    sid = reading["sid"]
    assert events_of(reading["client"], "user-joined")[-1]["role"] == "reader"
    offer = {"type": "offer", "sdp": "v=0 offer"}
    send(reading["client"], "offer", session_id=sid, sdp=offer)
    send(reading["reader"], "answer", session_id=sid, sdp={"type": "answer", "sdp": "v=0 answer"})
    send(
        reading["client"],
        "ice-candidate",
        session_id=sid,
        candidate={"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host"},
    )
    (received_offer,) = events_of(reading["reader"], "offer")
    assert received_offer["sdp"] == offer and received_offer["from"] == "client"
    assert events_of(reading["client"], "answer")[0]["from"] == "reader"
    assert events_of(reading["reader"], "ice-candidate")[0]["candidate"]["candidate"].startswith("candidate:1")
    assert events_of(reading["client"], "offer") == [] and events_of(reading["reader"], "answer") == []


def test_chat_lands_in_the_transcript_and_reaches_the_other_side(reading, api_module) -> None:
    sid = reading["sid"]
    send(reading["client"], "chat-message", session_id=sid, text="Hello, what do the cards say?")
    send(reading["reader"], "chat-message", session_id=sid, text="The Star: hope.")
    assert events_of(reading["reader"], "chat-message")[0]["text"] == "Hello, what do the cards say?"
    assert events_of(reading["client"], "chat-message")[0]["text"] == "The Star: hope."
    assert [m.text for m in TranscriptModel.query(sid)] == ["Hello, what do the cards say?", "The Star: hope."]
    status, body = call(
        api_module,
        "GET",
        f"/api/sessions/{sid}",
        ("c1", "client"),
        resource="/api/sessions/{id}",
        path_parameters={"id": sid},
    )
    assert status == 200 and [m["from"] for m in body["transcript"]] == ["client", "reader"]
    send(reading["client"], "chat-message", session_id=sid, text="x" * 2001)
    assert events_of(reading["client"], "error")[-1]["code"] == "invalid_message"
    assert TranscriptModel.count(sid) == 2


def test_a_third_user_cannot_join_or_inject(reading) -> None:
    sid = reading["sid"]
    room.connect("conn-intruder", "u3", "client")
    send("conn-intruder", "join-reading", session_id=sid)
    assert events_of("conn-intruder", "error")[-1]["code"] == "session_not_found"
    send("conn-intruder", "offer", session_id=sid, sdp={"type": "offer", "sdp": "evil"})
    assert events_of("conn-intruder", "error")[-1]["code"] == "not_in_session"
    assert events_of(reading["reader"], "offer") == [] and events_of(reading["client"], "offer") == []
    assert ConnectionModel.get("conn-intruder").session_id is None


def test_an_ended_reading_cannot_be_rejoined(reading) -> None:
    sid = reading["sid"]
    send(reading["reader"], "end-session", session_id=sid)
    assert session(sid).end_reason == "ended_by_reader"
    room.connect("conn-c1-again", "c1", "client")
    send("conn-c1-again", "join-reading", session_id=sid)
    assert events_of("conn-c1-again", "error")[-1]["code"] == "session_ended"
    send(reading["client"], "chat-message", session_id=sid, text="still there?")
    assert events_of(reading["client"], "error")[-1]["code"] == "session_ended"


def test_bad_messages_get_error_events(reading) -> None:
    room.handle(reading["client"], "not json")
    room.handle(reading["client"], json.dumps({"action": "dance"}))
    send(reading["client"], "heartbeat")
    codes = [event["code"] for event in events_of(reading["client"], "error")]
    assert codes == ["invalid_message", "unknown_action"]
    assert events_of(reading["client"], "heartbeat")


def test_start_refusals(state_machines, api_module) -> None:
    make_reader("r1", rate_cents=300)
    fund("c1", 299, "pi_1")
    body = {"reader_id": "r1", "type": "chat"}
    status, error = call(api_module, "POST", "/api/sessions/start", ("c1", "client"), body=body)
    assert status == 402 and error["error"]["code"] == "insufficient_funds"
    assert error["error"]["details"] == {"required_cents": 300, "balance_cents": 299}
    status, error = call(api_module, "POST", "/api/sessions/start", ("r1", "reader"), body=body)
    assert status == 403
    status, error = call(api_module, "POST", "/api/sessions/start", ("c1", "client"), body={**body, "type": "smoke"})
    assert status == 400 and error["error"]["code"] == "validation_failed"
    status, error = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"), body={**body, "reader_id": "nobody"}
    )
    assert status == 404 and error["error"]["code"] == "reader_not_found"
    assert SessionModel.count() == 0


def test_start_returns_room_socket_and_ice(state_machines, api_module) -> None:
    make_reader("r1", rate_cents=100)
    fund("c1", 1_000, "pi_1")
    status, body = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"), body={"reader_id": "r1", "type": "voice"}
    )
    assert status == 200
    assert body["room_id"] == body["session"]["session_id"] and body["session"]["status"] == "requested"
    assert body["websocket_url"].startswith("wss://") and body["ice_servers"] == [{"urls": ["stun:127.0.0.1:3478"]}]
    status, listing = call(api_module, "GET", "/api/sessions", ("c1", "client"))
    assert [item["session_id"] for item in listing["items"]] == [body["room_id"]]
    status, _ = call(
        api_module,
        "GET",
        f"/api/sessions/{body['room_id']}",
        ("u9", "client"),
        resource="/api/sessions/{id}",
        path_parameters={"id": body["room_id"]},
    )
    assert status == 404
    status, ended = call(
        api_module,
        "POST",
        f"/api/sessions/end/{body['room_id']}",
        ("r1", "reader"),
        resource="/api/sessions/end/{id}",
        path_parameters={"id": body["room_id"]},
    )
    assert status == 200 and ended["status"] == "cancelled" and ended["total_cents"] == 0


def test_review_rules(reading, api_module) -> None:
    sid = reading["sid"]
    path = {"resource": "/api/sessions/{id}/review", "path_parameters": {"id": sid}}
    status, error = call(
        api_module, "POST", f"/api/sessions/{sid}/review", ("c1", "client"), body={"rating": 5}, **path
    )
    assert status == 409 and error["error"]["code"] == "not_reviewable"  # still active
    send(reading["client"], "end-session", session_id=sid)
    status, error = call(
        api_module, "POST", f"/api/sessions/{sid}/review", ("r1", "reader"), body={"rating": 5}, **path
    )
    assert status == 403
    status, error = call(
        api_module, "POST", f"/api/sessions/{sid}/review", ("c1", "client"), body={"rating": 6}, **path
    )
    assert status == 400
    status, body = call(
        api_module,
        "POST",
        f"/api/sessions/{sid}/review",
        ("c1", "client"),
        body={"rating": 4, "text": "Spot on"},
        **path,
    )
    assert status == 200 and body["rating"] == 4
    status, error = call(
        api_module, "POST", f"/api/sessions/{sid}/review", ("c1", "client"), body={"rating": 1}, **path
    )
    assert status == 409 and error["error"]["code"] == "already_reviewed"
    status, reader = call(
        api_module,
        "GET",
        "/api/readers/r1",
        ("c1", "client"),
        resource="/api/readers/{id}",
        path_parameters={"id": "r1"},
    )
    assert reader["rating"] == {"count": 1, "average": 4.0}
    assert pushed(reading["client"])  # the room was used


def test_both_participants_get_ice_servers_for_an_open_reading(reading, api_module, monkeypatch) -> None:
    sid = reading["sid"]
    path = {"resource": "/api/sessions/{id}/ice-servers", "path_parameters": {"id": sid}}
    for user in (("c1", "client"), ("r1", "reader")):
        status, body = call(api_module, "GET", f"/api/sessions/{sid}/ice-servers", user, **path)
        assert status == 200 and body == {"ice_servers": [{"urls": ["stun:127.0.0.1:3478"]}]}
    status, error = call(api_module, "GET", f"/api/sessions/{sid}/ice-servers", ("u9", "client"), **path)
    assert status == 404 and error["error"]["code"] == "session_not_found"
    status, _ = call(api_module, "GET", f"/api/sessions/{sid}/ice-servers", ("a1", "admin"), **path)
    assert status == 404  # admins see a reading's details, not its call credentials
    send(reading["client"], "end-session", session_id=sid)
    status, error = call(api_module, "GET", f"/api/sessions/{sid}/ice-servers", ("r1", "reader"), **path)
    assert status == 409 and error["error"]["code"] == "session_ended"


def test_the_reader_gets_turn_credentials_of_its_own(reading, api_module, monkeypatch) -> None:
    from soulseer.readings import lifecycle as lifecycle_module

    minted: list[str] = []
    monkeypatch.setattr(
        lifecycle_module,
        "ice_servers",
        lambda user_id: minted.append(user_id) or [{"urls": ["turn:t"], "username": f"1:{user_id}", "credential": "c"}],
    )
    sid = reading["sid"]
    path = {"resource": "/api/sessions/{id}/ice-servers", "path_parameters": {"id": sid}}
    status, body = call(api_module, "GET", f"/api/sessions/{sid}/ice-servers", ("r1", "reader"), **path)
    assert status == 200 and body["ice_servers"] == [{"urls": ["turn:t"], "username": "1:r1", "credential": "c"}]
    assert minted == ["r1"]
