"""Rendering: copies of stored objects with `expand` applied, and Stripe's list pages."""

from __future__ import annotations

import copy
from typing import Any

from .errors import invalid
from .params import Params
from .store import Store


def render(store: Store, obj: dict[str, Any], params: Params | None = None) -> dict[str, Any]:
    """A copy of `obj` (never the stored dict) with the requested `expand[]` paths filled in."""
    out = {k: v for k, v in copy.deepcopy(obj).items() if not k.startswith("_")}  # "_...": the fake's own
    if params is not None:
        for path in params.expand():
            _expand(store, out, path.split("."))
    return out


def _expand(store: Store, node: Any, path: list[str]) -> None:
    if not path or not isinstance(node, dict):
        return
    head, rest = path[0], path[1:]
    if head not in node:
        raise invalid(f"This property cannot be expanded ({head}).", param="expand")
    value = node[head]
    if isinstance(value, str):
        target = store.find(value)
        if target is not None:
            value = {k: v for k, v in copy.deepcopy(target).items() if not k.startswith("_")}
            node[head] = value
    if isinstance(value, list):
        for item in value:
            _expand(store, item, rest)
    else:
        _expand(store, value, rest)


def _created_matches(created: int, condition: Any) -> bool:
    if isinstance(condition, str):
        return created == int(condition)
    ops = {"gt": created.__gt__, "gte": created.__ge__, "lt": created.__lt__, "lte": created.__le__}
    for op, bound in condition.items():
        if op not in ops:
            raise invalid(f"Invalid created filter: {op}", param="created")
        if not ops[op](int(bound)):
            return False
    return True


def page(
    store: Store,
    items: list[dict[str, Any]],
    params: Params,
    url: str,
) -> dict[str, Any]:
    """One page of a newest-first list: `limit` (1..100, default 10), `starting_after`, `ending_before`,
    and a `created` filter (an integer or gt/gte/lt/lte)."""
    limit = params.integer("limit")
    if limit is None:
        limit = 10
    if not 1 <= limit <= 100:
        raise invalid("Invalid limit: must be between 1 and 100", param="limit")
    created = params.raw("created")
    if created not in (None, ""):
        try:
            items = [o for o in items if _created_matches(o["created"], created)]
        except ValueError as exc:
            raise invalid("Invalid created filter", param="created") from exc
    ids = [o["id"] for o in items]
    after = params.string("starting_after")
    before = params.string("ending_before")
    if after is not None:
        if after not in ids:
            raise invalid(f"No such object: '{after}'", param="starting_after", code="resource_missing")
        window = items[ids.index(after) + 1 :]
        chosen, has_more = window[:limit], len(window) > limit
    elif before is not None:
        if before not in ids:
            raise invalid(f"No such object: '{before}'", param="ending_before", code="resource_missing")
        window = items[: ids.index(before)]
        chosen, has_more = window[-limit:], len(window) > limit
    else:
        chosen, has_more = items[:limit], len(items) > limit
    expand = [p.removeprefix("data.") for p in params.expand() if p.startswith("data.")]
    data = []
    for obj in chosen:
        out = {k: v for k, v in copy.deepcopy(obj).items() if not k.startswith("_")}
        for path in expand:
            _expand(store, out, path.split("."))
        data.append(out)
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
