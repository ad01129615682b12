"""Helpers shared by the resource modules."""

from __future__ import annotations

import copy
from typing import Any

from ..app import Call
from ..ids import new_id, now
from ..params import Params
from ..store import changed
from ..views import page, render


def new_object(prefix: str, kind: str, *, object_id: str | None = None, **fields: Any) -> dict[str, Any]:
    """`{"id": "<prefix>_...", "object": kind, "created": ..., "livemode": false, **fields}`."""
    return {"id": object_id or new_id(prefix), "object": kind, "created": now(), "livemode": False, **fields}


def set_strings(obj: dict[str, Any], params: Params, names: tuple[str, ...]) -> None:
    """Copy string params onto `obj`; an empty string unsets the field (Stripe's convention)."""
    for name in names:
        if params.has(name):
            obj[name] = params.string(name)


def update(call: Call, obj: dict[str, Any], names: tuple[str, ...], event: str | None) -> dict[str, Any]:
    """Apply string fields and metadata; emit `event` with previous_attributes when anything changed."""
    before = copy.deepcopy(obj)
    set_strings(obj, call.params, names)
    obj["metadata"] = call.params.metadata(obj.get("metadata"))
    previous = changed(before, obj)
    if event and previous:
        call.store.emit(event, obj, previous)
    return render(call.store, obj, call.params)


def listing(call: Call, kind: str, url: str, **filters: str | None) -> dict[str, Any]:
    """A list page of `kind`, keeping objects whose fields equal the given non-None filters."""
    items = call.store.all(kind)
    for name, wanted in filters.items():
        if wanted is not None:
            items = [o for o in items if _plain(o.get(name)) == wanted]
    return page(call.store, items, call.params, url)


def _plain(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def deleted(obj: dict[str, Any]) -> dict[str, Any]:
    obj["deleted"] = True
    return {"id": obj["id"], "object": obj["object"], "deleted": True}
