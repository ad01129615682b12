"""Shared by the unit tests of the local Stripe: a webhook endpoint on 127.0.0.1 (`Receiver`, with the
`receiver` fixture) that verifies every delivery with `SECRET`."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import stripe

SECRET = "whsec_local_unit_test"


class Receiver:
    """A webhook endpoint on 127.0.0.1 that verifies every delivery like the app will."""

    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.events: list[stripe.Event] = []
        self.rejected: list[str] = []
        self.fail_next = 0  # answer this many deliveries with a 500 first
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    if receiver.fail_next > 0:
                        receiver.fail_next -= 1
                        self.send_response(500)
                        self.end_headers()
                        return
                try:
                    event = stripe.Webhook.construct_event(body, self.headers.get("Stripe-Signature"), receiver.secret)
                except (stripe.SignatureVerificationError, ValueError) as exc:
                    with receiver.lock:
                        receiver.rejected.append(str(exc))
                    self.send_response(400)
                    self.end_headers()
                    return
                with receiver.lock:
                    receiver.events.append(event)
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/payments/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def of_type(self, event_type: str) -> list[stripe.Event]:
        with self.lock:
            return [e for e in self.events if e.type == event_type]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()
