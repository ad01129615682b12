"""Signed webhook delivery to endpoints on the loopback interface.

Each endpoint has its own queue and worker, so events reach an endpoint in the order they were
created and a dead endpoint never delays the others. A delivery is retried a few times with a short
backoff on a connection error or a non-2xx answer; every attempt is recorded on the store
(`Store.deliveries[event_id]`, shown by `GET /_local/events`).

The `Stripe-Signature` header is Stripe's scheme: `t=<unix ts>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
which `stripe.Webhook.construct_event(body, header, secret)` verifies.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from .ids import new_id, random_token
from .store import Store

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_RETRY_DELAYS = (0.1, 0.3, 1.0)
USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks) soulseer-localstripe"


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header value for `payload` (same as `stripe.WebhookSignature`)."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def check_loopback(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"webhook endpoints must be http(s) URLs on 127.0.0.1/localhost, not {url!r}")


@dataclass
class Endpoint:
    url: str
    secret: str
    enabled_events: list[str] = field(default_factory=lambda: ["*"])
    id: str = field(default_factory=lambda: new_id("we"))
    queue: asyncio.Queue[tuple[dict[str, Any], dict[str, Any]]] | None = None
    worker: asyncio.Task[None] | None = None

    def wants(self, event_type: str) -> bool:
        return any(
            pattern == "*" or pattern == event_type or (pattern.endswith(".*") and event_type.startswith(pattern[:-1]))
            for pattern in self.enabled_events
        )

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "webhook_endpoint",
            "url": self.url,
            "secret": self.secret,
            "enabled_events": list(self.enabled_events),
        }


class Dispatcher:
    """Delivers the store's events to the configured endpoints from the server's event loop."""

    def __init__(
        self,
        store: Store,
        endpoints: list[tuple[str, str]] | None = None,
        *,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        timeout: float = 5.0,
    ) -> None:
        self.store = store
        self.retry_delays = retry_delays
        self.timeout = timeout
        self.endpoints: list[Endpoint] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._backlog: list[tuple[Endpoint, dict[str, Any], dict[str, Any]]] = []
        self._in_flight = 0
        for url, secret in endpoints or []:
            self.add_endpoint(url, secret)
        store.listeners.append(self.on_event)

    # -- configuration -------------------------------------------------------------------------

    def add_endpoint(self, url: str, secret: str | None = None, enabled_events: list[str] | None = None) -> Endpoint:
        check_loopback(url)
        endpoint = Endpoint(url, secret or f"whsec_{random_token(32)}", enabled_events or ["*"])
        with self.store.lock:
            self.endpoints.append(endpoint)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._start_worker, endpoint)
        return endpoint

    # -- lifecycle (called on the server's loop) -----------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        for endpoint in list(self.endpoints):
            self._start_worker(endpoint)
        with self.store.lock:
            backlog, self._backlog = self._backlog, []
        for endpoint, event, record in backlog:
            self._enqueue(endpoint, event, record)

    async def close(self) -> None:
        workers = [e.worker for e in self.endpoints if e.worker is not None]
        for worker in workers:
            worker.cancel()
        for worker in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        if self._session is not None:
            await self._session.close()
        self._loop = None

    def _start_worker(self, endpoint: Endpoint) -> None:
        if endpoint.queue is None:
            endpoint.queue = asyncio.Queue()
            endpoint.worker = asyncio.get_running_loop().create_task(self._work(endpoint))

    # -- queueing ------------------------------------------------------------------------------

    def on_event(self, event: dict[str, Any]) -> None:
        """Store listener: queue the event for every endpoint that wants it (any thread)."""
        with self.store.lock:
            targets = [e for e in self.endpoints if e.wants(event["type"])]
            event["pending_webhooks"] = len(targets)
            for endpoint in targets:
                self._schedule(endpoint, event)

    def resend(self, event: dict[str, Any], url: str | None = None) -> int:
        """Deliver an already emitted event again (same id and body); returns how many were queued."""
        with self.store.lock:
            targets = [e for e in self.endpoints if url in (None, e.url)]
            for endpoint in targets:
                self._schedule(endpoint, event, resend=True)
            return len(targets)

    def _schedule(self, endpoint: Endpoint, event: dict[str, Any], resend: bool = False) -> None:
        record: dict[str, Any] = {
            "endpoint": endpoint.url,
            "status": "pending",
            "resend": resend,
            "attempts": [],
        }
        self.store.deliveries.setdefault(event["id"], []).append(record)
        self._in_flight += 1
        if self._loop is None:
            self._backlog.append((endpoint, event, record))
        else:
            self._loop.call_soon_threadsafe(self._enqueue, endpoint, event, record)

    def _enqueue(self, endpoint: Endpoint, event: dict[str, Any], record: dict[str, Any]) -> None:
        self._start_worker(endpoint)
        assert endpoint.queue is not None
        endpoint.queue.put_nowait((event, record))

    async def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every queued delivery has finished (delivered or given up)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.store.lock:
                if self._in_flight == 0:
                    return True
            await asyncio.sleep(0.01)
        return False

    # -- delivery ------------------------------------------------------------------------------

    async def _work(self, endpoint: Endpoint) -> None:
        assert endpoint.queue is not None
        while True:
            event, record = await endpoint.queue.get()
            try:
                await self._deliver(endpoint, event, record)
            except Exception:  # a bug here must not kill the worker
                log.exception("webhook delivery of %s to %s failed", event["id"], endpoint.url)
                with self.store.lock:
                    record["status"] = "failed"
            finally:
                with self.store.lock:
                    self._in_flight -= 1

    async def _deliver(self, endpoint: Endpoint, event: dict[str, Any], record: dict[str, Any]) -> None:
        assert self._session is not None
        payload = json.dumps(event, indent=2)
        for attempt in range(len(self.retry_delays) + 1):
            status: int | None = None
            error: str | None = None
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                "Stripe-Signature": sign(payload, endpoint.secret),
            }
            try:
                async with self._session.post(endpoint.url, data=payload.encode(), headers=headers) as resp:
                    status = resp.status
                    await resp.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                error = f"{type(exc).__name__}: {exc}"
            ok = status is not None and 200 <= status < 300
            with self.store.lock:
                record["attempts"].append({"at": time.time(), "status": status, "error": error})
                if ok:
                    record["status"] = "delivered"
                    return
            if attempt < len(self.retry_delays):
                await asyncio.sleep(self.retry_delays[attempt])
        log.warning("giving up on webhook %s (%s) to %s", event["id"], event["type"], endpoint.url)
        with self.store.lock:
            record["status"] = "failed"
