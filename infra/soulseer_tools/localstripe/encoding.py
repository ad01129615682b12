"""Stripe's v1 request encoding, decoded.

The SDK sends `application/x-www-form-urlencoded` bodies (and GET query strings) whose keys carry
nesting in brackets: `metadata[user_id]=u1`, `capabilities[transfers][requested]=true`,
`expand[0]=latest_charge` (the SDK indexes arrays) or `expand[]=latest_charge` (curl style).
`parse_pairs` turns the flat pairs into nested dicts and lists of strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import invalid

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")

# Maps whose keys are free-form (a metadata key "0" must not turn the map into a list).
_FREE_FORM = frozenset({"metadata"})


def split_key(key: str) -> list[str]:
    """`a[b][]` -> `["a", "b", ""]`."""
    match = _KEY.match(key)
    if not match:
        raise invalid(f"Invalid parameter name: {key}", param=key)
    return [match.group(1), *_PART.findall(match.group(2))]


def parse_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = split_key(key)
        node = root
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            name = part if part != "" else str(_next_index(node))
            if last:
                if isinstance(node.get(name), dict):
                    raise invalid(f"Invalid value for {key}: expected a hash", param=parts[0])
                node[name] = value
            else:
                child = node.setdefault(name, {})
                if not isinstance(child, dict):
                    raise invalid(f"Invalid value for {parts[0]}: mixes a value and a hash", param=parts[0])
                node = child
    return {k: (_listify(v, k) if isinstance(v, dict) else v) for k, v in root.items()}


def _next_index(node: dict[str, Any]) -> int:
    return sum(1 for k in node if k.isdigit())


def _listify(node: dict[str, Any], parent: str) -> Any:
    converted = {k: (_listify(v, k) if isinstance(v, dict) else v) for k, v in node.items()}
    if parent not in _FREE_FORM and converted and all(k.isdigit() for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted
