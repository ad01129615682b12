"""Presence and the live request flow through `soulseer dev`: the reader's socket rings within 2 s of the
client's request, the reader accepts, both join and the reading bills; a reader who closes the socket is
offline after the grace; a client's socket hears `reader-online` for a favorite."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from tests.e2e.conftest import PRESENCE_GRACE_SECONDS, LocalCloud
from tests.e2e.peers import RoomClient, api, funded_client

pytestmark = pytest.mark.e2e


def reader_with_profile(cloud: LocalCloud, user_id: str) -> str:
    token = cloud.token(user_id, "reader")
    profile = {
        "display_name": f"Reader {user_id}",
        "rates": {"chat_cents": 100, "voice_cents": 100, "video_cents": 100},
    }
    api(cloud, "PUT", "/api/readers/profile", token, profile)
    return token


def status_of(cloud: LocalCloud, reader_id: str, token: str) -> str:
    return str(api(cloud, "GET", f"/api/readers/{reader_id}", token)["status"])


def test_request_rings_the_reader_who_accepts_and_the_reading_bills(local_cloud: LocalCloud) -> None:
    reader_id, client_id = "user_e2e_flow_reader", "user_e2e_flow_client"
    reader_token = reader_with_profile(local_cloud, reader_id)
    client_token = funded_client(local_cloud, client_id, 1000)
    api(local_cloud, "PUT", "/api/me", client_token, {"display_name": "Flow Client"})

    async def scenario() -> None:
        url = local_cloud.websocket_url
        reader = await RoomClient.connect(url, reader_token)
        client = await RoomClient.connect(url, client_token)
        try:
            await asyncio.to_thread(api, local_cloud, "PUT", "/api/readers/status", reader_token, {"status": "online"})
            answered: list[float] = []

            def start() -> dict[str, Any]:
                body = api(
                    local_cloud, "POST", "/api/sessions/start", client_token, {"reader_id": reader_id, "type": "chat"}
                )
                answered.append(time.monotonic())
                return body

            request = asyncio.create_task(asyncio.to_thread(start))
            ring = await reader.expect("reading-requested")
            rung = time.monotonic()
            session_id = (await request)["session"]["session_id"]
            # rung while the request is answered (inline, not later from a queue or a schedule): seen before the
            # answer came back or right after it; not a fixed latency, which a loaded machine would break
            assert rung - answered[0] < 1
            assert ring["session_id"] == session_id
            assert ring["client"] == {"user_id": client_id, "display_name": "Flow Client"}
            assert ring["rate_cents"] == 100 and ring["type"] == "chat"

            await reader.send("accept-reading", session_id=session_id)
            assert (await client.expect("reading-accepted"))["session_id"] == session_id

            await client.send("join-reading", session_id=session_id)
            await client.expect("user-joined", role="client")
            await reader.send("join-reading", session_id=session_id)
            assert (await reader.expect("user-joined", role="reader"))["status"] == "active"
            deadline = time.monotonic() + 20  # free intro minutes first, then paid ones (1 s each)
            while (
                balance := (await asyncio.to_thread(api, local_cloud, "GET", "/api/payments/balance", client_token))[
                    "balance_cents"
                ]
            ) == 1000:
                assert time.monotonic() < deadline, "the reading never billed"
                await asyncio.sleep(0.3)
            assert balance < 1000 and (1000 - balance) % 100 == 0
            await client.send("end-session", session_id=session_id)
            summary = (await reader.expect("session-ended"))["summary"]
            assert summary["paid_minutes"] >= 1 and summary["total_cents"] == 1000 - balance
        finally:
            await client.close()
            await reader.close()

    asyncio.run(scenario())


def test_a_reader_who_closes_the_socket_is_offline_after_the_grace(local_cloud: LocalCloud) -> None:
    reader_id = "user_e2e_presence_reader"
    token = reader_with_profile(local_cloud, reader_id)
    api(local_cloud, "PUT", "/api/readers/status", token, {"status": "online"}, status=409)

    async def scenario() -> float:
        reader = await RoomClient.connect(local_cloud.websocket_url, token)
        await asyncio.to_thread(api, local_cloud, "PUT", "/api/readers/status", token, {"status": "online"})
        await reader.close()
        return time.monotonic()

    closed = asyncio.run(scenario())
    assert status_of(local_cloud, reader_id, token) == "online"  # within the grace
    while status_of(local_cloud, reader_id, token) != "offline":
        assert time.monotonic() - closed < PRESENCE_GRACE_SECONDS + 10, "still online long after the grace"
        time.sleep(0.2)
    assert time.monotonic() - closed >= PRESENCE_GRACE_SECONDS - 0.5


def test_a_client_hears_reader_online_for_a_favorite(local_cloud: LocalCloud) -> None:
    reader_id = "user_e2e_favorite_reader"
    reader_token = reader_with_profile(local_cloud, reader_id)
    fan_token = local_cloud.token("user_e2e_fan", "client")
    other_token = local_cloud.token("user_e2e_not_a_fan", "client")
    api(local_cloud, "PUT", f"/api/me/favorites/{reader_id}", fan_token)
    favorites = api(local_cloud, "GET", "/api/me/favorites", fan_token)["items"]
    assert [(f["reader_id"], f["status"]) for f in favorites] == [(reader_id, "offline")]

    async def scenario() -> None:
        url = local_cloud.websocket_url
        fan, other = await RoomClient.connect(url, fan_token), await RoomClient.connect(url, other_token)
        reader = await RoomClient.connect(url, reader_token)
        try:
            await asyncio.to_thread(api, local_cloud, "PUT", "/api/readers/status", reader_token, {"status": "online"})
            online = await fan.expect("reader-online", timeout=10)
            assert online == {"event": "reader-online", "reader_id": reader_id, "display_name": f"Reader {reader_id}"}
            await asyncio.sleep(0.5)
            assert not [e for e in other.events if e.get("event") == "reader-online"]
        finally:
            for socket in (fan, other, reader):
                await socket.close()

    asyncio.run(scenario())
    assert api(local_cloud, "GET", "/api/me/favorites", fan_token)["items"][0]["status"] in ("online", "offline")
