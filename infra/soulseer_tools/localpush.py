"""A local web push service (RFC 8030) for the local cloud and tests: it takes pushes the way a browser
vendor's service does (VAPID-signed per RFC 8292, aes128gcm bodies per RFC 8291) and records them.

    POST /push/<id>            a push (201; 401 without a valid VAPID signature for this origin; 410 when
                               told the subscription is gone; 503 while told it is down)
    GET  /_pushes              what was received: endpoint, size, headers, the body (base64), and the
                               decrypted payload for subscriptions made here (POST /_subscribe)
    POST /_subscribe           a subscription whose keys this service keeps, so it can show the payload
    POST /_gone/<id>           answer 410 for that endpoint from now on
    POST /_down, POST /_up     answer 503 to every push / take pushes again

It cannot read a push to a subscription whose keys a browser or a test holds (that is the point of
RFC 8291); those show their encrypted size, and tests decrypt them with their own keys."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_keys() -> tuple[ec.EllipticCurvePrivateKey, dict[str, str]]:
    """A browser-side key pair and auth secret: (private key, `{"p256dh", "auth"}` as a browser sends)."""
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return key, {"p256dh": b64url(point), "auth": b64url(secrets.token_bytes(16))}


def decrypt(body: bytes, private_key: ec.EllipticCurvePrivateKey, auth: str) -> dict[str, Any]:
    """A push body as the browser reads it (RFC 8291 aes128gcm)."""
    import http_ece

    return json.loads(http_ece.decrypt(body, private_key=private_key, auth_secret=unb64url(auth), version="aes128gcm"))


def verify_vapid(header: str, origin: str) -> str | None:
    """The problem with a VAPID Authorization header for `origin`, or None when it is valid."""
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "vapid":
        return "not a vapid authorization"
    parts = dict(item.strip().split("=", 1) for item in rest.split(",") if "=" in item)
    if "t" not in parts or "k" not in parts:
        return "missing t or k"
    try:
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
        claims = jwt.decode(parts["t"], public, algorithms=["ES256"], audience=origin, options={"require": ["exp"]})
    except (ValueError, jwt.PyJWTError) as error:
        return f"invalid token: {error}"
    if int(claims["exp"]) > time.time() + 24 * 3600:
        return "exp more than 24 hours ahead"
    if not str(claims.get("sub", "")).startswith(("mailto:", "https://")):
        return "sub must be mailto: or https:"
    return None


class LocalPushService:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.gone: set[str] = set()
        self.down = False
        self.keys: dict[str, tuple[ec.EllipticCurvePrivateKey, str]] = {}
        self.emails: Callable[[], list[dict[str, Any]]] = list
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> LocalPushService:
        self._thread = threading.Thread(target=self._server.serve_forever, name="localpush", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread = None
        self._server.server_close()

    def subscribe(self) -> dict[str, Any]:
        """A subscription whose private key stays here (the outbox can show its payloads)."""
        endpoint = f"{self.url}/push/{secrets.token_urlsafe(12)}"
        key, keys = new_keys()
        with self._lock:
            self.keys[endpoint] = (key, keys["auth"])
        return {"endpoint": endpoint, "keys": keys}

    def pushes(self) -> list[dict[str, Any]]:
        with self._lock:
            records = list(self.received)
        shown = []
        for record in records:
            item = {k: v for k, v in record.items() if k != "body"}
            item["body_b64"] = b64url(record["body"])
            known = self.keys.get(record["endpoint"])
            if known is not None:
                try:
                    item["payload"] = decrypt(record["body"], *known)
                except Exception as error:  # a body that does not decrypt is worth showing as such
                    item["payload_error"] = str(error)
            shown.append(item)
        return shown

    def _accept(self, path: str, headers: Any, body: bytes) -> int:
        endpoint = self.url + path
        if self.down:
            return 503
        if path in self.gone or endpoint in self.gone:
            return 410
        problem = verify_vapid(headers.get("Authorization", ""), self.url)
        if problem is not None:
            return 401
        if headers.get("Content-Encoding") != "aes128gcm" or not headers.get("TTL"):
            return 400
        record = {
            "endpoint": endpoint,
            "size": len(body),
            "ttl": headers.get("TTL"),
            "urgency": headers.get("Urgency"),
            "received_at": time.time(),
            "body": body,
        }
        with self._lock:
            self.received.append(record)
        return 201

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def _reply(self, status: int, body: Any = None) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/_pushes":
                    self._reply(200, service.pushes())
                elif self.path == "/_outbox":
                    self._reply(200, {"emails": service.emails(), "pushes": service.pushes()})
                else:
                    self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.path.startswith("/push/"):
                    self._reply(service._accept(self.path, self.headers, body))
                elif self.path == "/_subscribe":
                    self._reply(201, service.subscribe())
                elif self.path.startswith("/_gone/"):
                    service.gone.add("/push/" + self.path.removeprefix("/_gone/"))
                    self._reply(204)
                elif self.path in ("/_down", "/_up"):
                    service.down = self.path == "/_down"
                    self._reply(204)
                else:
                    self._reply(404, {"error": "not found"})

        return Handler
