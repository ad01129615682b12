"""Unsubscribe tokens: a link in an email that works without signing in. The token names the user and
is signed (HMAC-SHA256 with the notify secret's `unsubscribe_key`); it reveals nothing else."""

from __future__ import annotations

import base64
import hashlib
import hmac

from soulseer.notify.secrets import notify_secret

PURPOSE = b"unsubscribe:v1:"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: str, user_id: str) -> bytes:
    return hmac.new(key.encode(), PURPOSE + user_id.encode(), hashlib.sha256).digest()


def unsubscribe_token(user_id: str) -> str:
    key = notify_secret()["unsubscribe_key"]
    return f"{_b64(user_id.encode())}.{_b64(_mac(key, user_id))}"


def user_of(token: str) -> str | None:
    """The user a token was made for, or None for anything forged, altered or malformed."""
    if not isinstance(token, str) or len(token) > 400 or token.count(".") != 1:
        return None
    user_part, mac_part = token.split(".")
    try:
        user_id = _unb64(user_part).decode()
        mac = _unb64(mac_part)
    except (ValueError, UnicodeDecodeError):
        return None
    key = notify_secret()["unsubscribe_key"]
    return user_id if user_id and hmac.compare_digest(mac, _mac(key, user_id)) else None
