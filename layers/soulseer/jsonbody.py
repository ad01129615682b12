"""Safe JSON for what callers send: an object, bounded in size, depth and number length, or a 400.

`json.loads` alone turns a 100,000-deep array into RecursionError, a 5,000-digit integer into
ValueError and NaN into a float: all of them would be 5xx. Here every one is `validation_failed`."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

from soulseer.errors import DomainError, ErrorCode


def _refused(message: str, reason: str) -> DomainError:
    """A body refusal is `validation_failed`, like the resolver's; `details` names the reason."""
    return DomainError(
        ErrorCode.VALIDATION_FAILED, message, details=[{"location": ["body"], "message": message, "reason": reason}]
    )


MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 40


def _number(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _refused("A number in the body is too long.", "number_too_long")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _refused("A number in the body is too long.", "number_too_long")
    value = float(text)
    if math.isinf(value):
        raise _refused("A number in the body is out of range.", "number_too_long")
    return value


def _constant(name: str) -> Any:
    raise _refused(f"{name} is not JSON.", "invalid_json")


def _too_deep(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def parse_object(text: str, *, what: str = "The body") -> dict[str, Any]:
    """`text` as a JSON object; anything else is `validation_failed` (details: the reason)."""
    if len(text) > MAX_BODY_BYTES:
        raise _refused(f"{what} is larger than {MAX_BODY_BYTES} bytes.", "body_too_large")
    try:
        value = json.loads(text, parse_int=_number, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise _refused(f"{what} is nested too deeply.", "body_too_deep") from None
    except ValueError:  # JSONDecodeError included
        raise _refused(f"{what} is not valid JSON.", "invalid_json") from None
    if not isinstance(value, dict):
        raise _refused(f"{what} must be a JSON object.", "body_not_object")
    if _too_deep(value, MAX_DEPTH):
        raise _refused(f"{what} is nested too deeply.", "body_too_deep")
    return value


@lru_cache(maxsize=1)
def parse_request_body(text: str) -> dict[str, Any]:
    """The resolver's JSON deserializer: `body_refusal` parsed this very body a moment ago (parse once)."""
    return parse_object(text)
