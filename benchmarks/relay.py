"""Relay latency A->B: an `offer` from the client until the reader receives it, through the local cloud
(gateway, ws function, moto, @connections) and through a bare loopback WebSocket relay, as a ratio."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp
from aiohttp import web

from benchmarks.stats import summary

MESSAGES = 60


async def _round_trips(send: Any, receive: Any, count: int) -> list[float]:
    samples = []
    for n in range(count + 3):
        started = time.perf_counter()
        await send(n)
        await receive(n)
        if n >= 3:  # the first messages warm connections and caches
            samples.append((time.perf_counter() - started) * 1000)
    return samples


async def _bare(count: int) -> list[float]:
    """Two clients on a server that forwards each text frame from one to the other."""
    peers: list[web.WebSocketResponse] = []

    async def handle(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        peers.append(ws)
        async for message in ws:
            for other in peers:
                if other is not ws:
                    await other.send_str(message.data)
        return ws

    app = web.Application()
    app.router.add_get("/", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession() as session:
        a = await session.ws_connect(f"http://127.0.0.1:{port}/")
        b = await session.ws_connect(f"http://127.0.0.1:{port}/")
        while len(peers) < 2:
            await asyncio.sleep(0.01)

        async def send(n: int) -> None:
            await a.send_str(json.dumps({"action": "offer", "sdp": f"v=0 {n}"}))

        async def receive(n: int) -> None:
            message = json.loads((await b.receive()).data)
            assert message["sdp"] == f"v=0 {n}"

        samples = await _round_trips(send, receive, count)
        await a.close()
        await b.close()
    await runner.cleanup()
    return samples


async def _local(cloud: Any, count: int) -> list[float]:
    from tests.e2e.peers import RoomClient, api, funded_client, online_reader

    reader_token = online_reader(cloud, "user_bench_relay_reader", (150, 250, 350))
    client_token = funded_client(cloud, "user_bench_relay_client", 5000)
    started = api(cloud, "POST", "/api/sessions/start", client_token,
                  {"reader_id": "user_bench_relay_reader", "type": "video"})  # fmt: skip
    session_id = started["session"]["session_id"]
    client = await RoomClient.connect(cloud.websocket_url, client_token)
    reader = await RoomClient.connect(cloud.websocket_url, reader_token)
    try:
        await client.send("join-reading", session_id=session_id)
        await client.expect("user-joined", role="client")
        await reader.send("join-reading", session_id=session_id)
        await reader.expect("user-joined", role="reader")

        async def send(n: int) -> None:
            await client.send("offer", session_id=session_id, sdp=f"v=0 {n}")

        async def receive(n: int) -> None:
            await reader.expect("offer", sdp=f"v=0 {n}")

        return await _round_trips(send, receive, count)
    finally:
        await client.send("end-session", session_id=session_id)
        await client.close()
        await reader.close()


def measure(count: int = MESSAGES) -> dict[str, Any]:
    from benchmarks.localcloud import booted

    bare = asyncio.run(_bare(count))
    with booted(tick_seconds=60) as cloud:
        local = asyncio.run(_local(cloud, count))
    b, loc = summary(bare), summary(local)
    return {
        "messages": count,
        "local_cloud_ms": loc,
        "bare_ms": b,
        "ratio_median": loc["median"] / b["median"],
        "ratio_p95": loc["p95"] / b["p95"],
    }


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
