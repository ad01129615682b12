"""Live streams over REST and the WebSocket audience: Agora tokens, one live stream per reader, the viewer
count, gifts (70/30, 402 changes nothing, broadcast to the audience) and exact totals under concurrency."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from soulseer import ledger, users
from soulseer.adapters.agora import uid_for
from soulseer.ledger.accounts import all_shards
from soulseer.models import LedgerMovementModel, StreamAudienceModel, StreamModel
from soulseer.stores.connections import ConnectionModel
from soulseer.streams import audience
from soulseer.streams.gifts import send_gift
from tests.conftest import AGORA_TEST_APP_ID, AGORA_TEST_CERTIFICATE
from tests.support.agora import decode
from tests.support.readings import events_of, fund, make_reader
from tests.support.streams import call, connect, in_domain, ws

READER = ("r1", "reader")
VIEWER = ("v1", "client")


@pytest.fixture
def streams(agora_secret: None, api_module: Any) -> Any:
    make_reader("r1")
    return api_module


def go_live(api: Any, reader: tuple[str, str] = READER, title: str = "Full moon tarot") -> dict[str, Any]:
    status, body = call(api, "POST", "/api/streams/create", reader, body={"title": title})
    assert status == 200, body
    return body


def join(api: Any, stream_id: str, user: tuple[str, str]) -> tuple[int, Any]:
    return call(api, "POST", f"/api/streams/{stream_id}/join", user, resource="/api/streams/{id}/join")


def gift(api: Any, stream_id: str, user: tuple[str, str], name: str, key: str | None = None) -> tuple[int, Any]:
    return call(
        api,
        "POST",
        f"/api/streams/{stream_id}/gift",
        user,
        resource="/api/streams/{id}/gift",
        body={"gift": name},
        key=key,
    )


def platform_revenue() -> int:
    return sum(ledger.balances_of(all_shards("platform:revenue")).values())


def test_going_live_hands_the_reader_a_publisher_token(streams) -> None:
    before = int(time.time())
    body = go_live(streams)
    stream, grant = body["stream"], body["agora"]
    assert stream["status"] == "live" and stream["reader_id"] == "r1" and stream["reader_name"] == "r1"
    assert stream["channel"] == grant["channel"] and grant["uid"] == uid_for("r1") and grant["role"] == "publisher"
    token = decode(grant["token"], AGORA_TEST_CERTIFICATE, stream["channel"], grant["uid"])
    assert token.app_id == AGORA_TEST_APP_ID == grant["app_id"]
    assert token.role == "publisher"
    assert token.expires_at == grant["expires_at"] and before + 3600 <= token.expires_at <= int(time.time()) + 3600
    with pytest.raises(AssertionError, match="another uid"):
        decode(grant["token"], AGORA_TEST_CERTIFICATE, stream["channel"], uid_for("v1"))


def test_one_live_stream_per_reader_and_readers_only(streams) -> None:
    first = go_live(streams)["stream"]["stream_id"]
    status, error = call(streams, "POST", "/api/streams/create", READER, body={"title": "again"})
    assert status == 409 and error["error"]["code"] == "already_live"
    assert error["error"]["details"] == {"stream_id": first}
    status, error = call(streams, "POST", "/api/streams/create", VIEWER, body={})
    assert status == 403 and error["error"]["code"] == "forbidden"
    status, _ = call(streams, "POST", f"/api/streams/{first}/end", READER, resource="/api/streams/{id}/end")
    assert status == 200
    second = go_live(streams)["stream"]["stream_id"]
    assert second != first


def watch(stream_id: str, connection_id: str, user: tuple[str, str]) -> None:
    """One tab of the stream page: a WebSocket connection that joins the stream's audience."""
    connect(connection_id, user)
    ws("join-stream", connection_id, {"action": "join-stream", "stream_id": stream_id})


def viewers(stream_id: str) -> int:
    return int(StreamModel.get(stream_id, consistent_read=True).viewer_count)


def test_viewers_get_subscriber_tokens_and_the_reader_a_publisher_token(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    status, body = join(streams, stream_id, VIEWER)
    assert status == 200 and body["counted"] and body["stream"]["viewer_count"] == 0  # counted by its socket
    grant = body["agora"]
    token = decode(grant["token"], AGORA_TEST_CERTIFICATE, body["stream"]["channel"], uid_for("v1"))
    assert token.role == "subscriber" and grant["role"] == "subscriber" and token.expires_at == grant["expires_at"]
    _, again = join(streams, stream_id, VIEWER)  # renews the token
    assert again["counted"] and again["agora"]["role"] == "subscriber"
    _, owner = join(streams, stream_id, READER)
    assert owner["agora"]["role"] == "publisher" and not owner["counted"]


def test_the_viewer_count_follows_connections_tabs_leaves_and_drops(streams, monkeypatch) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    watch(stream_id, "conn-r1", READER)  # the reader's own page does not count
    assert viewers(stream_id) == 0
    watch(stream_id, "v1-tab1", VIEWER)
    watch(stream_id, "v1-tab2", VIEWER)  # the same person in a second tab: still one viewer
    ws("join-stream", "v1-tab2", {"action": "join-stream", "stream_id": stream_id})  # a rejoin changes nothing
    assert viewers(stream_id) == 1
    for n in range(2, 6):
        watch(stream_id, f"v{n}-tab", (f"v{n}", "client"))
    assert viewers(stream_id) == 5
    ws("$disconnect", "v1-tab1", user=VIEWER)  # one tab closed: v1 still watches in the other
    assert viewers(stream_id) == 5
    ws("leave-stream", "v1-tab2", {"action": "leave-stream", "stream_id": stream_id})  # the last one leaves
    assert viewers(stream_id) == 4
    ws("$disconnect", "v1-tab2", user=VIEWER)  # and then closes: nothing more to take off
    assert viewers(stream_id) == 4
    ws("$disconnect", "v2-tab", user=("v2", "client"))
    assert viewers(stream_id) == 3

    real_push = audience.push

    def dropped(connection_id: str, message: dict[str, Any]) -> bool:
        if connection_id == "v3-tab":  # its socket died without a $disconnect: API Gateway answers 410 Gone
            ConnectionModel(connection_id).delete()
            return False
        return real_push(connection_id, message)

    monkeypatch.setattr(audience, "push", dropped)
    fund("v4", 1_000, "pi_v4")
    assert gift(streams, stream_id, ("v4", "client"), "rose")[0] == 200  # any broadcast finds the dropped socket
    assert viewers(stream_id) == 2
    assert [e["viewer_count"] for e in events_of("conn-r1", "stream-viewers")] == [1, 2, 3, 4, 5, 4, 3, 2]
    status, left = call(
        streams, "POST", f"/api/streams/{stream_id}/leave", ("v4", "client"), resource="/api/streams/{id}/leave"
    )
    assert status == 200 and left == {"stream_id": stream_id, "left": True, "viewer_count": 1}
    _, twice = call(
        streams, "POST", f"/api/streams/{stream_id}/leave", ("v4", "client"), resource="/api/streams/{id}/leave"
    )
    assert twice == {"stream_id": stream_id, "left": False, "viewer_count": 1}
    _, shown = call(streams, "GET", f"/api/streams/{stream_id}", resource="/api/streams/{id}")
    assert shown["viewer_count"] == 1


def test_concurrent_tabs_opening_and_closing_leave_an_exact_count(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    tabs = [(f"c{n}-{tab}", (f"c{n}", "client")) for n in range(6) for tab in range(3)]
    for connection_id, user in tabs:
        connect(connection_id, user)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda t: audience.join_stream(ConnectionModel.get(t[0]), {"stream_id": stream_id}), tabs))
    assert viewers(stream_id) == 6
    closing = [t for t in tabs if not t[0].startswith("c0-")] + [("c0-0", ("c0", "client"))]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda t: audience.forget_connection(t[0]), closing))
    assert viewers(stream_id) == 1  # c0 still has two tabs open


def test_live_listing_is_public_paginated_and_drops_ended_streams(streams) -> None:
    ids = []
    for n in range(3):
        make_reader(f"r{n + 2}")
        ids.append(go_live(streams, (f"r{n + 2}", "reader"), title=f"stream {n}")["stream"]["stream_id"])
    status, page = call(streams, "GET", "/api/streams/live", query={"limit": "2"})
    assert status == 200 and [s["stream_id"] for s in page["items"]] == ids[::-1][:2]
    _, rest = call(streams, "GET", "/api/streams/live", query={"limit": "2", "cursor": page["next_cursor"]})
    assert [s["stream_id"] for s in rest["items"]] == [ids[0]]
    call(streams, "POST", f"/api/streams/{ids[1]}/end", ("admin1", "admin"), resource="/api/streams/{id}/end")
    _, after = call(streams, "GET", "/api/streams/live")
    assert [s["stream_id"] for s in after["items"]] == [ids[2], ids[0]]
    assert "gifts_cents" not in after["items"][0]
    status, one = call(streams, "GET", f"/api/streams/{ids[1]}", resource="/api/streams/{id}")
    assert status == 200 and one["status"] == "ended" and (one["gifts_cents"], one["reader_share_cents"]) == (0, 0)
    _, catalog = call(streams, "GET", "/api/streams/gifts")
    assert {"gift": "rose", "price_cents": 100, "label": "Rose", "icon": "🌹"} in catalog["items"]
    assert {"gift": "crystal-ball", "price_cents": 1000, "label": "Crystal ball", "icon": "🔮"} in catalog["items"]


def test_only_the_owner_or_an_admin_ends_a_stream(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    connect("conn-v1", VIEWER)
    ws("join-stream", "conn-v1", {"action": "join-stream", "stream_id": stream_id})
    status, error = call(streams, "POST", f"/api/streams/{stream_id}/end", VIEWER, resource="/api/streams/{id}/end")
    assert status == 403 and error["error"]["code"] == "forbidden"
    status, ended = call(streams, "POST", f"/api/streams/{stream_id}/end", READER, resource="/api/streams/{id}/end")
    assert status == 200 and ended["status"] == "ended" and ended["gifts_cents"] == 0
    assert events_of("conn-v1", "stream-ended")[0]["stream"]["stream_id"] == stream_id
    status, error = join(streams, stream_id, VIEWER)
    assert status == 409 and error["error"]["code"] == "stream_ended"
    status, again = call(streams, "POST", f"/api/streams/{stream_id}/end", READER, resource="/api/streams/{id}/end")
    assert status == 200 and again["status"] == "ended"
    status, error = call(streams, "POST", "/api/streams/str_nope/end", READER, resource="/api/streams/{id}/end")
    assert status == 404 and error["error"]["code"] == "stream_not_found"


def test_a_gift_pays_the_reader_70_percent_and_reaches_the_audience(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    fund("v1", 1_000, "pi_v1")
    connect("conn-r1", READER)
    connect("conn-v1", VIEWER)
    connect("conn-v2", ("v2", "client"))
    connect("conn-outsider", ("v3", "client"))
    for conn in ("conn-r1", "conn-v1", "conn-v2"):
        ws("join-stream", conn, {"action": "join-stream", "stream_id": stream_id})
    assert events_of("conn-r1", "stream-joined")[0]["role"] == "reader"
    assert events_of("conn-v2", "stream-joined")[0]["role"] == "viewer"

    users.set_display_name("v1", "Vera")  # the audience sees who sent it
    status, body = gift(streams, stream_id, VIEWER, "crystal-ball")
    assert status == 200, body
    assert body["amount_cents"] == 1000 and body["reader_share_cents"] == 700 and body["balance_cents"] == 0
    assert ledger.balance_of(ledger.reader_pending("r1")) == 700 and platform_revenue() == 300
    movement = LedgerMovementModel.get(f"gift:{body['gift_id']}")
    assert movement.kind == "gift"
    for conn in ("conn-r1", "conn-v1", "conn-v2"):
        (event,) = events_of(conn, "gift")
        assert event == {
            "event": "gift",
            "stream_id": stream_id,
            "gift_id": body["gift_id"],
            "gift": "crystal-ball",
            "label": "Crystal ball",
            "icon": "🔮",
            "from_name": "Vera",
            "amount_cents": 1000,
            "from_user_id": "v1",
            "sent_at": body["sent_at"],
        }
    assert events_of("conn-outsider", "gift") == []
    stream = StreamModel.get(stream_id)
    assert (int(stream.gift_count), int(stream.gifts_cents), int(stream.reader_share_cents)) == (1, 1000, 700)
    _, history = call(streams, "GET", "/api/payments/transactions", VIEWER)
    assert [(row["type"], row["amount_cents"]) for row in history["items"]] == [("gift", -1000), ("topup", 1000)]


def test_too_little_balance_is_402_and_changes_nothing(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    fund("v1", 99, "pi_v1")
    connect("conn-r1", READER)
    ws("join-stream", "conn-r1", {"action": "join-stream", "stream_id": stream_id})
    movements = LedgerMovementModel.count()
    status, error = gift(streams, stream_id, VIEWER, "rose")
    assert status == 402 and error["error"]["code"] == "insufficient_funds"
    assert error["error"]["details"] == {"required_cents": 100, "balance_cents": 99}
    assert ledger.balance_of(ledger.client_balance("v1")) == 99
    assert ledger.balance_of(ledger.reader_pending("r1")) == 0 and platform_revenue() == 0
    assert LedgerMovementModel.count() == movements
    assert int(StreamModel.get(stream_id).gift_count) == 0 and events_of("conn-r1", "gift") == []


def test_gift_refusals(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    fund("v1", 1_000, "pi_v1")
    status, error = gift(streams, stream_id, VIEWER, "diamond")
    assert status == 400 and error["error"]["code"] == "unknown_gift" and "rose" in error["error"]["details"]["gifts"]
    status, error = gift(streams, stream_id, READER, "rose")
    assert status == 400 and error["error"]["code"] == "own_stream"
    status, error = call(
        streams, "POST", f"/api/streams/{stream_id}/gift", VIEWER, resource="/api/streams/{id}/gift", body={"gift": 1}
    )
    assert status == 400 and error["error"]["code"] == "validation_failed"
    call(streams, "POST", f"/api/streams/{stream_id}/end", READER, resource="/api/streams/{id}/end")
    status, error = gift(streams, stream_id, VIEWER, "rose")
    assert status == 409 and error["error"]["code"] == "stream_ended"
    status, error = gift(streams, "str_missing", VIEWER, "rose")
    assert status == 404 and error["error"]["code"] == "stream_not_found"
    assert ledger.balance_of(ledger.client_balance("v1")) == 1_000


def test_a_retried_gift_moves_money_once_and_is_broadcast_once(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    fund("v1", 1_000, "pi_v1")
    connect("conn-r1", READER)
    ws("join-stream", "conn-r1", {"action": "join-stream", "stream_id": stream_id})
    _, first = gift(streams, stream_id, VIEWER, "star", key="tap-1")
    _, again = gift(streams, stream_id, VIEWER, "star", key="tap-1")
    assert again["gift_id"] == first["gift_id"] and again["replayed"] and not first["replayed"]
    assert ledger.balance_of(ledger.client_balance("v1")) == 500
    assert len(events_of("conn-r1", "gift")) == 1
    status, error = gift(streams, stream_id, VIEWER, "rose", key="tap-1")
    assert status == 400 and error["error"]["code"] == "idempotency_key_reused"


def test_leaving_or_disconnecting_removes_a_connection_from_the_audience(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    fund("v1", 1_000, "pi_v1")
    connect("conn-a", ("v2", "client"))
    connect("conn-b", ("v3", "client"))
    for conn in ("conn-a", "conn-b"):
        ws("join-stream", conn, {"action": "join-stream", "stream_id": stream_id})
    assert StreamAudienceModel.count(stream_id, StreamAudienceModel.member.startswith("conn#")) == 2
    ws("leave-stream", "conn-a", {"action": "leave-stream", "stream_id": stream_id})
    assert events_of("conn-a", "stream-left") and ConnectionModel.get("conn-a").stream_id is None
    ws("$disconnect", "conn-b")
    assert StreamAudienceModel.count(stream_id) == 0  # nobody counted either
    gift(streams, stream_id, VIEWER, "rose")
    assert events_of("conn-a", "gift") == []
    ws("leave-stream", "conn-a", {"action": "leave-stream", "stream_id": stream_id})
    assert events_of("conn-a", "error")[-1]["code"] == "not_in_stream"
    ws("join-stream", "conn-a", {"action": "join-stream", "stream_id": "str_missing"})
    assert events_of("conn-a", "error")[-1]["code"] == "stream_not_found"


def test_fifty_concurrent_gifts_from_ten_viewers_give_exact_totals(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    viewers = [f"viewer{n}" for n in range(10)]
    for viewer in viewers:
        fund(viewer, 2_000, f"pi_{viewer}")
    connect("conn-r1", READER)
    ws("join-stream", "conn-r1", {"action": "join-stream", "stream_id": stream_id})
    gifts = ["rose", "heart", "star", "crystal-ball", "rose"]  # 100 + 300 + 500 + 1000 + 100 = 2000 each
    jobs = [(viewer, name) for viewer in viewers for name in gifts]
    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(lambda job: in_domain(send_gift, stream_id, job[0], job[1], None), jobs))
    assert [status for status, _ in results] == [200] * 50
    assert len({body["gift_id"] for _, body in results}) == 50
    total = 10 * 2_000
    reader_total = sum(body["reader_share_cents"] for _, body in results)
    assert reader_total == 10 * (70 + 210 + 350 + 700 + 70)
    assert all(ledger.balance_of(ledger.client_balance(viewer)) == 0 for viewer in viewers)
    assert ledger.balance_of(ledger.reader_pending("r1")) == reader_total
    assert platform_revenue() == total - reader_total
    stream = StreamModel.get(stream_id)
    assert (int(stream.gift_count), int(stream.gifts_cents), int(stream.reader_share_cents)) == (
        50,
        total,
        reader_total,
    )
    assert len(events_of("conn-r1", "gift")) == 50
    status, error = gift(streams, stream_id, ("viewer0", "client"), "rose")  # spent: the 51st is refused
    assert status == 402 and error["error"]["code"] == "insufficient_funds"


def test_the_stream_returns_its_gift_totals_live_and_after_it_ends(streams) -> None:
    """A reloaded page of an ended stream reads its totals from `GET /api/streams/{id}`."""
    stream_id = go_live(streams)["stream"]["stream_id"]
    fund("v1", 1_000, "pi_v1")
    fund("v2", 1_000, "pi_v2")
    for user in (VIEWER, VIEWER, ("v2", "client")):
        status, body = gift(streams, stream_id, user, "rose")
        assert status == 200, body
    status, body = gift(streams, stream_id, ("v2", "client"), "crystal-ball")
    assert status == 402, body  # refused whole: counts nothing
    status, live = call(streams, "GET", f"/api/streams/{stream_id}", resource="/api/streams/{id}")
    assert status == 200 and live["status"] == "live"
    assert (live["gift_count"], live["gifts_cents"], live["reader_share_cents"]) == (3, 300, 210)
    _, ended = call(streams, "POST", f"/api/streams/{stream_id}/end", READER, resource="/api/streams/{id}/end")
    status, reloaded = call(streams, "GET", f"/api/streams/{stream_id}", resource="/api/streams/{id}")
    assert status == 200 and reloaded["status"] == "ended"
    assert (reloaded["gift_count"], reloaded["gifts_cents"], reloaded["reader_share_cents"]) == (3, 300, 210)
    assert {key: reloaded[key] for key in ("gifts_cents", "reader_share_cents")} == {
        key: ended[key] for key in ("gifts_cents", "reader_share_cents")
    }


def test_a_signed_out_visitor_previews_with_an_anonymous_subscriber_token_and_is_not_counted(streams) -> None:
    stream_id = go_live(streams)["stream"]["stream_id"]
    path, resource = f"/api/streams/{stream_id}/preview", "/api/streams/{id}/preview"
    status, first = call(streams, "POST", path, resource=resource)  # no caller: public
    assert status == 200 and first["counted"] is False and first["stream"]["viewer_count"] == 0
    grant = first["agora"]
    token = decode(grant["token"], AGORA_TEST_CERTIFICATE, first["stream"]["channel"], grant["uid"])
    assert token.role == "subscriber" and grant["role"] == "subscriber"
    _, second = call(streams, "POST", path, resource=resource)
    assert second["agora"]["uid"] != grant["uid"]  # each visitor an anonymous uid of their own
    assert grant["uid"] not in {uid_for("r1"), uid_for("v1")}
    assert viewers(stream_id) == 0
    call(streams, "POST", f"/api/streams/{stream_id}/end", READER, resource="/api/streams/{id}/end")
    status, error = call(streams, "POST", path, resource=resource)
    assert status == 409 and error["error"]["code"] == "stream_ended"
    status, error = call(streams, "POST", "/api/streams/str_missing/preview", resource=resource)
    assert status == 404
