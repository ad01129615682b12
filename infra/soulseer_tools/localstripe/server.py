"""Running the local Stripe: on the current event loop, or in a background thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from typing import Any

from aiohttp import web

from .app import STATE, LocalStripe, create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 12111


async def start_local_stripe(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    webhook_endpoints: list[tuple[str, str]] | None = None,
    shutdown_timeout: float = 60.0,
    **app_options: Any,
) -> web.AppRunner:
    """Start serving on the running loop; `await runner.cleanup()` stops it.

    With `port=0` the OS picks a free port: read it from `bound_port(runner)`."""
    app = create_app(webhook_endpoints=webhook_endpoints, **app_options)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


def bound_port(runner: web.AppRunner) -> int:
    return int(runner.addresses[0][1])


class LocalStripeThread:
    """The local Stripe on its own event loop in a daemon thread (for tests and the local cloud).

    stripe_server = LocalStripeThread(port=0, webhook_endpoints=[(url, secret)]).start()
    client = stripe.StripeClient("sk_test_local", base_addresses=stripe_server.base_addresses)
    ...
    stripe_server.stop()
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        webhook_endpoints: list[tuple[str, str]] | None = None,
        **app_options: Any,
    ) -> None:
        self.host = host
        self.port = port
        self._webhook_endpoints = list(webhook_endpoints or [])
        self._app_options = app_options
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._error: BaseException | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self, timeout: float = 10.0) -> LocalStripeThread:
        """Start the thread; returns once the server is listening (raises if it could not start)."""
        if self._thread is not None:
            raise RuntimeError("LocalStripeThread already started")
        self._thread = threading.Thread(target=self._run, name="localstripe", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("the local Stripe did not start in time")
        if self._error is not None:
            raise RuntimeError(f"the local Stripe failed to start: {self._error}") from self._error
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # surfaced by start()
            self._error = exc
        finally:
            self._ready.set()
            loop.close()

    async def _serve(self) -> None:
        self._stopped = asyncio.Event()
        self._runner = await start_local_stripe(self.host, self.port, self._webhook_endpoints, **self._app_options)
        self.port = bound_port(self._runner)
        self._ready.set()
        try:
            await self._stopped.wait()
        finally:
            await self._runner.cleanup()

    def stop(self, timeout: float = 10.0) -> None:
        loop, stopped, thread = self._loop, self._stopped, self._thread
        if loop is not None and stopped is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(stopped.set)
        if thread is not None:
            thread.join(timeout)

    def __enter__(self) -> LocalStripeThread:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what clients need ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_addresses(self) -> dict[str, str]:
        """For `stripe.StripeClient(key, base_addresses=...)`."""
        return {"api": self.url, "connect": self.url, "files": self.url}

    @property
    def state(self) -> LocalStripe:
        """The live state (store and dispatcher); hold `state.store.lock` while reading it."""
        if self._runner is None:
            raise RuntimeError("LocalStripeThread is not running")
        return self._runner.app[STATE]

    def add_webhook_endpoint(self, url: str, secret: str | None = None) -> str:
        """Register a webhook endpoint at run time; returns its signing secret."""
        return self.state.dispatcher.add_endpoint(url, secret).secret

    def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        """Block until every queued webhook delivery has finished (delivered or given up)."""
        if self._loop is None:
            raise RuntimeError("LocalStripeThread is not running")
        future = asyncio.run_coroutine_threadsafe(self.state.dispatcher.drain(timeout), self._loop)
        try:
            return future.result(timeout + 1)
        except concurrent.futures.TimeoutError:
            return False
