"""What a reading's participants do against `soulseer dev`: REST calls (a reader going online, a funded
client starting a reading) and a WebSocket client of the reading room."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import aiohttp
import requests
import stripe

from tests.e2e.conftest import LocalCloud


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def api(cloud: LocalCloud, method: str, path: str, token: str, body: Any = None, status: int = 200) -> Any:
    response = requests.request(method, cloud.url(path), json=body, headers=auth(token), timeout=30)
    assert response.status_code == status, f"{method} {path}: {response.status_code} {response.text}"
    return response.json()


class ReaderApp:
    """A reader's app left open: one WebSocket connection (their presence) that heartbeats, in a thread of
    its own so synchronous tests can hold it; events it receives are kept in `events`."""

    def __init__(self, url: str, token: str, heartbeat_seconds: float = 10) -> None:
        self.url, self.token, self.heartbeat_seconds = url, token, heartbeat_seconds
        self.events: list[dict[str, Any]] = []
        self._connected = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()
        assert self._connected.wait(15), "the reader's app did not connect"

    async def _run(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with aiohttp.ClientSession() as session, session.ws_connect(f"{self.url}?token={self.token}") as ws:
            self._connected.set()
            while not self._stop.is_set() and not ws.closed:
                await ws.send_json({"action": "heartbeat"})
                try:
                    async with asyncio.timeout(self.heartbeat_seconds):
                        async for message in ws:
                            if message.type is aiohttp.WSMsgType.TEXT:
                                self.events.append(json.loads(message.data))
                            if self._stop.is_set():
                                break
                except TimeoutError:
                    pass

    def close(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=self.heartbeat_seconds + 5)


_OPEN_APPS: list[ReaderApp] = []  # kept open for the test session, as a reader would leave the app open


def online_reader(cloud: LocalCloud, user_id: str, rates: tuple[int, int, int]) -> str:
    """A new reader with a profile (chat, voice, video cents per minute), online through an open app
    connection (their presence); returns its token."""
    token = cloud.token(user_id, "reader")
    chat, voice, video = rates
    profile = {
        "display_name": f"Reader {user_id}",
        "bio": "Here for the end-to-end tests.",
        "specialties": ["tarot"],
        "rates": {"chat_cents": chat, "voice_cents": voice, "video_cents": video},
    }
    api(cloud, "PUT", "/api/readers/profile", token, profile)
    _OPEN_APPS.append(ReaderApp(cloud.websocket_url, token))
    assert api(cloud, "PUT", "/api/readers/status", token, {"status": "online"})["status"] == "online"
    return token


def funded_client(cloud: LocalCloud, user_id: str, cents: int) -> str:
    """A new client whose balance is `cents`, topped up through the API and the local Stripe."""
    token = cloud.token(user_id, "client")
    intent = api(cloud, "POST", "/api/payments/add-balance", token, {"amount_cents": cents})
    stripe_client = stripe.StripeClient(
        str(cloud.state["stripe_secret_key"]), base_addresses={"api": str(cloud.state["stripe_url"])}
    )
    confirmed = stripe_client.v1.payment_intents.confirm(
        intent["payment_intent_id"], params={"payment_method": "pm_card_visa"}
    )
    assert confirmed.status == "succeeded"
    deadline = time.monotonic() + 15
    while (balance := api(cloud, "GET", "/api/payments/balance", token)["balance_cents"]) != cents:
        assert time.monotonic() < deadline, f"the top-up never arrived (balance {balance})"
        time.sleep(0.1)
    return token


HEARTBEAT_SECONDS = 20.0  # as the web client (web/src/ws/socket.ts HEARTBEAT_MS)


class RoomClient:
    """One participant's WebSocket connection, heartbeating as the web client does (`{"action":
    "heartbeat"}` every `heartbeat_seconds`, so a reading counts it present by its heartbeats, not only by
    `$disconnect`); server events are kept in arrival order."""

    def __init__(
        self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse, heartbeat_seconds: float
    ) -> None:
        self.session = session
        self.ws = ws
        self.events: list[dict[str, Any]] = []
        self.heartbeats = 0
        self._arrived = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())
        self._heartbeat = asyncio.create_task(self._beat(heartbeat_seconds))

    @classmethod
    async def connect(cls, url: str, token: str, heartbeat_seconds: float = HEARTBEAT_SECONDS) -> RoomClient:
        session = aiohttp.ClientSession()
        try:
            ws = await session.ws_connect(f"{url}?token={token}")
        except BaseException:
            await session.close()
            raise
        return cls(session, ws, heartbeat_seconds)

    async def _beat(self, seconds: float) -> None:
        while not self.ws.closed:
            await asyncio.sleep(seconds)
            if self.ws.closed:
                return
            await self.ws.send_str(json.dumps({"action": "heartbeat"}))
            self.heartbeats += 1

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type is aiohttp.WSMsgType.TEXT:
                async with self._arrived:
                    self.events.append(json.loads(message.data))
                    self._arrived.notify_all()

    async def send(self, action: str, **fields: Any) -> None:
        await self.ws.send_str(json.dumps({"action": action, **fields}))

    async def expect(self, event: str, timeout: float = 15, **match: Any) -> dict[str, Any]:
        """The first event named `event` (and matching `match`) not taken by an earlier `expect`."""

        def found() -> dict[str, Any] | None:
            for index in range(len(self.events)):
                item = self.events[index]
                if item.get("event") == event and all(item.get(k) == v for k, v in match.items()):
                    self.events.pop(index)
                    return item
            return None

        async with asyncio.timeout(timeout), self._arrived:
            while (item := found()) is None:
                await self._arrived.wait()
        return item

    async def close(self) -> None:
        self._heartbeat.cancel()
        await asyncio.gather(self._heartbeat, return_exceptions=True)
        await self.ws.close()
        await self._reader
        await self.session.close()


async def handshake_status(url: str) -> int:
    """The HTTP status of a refused WebSocket handshake."""
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(url)
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status
        await ws.close()
        return 101
