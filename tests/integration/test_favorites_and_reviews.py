"""Favorites and their `reader-online` fan-out through the presence queue, notify-when-free spent once,
display names, public reviews newest first with the reader's one reply."""

from __future__ import annotations

import json
from typing import Any

import pytest

from soulseer import favorites, presence, readers
from soulseer.models import ReaderProfileModel, UserModel, WatchModel, utcnow
from soulseer.readings import history
from soulseer.stores import readings as readings_store
from soulseer.stores.readings import SessionModel
from tests.support.apigw import LambdaContext, rest_event
from tests.support.presence import connect, delivery, disconnect
from tests.support.readings import events_of, make_reader


def call(api_module: Any, method: str, path: str, user: tuple[str, str] | None, **kwargs: Any) -> tuple[int, Any]:
    response = api_module.handler(rest_event(method, path, user=user, **kwargs), LambdaContext())
    return response["statusCode"], json.loads(response["body"])


@pytest.fixture
def offline_reader(aws, template) -> str:
    make_reader("r1")
    delivery(template).drain()
    readers.set_status("r1", "offline")
    return "r1"


def test_favorites_hear_reader_online_through_the_queue(offline_reader, template, api_module) -> None:
    for fan in ("fan1", "fan2"):
        UserModel(fan, role="client").save()
        status, body = call(
            api_module, "PUT", "/api/me/favorites/r1", (fan, "client"),
            resource="/api/me/favorites/{reader_id}", path_parameters={"reader_id": "r1"},
        )  # fmt: skip
        assert status == 200 and body == {"reader_id": "r1", "favorited": True}
        connect(f"{fan}-app", fan, "client")
    connect("fan1-phone", "fan1", "client")
    connect("stranger-app", "stranger", "client")
    status, body = call(api_module, "GET", "/api/me/favorites", ("fan1", "client"))
    assert status == 200 and [(i["reader_id"], i["status"]) for i in body["items"]] == [("r1", "offline")]

    readers.set_status("r1", "online")
    assert events_of("fan1-app", "reader-online") == []  # never inline
    assert delivery(template).drain() == 1
    expected = [{"event": "reader-online", "reader_id": "r1", "display_name": "r1"}]
    for connection in ("fan1-app", "fan1-phone", "fan2-app"):
        assert events_of(connection, "reader-online") == expected
    assert events_of("stranger-app", "reader-online") == []
    status, body = call(api_module, "GET", "/api/me/favorites", ("fan1", "client"))
    assert body["items"][0]["status"] == "online"  # live status

    status, body = call(
        api_module, "DELETE", "/api/me/favorites/r1", ("fan2", "client"),
        resource="/api/me/favorites/{reader_id}", path_parameters={"reader_id": "r1"},
    )  # fmt: skip
    assert status == 200 and body["favorited"] is False
    readers.set_status("r1", "offline")
    readers.set_status("r1", "online")
    delivery(template).drain()
    assert len(events_of("fan1-app", "reader-online")) == 2 and len(events_of("fan2-app", "reader-online")) == 1


def test_fan_out_continues_page_by_page(offline_reader, template, monkeypatch) -> None:
    monkeypatch.setattr(favorites, "FAN_OUT_PAGE", 2)
    fans = [f"fan{n}" for n in range(5)]
    for fan in fans:
        favorites.add_favorite(fan, "r1")
        connect(f"{fan}-app", fan, "client")
    readers.set_status("r1", "online")
    assert delivery(template).drain() >= 3  # the announcement, then continuation messages
    assert all(len(events_of(f"{fan}-app", "reader-online")) == 1 for fan in fans)


def test_coming_back_from_a_reading_is_not_reader_online(offline_reader, template) -> None:
    favorites.add_favorite("fan", "r1")
    connect("fan-app", "fan", "client")
    connect("r1-app2", "r1", "reader")
    readers.set_status("r1", "online")
    delivery(template).drain()
    ReaderProfileModel("r1").update(actions=[ReaderProfileModel.status.set("busy")])
    readings_store.free_reader("r1")  # a reading ended
    presence.reader_freed("r1")
    delivery(template).drain()
    assert len(events_of("fan-app", "reader-online")) == 1


def test_notify_when_free_is_one_push_then_spent(offline_reader, template, api_module) -> None:
    connect("c1-app", "c1", "client")
    path = {"resource": "/api/readers/{id}/notify-when-free", "path_parameters": {"id": "r1"}}
    status, body = call(api_module, "POST", "/api/readers/r1/notify-when-free", ("c1", "client"), **path)
    assert status == 200 and body == {"reader_id": "r1", "pending": True}
    status, body = call(api_module, "POST", "/api/readers/r1/notify-when-free", ("c1", "client"), **path)
    assert status == 200 and int(WatchModel.get("c1", "count#free").pending) == 1  # asked twice, counted once
    readers.set_status("r1", "online")
    delivery(template).drain()
    (available,) = events_of("c1-app", "reader-available")
    assert available["reader_id"] == "r1"
    assert int(WatchModel.get("c1", "count#free").pending) == 0
    readers.set_status("r1", "offline")
    readers.set_status("r1", "online")
    delivery(template).drain()
    assert len(events_of("c1-app", "reader-available")) == 1  # spent
    status, body = call(api_module, "POST", "/api/readers/r1/notify-when-free", ("c1", "client"), **path)
    assert status == 409 and body["error"]["code"] == "reader_available"


def test_notify_when_free_after_a_reading_and_withdrawal(offline_reader, template) -> None:
    connect("c1-app", "c1", "client")
    ReaderProfileModel("r1").update(actions=[ReaderProfileModel.status.set("busy")])
    favorites.notify_when_free("c1", "r1")
    favorites.notify_when_free("c2", "r1")
    assert favorites.cancel_notify("c2", "r1").model_dump() == {"reader_id": "r1", "pending": False}
    connect("c2-app", "c2", "client")
    readings_store.free_reader("r1")
    presence.reader_freed("r1")
    delivery(template).drain()
    assert len(events_of("c1-app", "reader-available")) == 1
    assert events_of("c2-app", "reader-available") == []
    assert events_of("c1-app", "reader-online") == []


def test_a_handful_pending_at_most(aws, template) -> None:
    for n in range(favorites.MAX_PENDING_NOTIFY + 1):
        make_reader(f"r{n}")
        disconnect(f"app-r{n}", f"r{n}", "reader")
        readers.set_status(f"r{n}", "offline")
    for n in range(favorites.MAX_PENDING_NOTIFY):
        favorites.notify_when_free("c1", f"r{n}")
    with pytest.raises(Exception) as refused:
        favorites.notify_when_free("c1", f"r{favorites.MAX_PENDING_NOTIFY}")
    assert getattr(refused.value, "code", None) == "too_many_notify_requests"
    favorites.cancel_notify("c1", "r0")
    favorites.notify_when_free("c1", f"r{favorites.MAX_PENDING_NOTIFY}")


def test_display_name_is_bounded_and_shown(aws, api_module) -> None:
    status, body = call(api_module, "PUT", "/api/me", ("c1", "client"), body={"display_name": "  Ada   Lovelace "})
    assert status == 200 and body["display_name"] == "Ada Lovelace"
    status, body = call(api_module, "GET", "/api/me", ("c1", "client"))
    assert body["display_name"] == "Ada Lovelace"
    for bad in ("", "x" * 41, "tab\u0007bell"):
        status, body = call(api_module, "PUT", "/api/me", ("c1", "client"), body={"display_name": bad})
        assert status == 400, bad
    status, body = call(api_module, "PUT", "/api/me", ("c1", "client"), body={"display_name": "A", "role": "admin"})
    assert status == 400 and UserModel.get("c1").role == "client"


def reviewed_reading(number: int, client: str, stars: int, text: str, anonymous: bool = False) -> str:
    sid = f"ses_review_{number:02d}"
    now = utcnow()
    SessionModel(
        sid, client_id=client, reader_id="r1", created_key=f"{now.isoformat()}#{sid}", kind="chat", rate_cents=100,
        status="ended", paid_minutes=1, minutes=1, total_cents=100, created_at=now, ended_at=now,
    ).save()  # fmt: skip
    history.review(sid, client, stars, text, anonymous)
    return sid


def test_reviews_are_public_newest_first_with_one_reply(aws, api_module) -> None:
    make_reader("r1")
    UserModel("c1", role="client", display_name="Ada").save()
    UserModel("c2", role="client", display_name="Grace").save()
    sids = [reviewed_reading(n, ("c1", "c2")[n % 2], 5 - n % 3, f"review {n}", anonymous=n == 3) for n in range(5)]
    path = {"resource": "/api/readers/{id}/reviews", "path_parameters": {"id": "r1"}}
    status, page = call(api_module, "GET", "/api/readers/r1/reviews", None, query={"limit": "2"}, **path)
    assert status == 200 and [r["text"] for r in page["items"]] == ["review 4", "review 3"]
    assert [r["client_display_name"] for r in page["items"]] == ["Ada", "Anonymous"]
    assert page["items"][0]["rating"] == 4 and page["items"][0]["reviewed_at"]
    seen = [r["session_id"] for r in page["items"]]
    while page["next_cursor"]:
        status, page = call(
            api_module,
            "GET",
            "/api/readers/r1/reviews",
            None,
            query={"limit": "2", "cursor": page["next_cursor"]},
            **path,
        )
        seen += [r["session_id"] for r in page["items"]]
    assert seen == sids[::-1]
    status, page = call(api_module, "GET", "/api/readers/r1/reviews", None, query={"cursor": "garbage"}, **path)
    assert status == 400

    reply = {"resource": "/api/sessions/{id}/review/reply", "path_parameters": {"id": sids[0]}}
    url = f"/api/sessions/{sids[0]}/review/reply"
    status, body = call(api_module, "POST", url, ("c1", "client"), body={"text": "Me too"}, **reply)
    assert status == 403
    status, body = call(api_module, "POST", url, ("r1", "reader"), body={"text": "Thank you, Ada."}, **reply)
    assert status == 200 and body["reply"] == "Thank you, Ada."
    status, body = call(api_module, "POST", url, ("r1", "reader"), body={"text": "Again"}, **reply)
    assert status == 409 and body["error"]["code"] == "already_replied"
    status, page = call(api_module, "GET", "/api/readers/r1/reviews", None, **path)
    assert page["items"][-1]["reply"] == "Thank you, Ada."


def test_a_readers_rating_is_the_reviews_stored_even_when_they_land_together(aws, api_module) -> None:
    from concurrent.futures import ThreadPoolExecutor

    make_reader("r1")
    clients = [f"c{n}" for n in range(8)]
    for client in clients:
        UserModel(client, role="client", display_name=client.upper()).save()
    stars = [5, 4, 3, 5, 1, 2, 5, 4]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda n: reviewed_reading(n, clients[n], stars[n], f"r{n}"), range(8)))
    with pytest.raises(Exception, match="reviewed already"):
        history.review("ses_review_00", "c0", 1, "again")
    profile = ReaderProfileModel.get("r1")
    stored = [int(s.rating) for s in SessionModel.reviews.query("r1")]
    assert sorted(stored) == sorted(stars)
    assert (int(profile.rating_total), int(profile.rating_count)) == (sum(stored), len(stored)) == (29, 8)
    status, reader = call(
        api_module, "GET", "/api/readers/r1", None, resource="/api/readers/{id}", path_parameters={"id": "r1"}
    )
    assert status == 200 and reader["rating"] == {"count": 8, "average": 3.62}
    _, page = call(
        api_module, "GET", "/api/readers/r1/reviews", None, query={"limit": "20"},
        resource="/api/readers/{id}/reviews", path_parameters={"id": "r1"},
    )  # fmt: skip
    assert len(page["items"]) == 8 and all(r["verified"] for r in page["items"])  # every one a paid reading


def test_imported_reviews_are_records_the_rating_derives_from_never_verified(aws, api_module) -> None:
    """The demo data seeds reviews, not bare ratings: the profile and its reviews agree."""
    from soulseer import reviews

    make_reader("r1")
    assert reviews.import_review("r1_0", "r1", "Maya R.", 5, "Calm and clear.")
    assert reviews.import_review("r1_1", "r1", "Leo", 4, "Good energy.")
    assert not reviews.import_review("r1_1", "r1", "Leo", 4, "Good energy.")  # once per id (a restart)
    reviewed_reading(1, "c1", 3, "paid here")
    _, reader = call(
        api_module, "GET", "/api/readers/r1", None, resource="/api/readers/{id}", path_parameters={"id": "r1"}
    )
    assert reader["rating"] == {"count": 3, "average": 4.0}
    _, page = call(
        api_module, "GET", "/api/readers/r1/reviews", None, query={"limit": "10"},
        resource="/api/readers/{id}/reviews", path_parameters={"id": "r1"},
    )  # fmt: skip
    shown = {(r["client_display_name"], r["rating"], r["verified"]) for r in page["items"]}
    assert shown == {("Maya R.", 5, False), ("Leo", 4, False), ("Anonymous", 3, True)}
