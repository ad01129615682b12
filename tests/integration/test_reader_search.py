"""Finding readers: `q=` over name, specialties and bio, the four orders (available first by default),
pages that continue across the availability phases, and the profile fields a card shows."""

from __future__ import annotations

from typing import Any

import pytest

from soulseer import presence, readers, users
from soulseer.models import ReaderProfileModel, UserModel
from soulseer.readings import asking, lifecycle
from tests.support.readings import fund, make_reader, request
from tests.support.streams import call

BASE = {"bio": "", "specialties": [], "rates": {"chat_cents": 199, "voice_cents": 299, "video_cents": 399}}


def reader(reader_id: str, name: str, *, status: str = "online", stars: tuple[int, ...] = (), **profile: Any) -> None:
    users.set_role(reader_id, "reader")
    readers.save_profile(reader_id, readers.ProfileInput.model_validate({**BASE, "display_name": name, **profile}))
    if status != "offline":
        presence.connected(reader_id, f"app-{reader_id}", "reader")
        readers.set_status(reader_id, "online")
    if status == "busy":
        ReaderProfileModel(reader_id).update(actions=[ReaderProfileModel.status.set("busy")])
    for star in stars:
        readers.record_rating(reader_id, star)


def listing(api: Any, **query: str) -> list[str]:
    status, body = call(api, "GET", "/api/readers", query=query or None)
    assert status == 200, body
    return [item["reader_id"] for item in body["items"]]


@pytest.fixture
def catalogue(aws: None, api_module: Any) -> Any:
    rates = lambda chat: {"chat_cents": chat, "voice_cents": chat + 100, "video_cents": chat + 200}  # noqa: E731
    reader("r_tarot", "Madame Celestine", stars=(4,), specialties=["tarot", "love"], rates=rates(299))
    reader("r_astro", "Orion Vale", stars=(5,), specialties=["astrology"], bio="Charts and tarot on request.",
           rates=rates(149))  # fmt: skip
    reader("r_dream", "Luna Tarotina", status="offline", stars=(5, 5), specialties=["dreams"], rates=rates(120))
    reader("r_busy", "Jasper Reyes", status="busy", stars=(3,), specialties=["love"], rates=rates(500))
    return api_module


def test_q_finds_words_in_name_specialties_and_bio_case_insensitively(catalogue) -> None:
    assert set(listing(catalogue, q="TAROT")) == {"r_tarot", "r_astro", "r_dream"}  # specialty, bio, name
    assert listing(catalogue, q="tarot charts") == ["r_astro"]  # every word must match
    assert listing(catalogue, q="love", sort="rating") == ["r_tarot", "r_busy"]
    assert listing(catalogue, q="nobody-matches") == []


def test_the_orders_and_available_readers_first_by_default(catalogue) -> None:
    assert listing(catalogue) == ["r_astro", "r_tarot", "r_busy", "r_dream"]  # online, then busy, then offline
    assert listing(catalogue, sort="availability") == ["r_astro", "r_tarot", "r_busy", "r_dream"]
    assert listing(catalogue, sort="rating") == ["r_dream", "r_astro", "r_tarot", "r_busy"]
    assert listing(catalogue, sort="price") == ["r_dream", "r_astro", "r_tarot", "r_busy"]  # lowest rate first
    assert listing(catalogue, sort="newest") == ["r_busy", "r_dream", "r_astro", "r_tarot"]
    assert listing(catalogue, q="tarot", sort="price") == ["r_dream", "r_astro", "r_tarot"]
    assert listing(catalogue, status="online", sort="price") == ["r_astro", "r_tarot"]


@pytest.mark.parametrize("sort", [None, "rating", "price", "newest"])
def test_pages_of_one_follow_the_whole_order(catalogue, sort: str | None) -> None:
    whole = listing(catalogue, **({"sort": sort} if sort else {}))
    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": "1", **({"sort": sort} if sort else {}), **({"cursor": cursor} if cursor else {})}
        status, body = call(catalogue, "GET", "/api/readers", query=query)
        assert status == 200 and len(body["items"]) == 1, body
        seen.append(body["items"][0]["reader_id"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == whole and len(seen) == 4


@pytest.mark.parametrize(
    "query",
    [{"sort": "cheapest"}, {"q": "x" * 101}, {"q": "a b c d e f"}, {"sort": "price", "cursor": "eyJhIjoxfQ"}],
)
def test_bad_search_queries_are_400(catalogue, query: dict[str, str]) -> None:
    status, body = call(catalogue, "GET", "/api/readers", query=query)
    assert status == 400 and body["error"]["code"] in {"validation_failed", "invalid_query", "invalid_cursor"}


def test_a_cursor_of_one_order_is_refused_by_another(catalogue) -> None:
    status, body = call(catalogue, "GET", "/api/readers", query={"limit": "1", "sort": "price"})
    status, body = call(catalogue, "GET", "/api/readers", query={"cursor": body["next_cursor"], "sort": "rating"})
    assert status == 400 and body["error"]["code"] == "invalid_cursor"


def test_profile_fields_languages_experience_and_response_time(catalogue, state_machines) -> None:
    make_reader("r_new")
    profile = {**BASE, "display_name": "Nova", "languages": ["English", "Spanish"], "years_experience": 12}
    readers.save_profile("r_new", readers.ProfileInput.model_validate(profile))
    view = readers.get_reader("r_new").model_dump(mode="json")
    assert view["languages"] == ["English", "Spanish"] and view["years_experience"] == 12
    assert view["is_new"] and view["readings_completed"] == 0 and view["average_response_seconds"] is None
    assert view["photo"] is None and view["avatar_url"] is None
    UserModel("c9", role="client", intro_used=True).save()
    fund("c9", 1_000, "pi_search")
    sid = request("c9", "r_new", "chat")
    asking.accept(sid, "r_new")
    status, body = call(catalogue, "GET", "/api/readers/r_new", resource="/api/readers/{id}")
    assert status == 200 and body["languages"] == ["English", "Spanish"] and body["years_experience"] == 12
    assert body["average_response_seconds"] is not None and 0 <= body["average_response_seconds"] < 60


def test_a_reading_that_ends_counts_as_completed(reading) -> None:
    assert readers.get_reader("r1").readings_completed == 0
    lifecycle.end_reading(reading["sid"], "ended_by_client")
    lifecycle.end_reading(reading["sid"], "ended_by_client")  # once only
    assert readers.get_reader("r1").readings_completed == 1
