"""Per-user limits on money-moving and booking routes: a token bucket per (user, action) in DynamoDB.

The bucket is stored as GCRA's theoretical arrival time `tat` (ms): a request is allowed when
`max(tat, now) <= now + burst tolerance`, and then pushes `tat` one interval further. That is one
conditional UpdateItem for a new or busy bucket; a bucket idle long enough to be full again needs a
second one (`tat` restarts at now) because an update expression has no max(). Items expire by TTL.

`RATE_LIMITS` (template parameter `RateLimits`): `action=capacity/seconds,...`: a bucket holds `capacity`
requests and refills completely in `seconds`."""

from __future__ import annotations

import functools
import inspect
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from soulseer.config import RateLimitSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.stores import rate_limits as store

F = TypeVar("F", bound=Callable[..., Any])
_ATTEMPTS = 4


class RateLimited(DomainError):
    default_code = ErrorCode.RATE_LIMITED

    def __init__(self, action: str, retry_after: int) -> None:
        super().__init__(
            message=f"Too many requests; try again in {retry_after} s.",
            details={"action": action, "retry_after_seconds": retry_after},
            retry_after=retry_after,
        )


@dataclass(frozen=True)
class Limit:
    capacity: int
    seconds: int

    @property
    def interval_ms(self) -> int:
        return max(1, self.seconds * 1000 // self.capacity)

    @property
    def tolerance_ms(self) -> int:
        return (self.capacity - 1) * self.interval_ms


def parse(spec: str) -> dict[str, Limit]:
    limits = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        action, _, rule = part.partition("=")
        capacity, _, seconds = rule.partition("/")
        limit = Limit(int(capacity), int(seconds))
        if limit.capacity < 1 or limit.seconds < 1:
            raise ValueError(f"RATE_LIMITS: {part!r} needs a capacity and seconds of at least 1")
        limits[action.strip()] = limit
    return limits


@lru_cache(maxsize=4)
def _limits(spec: str) -> dict[str, Limit]:
    return parse(spec)


def take(user_id: str, action: str) -> None:
    """Takes one token from the user's bucket for `action`, or raises RateLimited (429)."""
    limit = _limits(settings_for(RateLimitSettings).RATE_LIMITS).get(action)
    if limit is None:
        raise KeyError(f"RATE_LIMITS has no limit for {action!r}")
    bucket = f"{action}#{user_id}"
    for _ in range(_ATTEMPTS):
        now = int(time.time() * 1000)
        values = {":now": now, ":step": limit.interval_ms, ":expires": now // 1000 + 2 * limit.seconds}
        busy = {**values, ":limit": now + limit.tolerance_ms}
        refused = store.advance(
            bucket,
            "attribute_not_exists(tat) OR tat BETWEEN :now AND :limit",
            "if_not_exists(tat, :now) + :step",
            busy,
        )
        if refused is None:
            return
        old_tat = now if refused.tat is None else refused.tat
        if old_tat > busy[":limit"]:
            raise RateLimited(action, max(1, math.ceil((old_tat - busy[":limit"]) / 1000)))
        if store.advance(bucket, "tat < :now", ":now + :step", values) is None:
            return  # the bucket was idle: full again
    raise RateLimited(action, 1)  # contended by the user's own parallel requests


def rate_limited(router: Any, action: str) -> Callable[[F], F]:
    """Route decorator (below `@router.post(...)`): the caller's bucket for `action` pays for the call."""

    from soulseer.web import caller_of  # the API's only: the WebSocket function takes buckets without pydantic

    def decorate(route: F) -> F:
        @functools.wraps(route)
        def limited(*args: Any, **kwargs: Any) -> Any:
            take(caller_of(router).user_id, action)
            return route(*args, **kwargs)

        # Powertools resolves string annotations in the wrapper's module: hand it the resolved signature.
        limited.__signature__ = inspect.signature(route, eval_str=True)  # type: ignore[attr-defined]
        return limited  # type: ignore[return-value]

    return decorate
