"""The demo readers' apps: for each seeded reader meant to be online, a WebSocket connection to the local
WebSocket API that heartbeats like the reader's app, and `PUT /api/readers/status {"status": "online"}`
through the gateway. Presence is the product's own (a reader is online only while connected), so the
demo readers are online the same way a real reader is; they reconnect if their connection ends."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import aiohttp

log = logging.getLogger("soulseer.localcloud")
HEARTBEAT_SECONDS = 20
TOKEN_TTL_SECONDS = 3 * 3600


class DemoPresence:
    def __init__(self, readers: list[str], websocket_url: str, gateway_url: str, mint: Callable[[str], str]) -> None:
        self.readers = readers
        self.websocket_url = websocket_url
        self.gateway_url = gateway_url
        self.mint = mint
        self._tasks: list[asyncio.Task[None]] = []
        self._online = {reader: asyncio.Event() for reader in readers}

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._keep_online(reader)) for reader in self.readers]

    async def wait_online(self, timeout: float) -> None:
        """Until every demo reader went online once (boot waits, so the listing shows them)."""
        try:
            async with asyncio.timeout(timeout):
                for event in self._online.values():
                    await event.wait()
        except TimeoutError:
            late = [reader for reader, event in self._online.items() if not event.is_set()]
            log.warning("demo readers not online after %g s (they keep trying): %s", timeout, ", ".join(late))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _keep_online(self, reader_id: str) -> None:
        while True:
            try:
                await self._session(reader_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("demo reader %s: presence connection failed", reader_id)
            await asyncio.sleep(5)

    async def _session(self, reader_id: str) -> None:
        token = await asyncio.to_thread(self.mint, reader_id)
        headers = {"Authorization": f"Bearer {token}"}
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{self.websocket_url}?token={token}") as ws:
            async with http.put(
                f"{self.gateway_url}/api/readers/status", json={"status": "online"}, headers=headers
            ) as response:
                if response.status != 200:
                    log.warning("demo reader %s could not go online: %s", reader_id, await response.text())
                self._online[reader_id].set()
            while not ws.closed:
                await ws.send_json({"action": "heartbeat"})
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(HEARTBEAT_SECONDS):
                        async for _ in ws:  # events for the demo reader are read and dropped
                            pass
