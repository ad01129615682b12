"""Opaque cursors: a DynamoDB key, base64url-encoded. A cursor that does not decode is a 400."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from soulseer.errors import DomainError, ErrorCode

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def encode_cursor(key: dict[str, str]) -> str:
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, expected_keys: frozenset[str]) -> dict[str, str]:
    invalid = DomainError(ErrorCode.INVALID_CURSOR)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key: Any = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid from None
    if not isinstance(key, dict) or set(key) != expected_keys:
        raise invalid
    if not all(isinstance(value, str) and value for value in key.values()):
        raise invalid
    return key


def newest_first(
    query: Callable[..., Any],
    partition: str,
    partition_attribute: str,
    key_attributes: frozenset[str],
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """One page of a PynamoDB table or index query, newest first, with an opaque cursor bound to the
    partition it was issued for (string keys only)."""
    start = decode_cursor(cursor, key_attributes) if cursor else None
    if start and start[partition_attribute] != partition:
        raise DomainError(ErrorCode.INVALID_CURSOR)
    results = query(
        partition,
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key={name: {"S": value} for name, value in start.items()} if start else None,
    )
    items = list(results)
    last = results.last_evaluated_key
    return items, encode_cursor({name: value["S"] for name, value in last.items()}) if last else None
