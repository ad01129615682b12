"""Web push delivery (RFC 8030), the payload encrypted for the subscription (RFC 8291, aes128gcm, with
`http_ece`) and the request signed with the VAPID key (RFC 8292, with `py_vapid`). Posted with
http.client: no redirects are followed, and only to an endpoint `endpoints.allowed` accepts."""

from __future__ import annotations

import base64
import http.client
import json
import time
from enum import Enum
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from soulseer.config import NotifySettings, settings_for
from soulseer.notify import endpoints
from soulseer.notify.secrets import notify_secret
from soulseer.stores.notifications import Subscription

TIMEOUT_SECONDS = 5
VAPID_LIFETIME_SECONDS = 12 * 3600  # RFC 8292: at most 24 hours
DEFAULT_TTL_SECONDS = 3600


class Outcome(Enum):
    DELIVERED = "delivered"
    GONE = "gone"  # 404/410: the subscription no longer exists; forget it
    REFUSED = "refused"  # the push service will never take this message (400, 413...)
    RETRY = "retry"  # the service is down, busy (429, 5xx) or unreachable: try again later


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=4)
def _vapid(private_key: str) -> Any:
    from py_vapid import Vapid02

    return Vapid02.from_raw(private_key.encode())


def encrypt(payload: bytes, p256dh: str, auth: str) -> bytes:
    import http_ece
    from cryptography.hazmat.primitives.asymmetric import ec

    server_key = ec.generate_private_key(ec.SECP256R1())
    return bytes(
        http_ece.encrypt(
            payload, private_key=server_key, dh=_b64decode(p256dh), auth_secret=_b64decode(auth), version="aes128gcm"
        )
    )


def vapid_headers(endpoint: str) -> dict[str, str]:
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + VAPID_LIFETIME_SECONDS,
        "sub": settings_for(NotifySettings).VAPID_SUBJECT,
    }
    return dict(_vapid(notify_secret()["vapid_private_key"]).sign(claims))


def send(subscription: Subscription, message: dict[str, Any], *, ttl: int = DEFAULT_TTL_SECONDS) -> Outcome:
    if not endpoints.allowed(subscription.endpoint):
        return Outcome.GONE  # the hosts changed since it was stored: never post there
    body = encrypt(json.dumps(message, separators=(",", ":")).encode(), subscription.p256dh, subscription.auth)
    headers = {
        **vapid_headers(subscription.endpoint),
        "TTL": str(max(0, int(ttl))),
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "Urgency": "high" if message.get("event") == "reading-requested" else "normal",
    }
    parts = urlsplit(subscription.endpoint)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(str(parts.hostname), parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", path, body=body, headers=headers)
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException):
        return Outcome.RETRY
    finally:
        connection.close()
    if 200 <= status < 300:
        return Outcome.DELIVERED
    if status in (404, 410):
        return Outcome.GONE
    if status == 429 or status >= 500:
        return Outcome.RETRY
    return Outcome.REFUSED
