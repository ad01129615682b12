"""Stripe-looking identifiers: `<prefix>_<24 base62 characters>`."""

from __future__ import annotations

import secrets
import string
import time

_ALPHABET = string.ascii_letters + string.digits


def random_token(length: int = 24) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_id(prefix: str) -> str:
    """A fresh id such as `pi_3fK...`; the prefix says what kind of object it names."""
    return f"{prefix}_{random_token()}"


def now() -> int:
    """Stripe timestamps are integer unix seconds."""
    return int(time.time())
