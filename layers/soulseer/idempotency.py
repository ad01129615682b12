"""Ids derived from a client's Idempotency-Key, so that a retried request names the same thing."""

from __future__ import annotations

import hashlib
import uuid

from soulseer.errors import DomainError, ErrorCode

MAX_KEY_CHARS = 200


def check_key(key: str | None) -> None:
    if key is not None and not (0 < len(key) <= MAX_KEY_CHARS and key.isprintable()):
        raise DomainError(
            ErrorCode.INVALID_HEADER, f"Idempotency-Key must be 1 to {MAX_KEY_CHARS} printable characters."
        )


def derived_id(prefix: str, key: str | None, *scope: str) -> str:
    """`<prefix>_<32 hex>`: a hash of the scope (caller, target) and the key, or a fresh id without a key."""
    check_key(key)
    if key is None:
        return f"{prefix}_{uuid.uuid4().hex}"
    digest = hashlib.sha256("\n".join((*scope, key)).encode()).hexdigest()[:32]
    return f"{prefix}_{digest}"
