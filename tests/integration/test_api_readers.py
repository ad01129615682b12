"""The api function against moto: real API Gateway event shapes in, proxy responses out."""

from __future__ import annotations

import json
from typing import Any

import pytest

from soulseer import presence, readers, users
from soulseer.models import ReaderProfileModel, UserModel
from tests.support.apigw import LambdaContext, rest_event

PROFILE = {
    "display_name": "Madame Aurora",
    "bio": "Tarot and dreams.",
    "specialties": ["tarot", "dreams"],
    "rates": {"chat_cents": 199, "voice_cents": 299, "video_cents": 399},
}


@pytest.fixture
def call(aws: None, api_module: Any):
    def _call(method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        response = api_module.handler(rest_event(method, path, **kwargs), LambdaContext())
        return response["statusCode"], json.loads(response["body"]) if response["body"] else None

    return _call


def make_reader(reader_id: str, name: str, status: str = "online", stars: tuple[int, ...] = ()) -> None:
    users.set_role(reader_id, "reader")
    profile = dict(PROFILE, display_name=name)
    readers.save_profile(reader_id, readers.ProfileInput.model_validate(profile))
    if status != "offline":
        presence.connected(reader_id, f"app-{reader_id}", "reader")
        readers.set_status(reader_id, status)  # type: ignore[arg-type]
    for star in stars:
        readers.record_rating(reader_id, star)


def test_me_creates_the_user_as_client(call) -> None:
    status, body = call("GET", "/api/me", user=("user_new", "client"))
    assert status == 200
    assert body["user_id"] == "user_new" and body["role"] == "client"
    assert UserModel.get("user_new").role == "client"


def test_reader_updates_profile_and_goes_online(call) -> None:
    users.set_role("user_r1", "reader")
    status, body = call("PUT", "/api/readers/profile", body=PROFILE, user=("user_r1", "reader"))
    assert status == 200, body
    assert body["rates"] == PROFILE["rates"] and body["status"] == "offline"
    status, body = call("PUT", "/api/readers/status", body={"status": "online"}, user=("user_r1", "reader"))
    assert status == 409 and body["error"]["code"] == "no_presence_connection"  # the app is not open
    presence.connected("user_r1", "conn-r1", "reader")
    status, body = call("PUT", "/api/readers/status", body={"status": "online"}, user=("user_r1", "reader"))
    assert status == 200 and body["status"] == "online"
    status, body = call("GET", "/api/readers/user_r1", resource="/api/readers/{id}", path_parameters={"id": "user_r1"})
    assert status == 200 and body["display_name"] == "Madame Aurora" and body["status"] == "online"
    status, body = call("GET", "/api/me", user=("user_r1", "reader"))
    assert body["reader_profile"]["reader_id"] == "user_r1"


def test_client_cannot_use_reader_routes(call) -> None:
    status, body = call("PUT", "/api/readers/profile", body=PROFILE, user=("user_c", "client"))
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, body = call("PUT", "/api/readers/status", body={"status": "online"}, user=("user_c", "client"))
    assert status == 403
    assert ReaderProfileModel.count() == 0


def test_missing_identity_is_401(call) -> None:
    status, body = call("GET", "/api/me")
    assert status == 401 and body["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"rates": {"chat_cents": 99, "voice_cents": 299, "video_cents": 399}}, "rate_out_of_bounds"),
        ({"rates": {"chat_cents": 2001, "voice_cents": 299, "video_cents": 399}}, "rate_out_of_bounds"),
        ({"rates": {"chat_cents": 1.5, "voice_cents": 299, "video_cents": 399}}, "validation_failed"),
        ({"rates": {"chat_cents": "199", "voice_cents": 299, "video_cents": 399}}, "validation_failed"),
        ({"display_name": ""}, "validation_failed"),
        ({"avatar_url": "javascript:alert(1)"}, "validation_failed"),
        ({"avatar_url": "https://cdn.example.com/aurora.png"}, "validation_failed"),  # photos are uploaded
        ({"specialties": ["x" * 41]}, "validation_failed"),
        ({"role": "admin"}, "validation_failed"),
    ],
)
def test_invalid_profile_is_refused_and_changes_nothing(call, change: dict[str, Any], code: str) -> None:
    users.set_role("user_r2", "reader")
    status, body = call("PUT", "/api/readers/profile", body={**PROFILE, **change}, user=("user_r2", "reader"))
    assert status == 400, body
    assert body["error"]["code"] == code and body["error"]["message"]
    assert ReaderProfileModel.count() == 0


def test_malformed_json_is_400(call) -> None:
    users.set_role("user_r3", "reader")
    status, body = call("PUT", "/api/readers/profile", body="{not json", user=("user_r3", "reader"))
    assert status == 400 and body["error"]["code"] == "validation_failed"


def test_status_rules(call) -> None:
    users.set_role("user_r4", "reader")
    presence.connected("user_r4", "conn-r4", "reader")
    status, body = call("PUT", "/api/readers/status", body={"status": "online"}, user=("user_r4", "reader"))
    assert status == 409 and body["error"]["code"] == "profile_required"
    make_reader("user_r4", "Four", status="offline")
    status, body = call("PUT", "/api/readers/status", body={"status": "busy"}, user=("user_r4", "reader"))
    assert status == 400 and body["error"]["code"] == "validation_failed"
    ReaderProfileModel("user_r4").update(actions=[ReaderProfileModel.status.set("busy")])
    status, body = call("PUT", "/api/readers/status", body={"status": "offline"}, user=("user_r4", "reader"))
    assert status == 409 and body["error"]["code"] == "reader_busy"
    assert ReaderProfileModel.get("user_r4").status == "busy"


def test_unknown_reader_is_404(call) -> None:
    status, body = call("GET", "/api/readers/nobody", resource="/api/readers/{id}", path_parameters={"id": "nobody"})
    assert status == 404 and body["error"]["code"] == "reader_not_found"


def test_listing_orders_by_rating_filters_and_paginates(call) -> None:
    make_reader("user_a", "A", stars=(3,))
    make_reader("user_b", "B", stars=(5, 5))
    make_reader("user_c", "C", status="offline", stars=(4,))
    make_reader("user_d", "D")
    status, body = call("GET", "/api/readers", query={"sort": "rating"})
    assert status == 200
    assert [r["reader_id"] for r in body["items"]] == ["user_b", "user_c", "user_a", "user_d"]
    assert body["items"][0]["rating"] == {"count": 2, "average": 5.0}
    assert body["next_cursor"] is None
    status, body = call("GET", "/api/readers")  # by default the available readers come first
    assert [r["reader_id"] for r in body["items"]] == ["user_b", "user_a", "user_d", "user_c"]

    status, body = call("GET", "/api/readers", query={"status": "online"})
    assert [r["reader_id"] for r in body["items"]] == ["user_b", "user_a", "user_d"]

    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": "1", "status": "online", **({"cursor": cursor} if cursor else {})}
        status, body = call("GET", "/api/readers", query=query)
        assert status == 200 and len(body["items"]) <= 1
        seen += [r["reader_id"] for r in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == ["user_b", "user_a", "user_d"]


def test_listing_filters_by_specialty(call) -> None:
    make_reader("user_t", "Tarot")
    users.set_role("user_s", "reader")
    readers.save_profile("user_s", readers.ProfileInput.model_validate({**PROFILE, "specialties": ["astrology"]}))
    status, body = call("GET", "/api/readers", query={"specialty": "astrology"})
    assert status == 200
    assert [r["reader_id"] for r in body["items"]] == ["user_s"]


@pytest.mark.parametrize(
    "query",
    [{"cursor": "not-a-cursor"}, {"cursor": "eyJhIjoxfQ"}, {"limit": "0"}, {"limit": "101"}, {"status": "x"}],
)
def test_bad_listing_queries_are_400(call, query: dict[str, str]) -> None:
    status, body = call("GET", "/api/readers", query=query)
    assert status == 400 and body["error"]["code"] in {"invalid_cursor", "validation_failed"}


def test_unknown_route_is_404(call) -> None:
    status, body = call("GET", "/api/nothing-here")
    assert status == 404 and body["error"]["code"] == "route_not_found"
