"""Stream chat: signed-in people write over REST or the WebSocket, the stream's audience hears each message
with the sender's display name and time, the chat is kept per stream (public to read), length- and
rate-limited; the stream's reader alone removes messages and mutes viewers. Also the recent gifts a page
opened later shows, and the gift confirmation threshold in the catalog."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace
from typing import Any

import pytest

from soulseer import limits, users
from soulseer.stores.stream_chat import StreamChatModel
from tests.support.apigw import LambdaContext, rest_event
from tests.support.readings import events_of, fund, make_reader
from tests.support.streams import call, connect, ws

READER = ("r1", "reader")
ANA = ("v1", "client")
BEN = ("v2", "client")


@pytest.fixture
def stream_id(agora_secret: None, api_module: Any) -> str:
    make_reader("r1")
    users.ensure_user("v1")
    users.set_display_name("v1", "Ana")
    users.ensure_user("v2")
    users.set_display_name("v2", "Ben")
    status, body = call(api_module, "POST", "/api/streams/create", READER, body={"title": "Moon talk"})
    assert status == 200, body
    sid = body["stream"]["stream_id"]
    for conn, user in (("conn-r", READER), ("conn-a", ANA), ("conn-b", BEN)):
        connect(conn, user)
        ws("join-stream", conn, {"action": "join-stream", "stream_id": sid})
    return str(sid)


def say(api: Any, sid: str, user: tuple[str, str] | None, text: Any) -> tuple[int, Any]:
    return call(api, "POST", f"/api/streams/{sid}/chat", user, resource="/api/streams/{id}/chat", body={"text": text})


def history(api: Any, sid: str) -> list[dict[str, Any]]:
    status, body = call(api, "GET", f"/api/streams/{sid}/chat", resource="/api/streams/{id}/chat")
    assert status == 200, body
    return list(body["items"])


def moderate(api: Any, method: str, path: str, resource: str, user: tuple[str, str], **params: str) -> tuple[int, Any]:
    event = rest_event(method, path, resource=resource, path_parameters=params, user=user)
    response = api.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def test_a_message_reaches_every_viewer_with_the_senders_name_and_is_kept(api_module, stream_id) -> None:
    status, sent = say(api_module, stream_id, ANA, "  Hello from Lisbon  ")
    assert status == 200, sent
    assert sent["text"] == "Hello from Lisbon" and sent["display_name"] == "Ana" and sent["role"] == "viewer"
    for conn in ("conn-r", "conn-a", "conn-b"):
        (event,) = events_of(conn, "stream-chat")
        assert event["message_id"] == sent["message_id"] and event["display_name"] == "Ana"
        assert event["text"] == "Hello from Lisbon" and event["sent_at"] == sent["sent_at"]
    ws("stream-chat", "conn-b", {"action": "stream-chat", "stream_id": stream_id, "text": "Hi Ana"})
    _, reader_said = say(api_module, stream_id, READER, "Welcome both")
    assert reader_said["role"] == "reader" and reader_said["display_name"] == "r1"
    kept = history(api_module, stream_id)  # public: no caller
    assert [(m["display_name"], m["text"]) for m in kept] == [
        ("Ana", "Hello from Lisbon"),
        ("Ben", "Hi Ana"),
        ("r1", "Welcome both"),
    ]
    assert [e["text"] for e in events_of("conn-a", "stream-chat")] == ["Hello from Lisbon", "Hi Ana", "Welcome both"]


def test_bad_messages_are_400_with_a_code_and_nothing_is_kept(api_module, stream_id) -> None:
    status, error = say(api_module, stream_id, ANA, "   ")
    assert status == 400 and error["error"]["code"] == "chat_message_empty"
    status, error = say(api_module, stream_id, ANA, "x" * 301)
    assert status == 400 and error["error"]["code"] == "chat_message_too_long"
    assert error["error"]["details"] == {"max_chars": 300, "length": 301}
    status, error = say(api_module, stream_id, ANA, 42)
    assert status == 400
    assert say(api_module, stream_id, ANA, "x" * 300)[0] == 200
    status, error = say(api_module, stream_id, None, "hi")
    assert status == 401
    ws("stream-chat", "conn-a", {"action": "stream-chat", "stream_id": stream_id, "text": ""})
    assert events_of("conn-a", "error")[-1]["code"] == "chat_message_empty"
    ws("stream-chat", "conn-a", {"action": "stream-chat", "stream_id": stream_id, "text": "hi \ud800"})
    assert events_of("conn-a", "error")[-1]["code"] == "invalid_message"
    assert len(history(api_module, stream_id)) == 1
    status, error = say(api_module, "str_missing", ANA, "hi")
    assert status == 404 and error["error"]["code"] == "stream_not_found"


def test_chat_is_rate_limited_per_person(api_module, stream_id, monkeypatch) -> None:
    now = time.time()  # the bucket's clock stands still: a slow machine must not refill a token meanwhile
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: now))
    answers = [say(api_module, stream_id, ANA, f"message {n}")[0] for n in range(9)]
    assert answers == [200] * 8 + [429]  # stream_chat=8/10
    assert say(api_module, stream_id, BEN, "still talking")[0] == 200
    assert len(history(api_module, stream_id)) == 9


def test_the_reader_removes_a_message_for_everyone(api_module, stream_id) -> None:
    _, first = say(api_module, stream_id, ANA, "buy my crypto")
    _, second = say(api_module, stream_id, BEN, "what a lovely deck")
    path = f"/api/streams/{stream_id}/chat/{first['message_id']}"
    resource = "/api/streams/{id}/chat/{message_id}"
    ids = {"id": stream_id, "message_id": first["message_id"]}
    for someone in (ANA, BEN, ("admin1", "admin")):
        status, error = moderate(api_module, "DELETE", path, resource, someone, **ids)
        assert status == 403 and error["error"]["code"] == "forbidden"
    assert len(history(api_module, stream_id)) == 2
    status, removed = moderate(api_module, "DELETE", path, resource, READER, **ids)
    assert status == 200 and removed["removed"] is True
    for conn in ("conn-r", "conn-a", "conn-b"):
        assert events_of(conn, "stream-chat-removed") == [
            {"event": "stream-chat-removed", "stream_id": stream_id, "message_id": first["message_id"]}
        ]
    assert [m["message_id"] for m in history(api_module, stream_id)] == [second["message_id"]]
    assert StreamChatModel.count(stream_id, StreamChatModel.member.startswith("chat#")) == 1
    _, again = moderate(api_module, "DELETE", path, resource, READER, **ids)
    assert again["removed"] is False and len(events_of("conn-a", "stream-chat-removed")) == 1


def test_a_muted_viewer_is_refused_until_unmuted_and_only_the_reader_mutes(api_module, stream_id) -> None:
    path, resource = f"/api/streams/{stream_id}/mutes/v1", "/api/streams/{id}/mutes/{user_id}"
    ids = {"id": stream_id, "user_id": "v1"}
    status, error = moderate(api_module, "PUT", path, resource, BEN, **ids)
    assert status == 403 and error["error"]["code"] == "forbidden"
    assert say(api_module, stream_id, ANA, "before")[0] == 200
    status, muted = moderate(api_module, "PUT", path, resource, READER, **ids)
    assert status == 200 and muted == {"stream_id": stream_id, "user_id": "v1", "muted": True}
    assert events_of("conn-a", "stream-chat-muted")[-1]["user_id"] == "v1"
    status, error = say(api_module, stream_id, ANA, "after")
    assert status == 403 and error["error"]["code"] == "muted"
    assert "muted you" in error["error"]["message"]
    ws("stream-chat", "conn-a", {"action": "stream-chat", "stream_id": stream_id, "text": "over the socket"})
    assert events_of("conn-a", "error")[-1]["code"] == "muted"
    assert say(api_module, stream_id, BEN, "Ben is fine")[0] == 200
    assert [m["text"] for m in history(api_module, stream_id)] == ["before", "Ben is fine"]
    listing = (f"/api/streams/{stream_id}/mutes", "/api/streams/{id}/mutes")
    assert moderate(api_module, "GET", *listing, READER, id=stream_id) == (
        200,
        {"stream_id": stream_id, "user_ids": ["v1"]},
    )
    status, error = moderate(api_module, "GET", *listing, ANA, id=stream_id)
    assert status == 403 and error["error"]["code"] == "forbidden"
    status, _ = moderate(api_module, "DELETE", path, resource, READER, **ids)
    assert status == 200 and say(api_module, stream_id, ANA, "back")[0] == 200
    assert moderate(api_module, "GET", *listing, READER, id=stream_id)[1]["user_ids"] == []


def test_an_ended_stream_takes_no_chat(api_module, stream_id) -> None:
    call(api_module, "POST", f"/api/streams/{stream_id}/end", READER, resource="/api/streams/{id}/end")
    status, error = say(api_module, stream_id, ANA, "hello?")
    assert status == 409 and error["error"]["code"] == "stream_ended"


def test_recent_gifts_and_the_confirmation_threshold_are_public(api_module, stream_id) -> None:
    fund("v1", 5_000, "pi_v1")
    for name in ("rose", "full-moon"):
        status, body = call(
            api_module,
            "POST",
            f"/api/streams/{stream_id}/gift",
            ANA,
            resource="/api/streams/{id}/gift",
            body={"gift": name},
        )
        assert status == 200, body
    status, recent = call(api_module, "GET", f"/api/streams/{stream_id}/gifts", resource="/api/streams/{id}/gifts")
    assert status == 200
    assert [(g["gift"], g["label"], g["from_name"], g["amount_cents"]) for g in recent["items"]] == [
        ("full-moon", "Full moon", "Ana", 2500),
        ("rose", "Rose", "Ana", 100),
    ]
    assert recent["items"][1]["icon"] == "\N{ROSE}"
    _, stream = call(api_module, "GET", f"/api/streams/{stream_id}", resource="/api/streams/{id}")
    assert stream["gift_count"] == 2 and stream["gifts_cents"] == 2600
    _, catalog = call(api_module, "GET", "/api/streams/gifts")
    assert catalog["confirm_above_cents"] == 500
