"""Events: Stripe's `GET /v1/events`, and the local control endpoints under `/_local/`.

- `GET /_local/events[?type=...]`: every emitted event, oldest first, each with `deliveries`
  (per endpoint: status pending/delivered/failed and every attempt's HTTP status or error).
- `POST /_local/events/{id}/resend[?url=...]`: deliver an event again (same id and body).
- `GET /_local/webhook_endpoints`, `POST /_local/webhook_endpoints` (`url`, optional `secret`,
  `enabled_events[]`): endpoints receiving signed deliveries; a missing secret is generated.
"""

from __future__ import annotations

import copy
from typing import Any

from ..app import Call, Route
from ..errors import invalid, missing, required
from ..views import page, render


def _type_matches(event_type: str, pattern: str) -> bool:
    return pattern == event_type or (pattern.endswith("*") and event_type.startswith(pattern[:-1]))


def _filtered(call: Call) -> list[dict[str, Any]]:
    p = call.params
    items = call.store.all("event")
    patterns = [str(v) for v in p.array("types")]
    single = p.string("type")
    if single is not None:
        patterns.append(single)
    if patterns:
        items = [e for e in items if any(_type_matches(e["type"], pat) for pat in patterns)]
    return items


def list_(call: Call) -> dict[str, Any]:
    return page(call.store, _filtered(call), call.params, "/v1/events")


def retrieve(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("event", call.match["id"]), call.params)


def local_events(call: Call) -> dict[str, Any]:
    store = call.store
    data = []
    for event in reversed(_filtered(call)):
        item = copy.deepcopy(event)
        item["deliveries"] = copy.deepcopy(store.deliveries.get(event["id"], []))
        data.append(item)
    return {"object": "list", "data": data, "has_more": False, "url": "/_local/events"}


def local_resend(call: Call) -> dict[str, Any]:
    event = call.store.find(call.match["id"])
    if event is None or event.get("object") != "event":
        raise missing("event", call.match["id"])
    queued = call.state.dispatcher.resend(event, call.params.string("url"))
    return {"object": "resend", "event": event["id"], "queued": queued}


def local_endpoints(call: Call) -> dict[str, Any]:
    endpoints = [e.describe() for e in call.state.dispatcher.endpoints]
    return {"object": "list", "data": endpoints, "has_more": False, "url": "/_local/webhook_endpoints"}


def local_add_endpoint(call: Call) -> dict[str, Any]:
    p = call.params
    url = p.string("url")
    if url is None:
        raise required("url")
    events = [str(v) for v in p.array("enabled_events")] or None
    try:
        endpoint = call.state.dispatcher.add_endpoint(url, p.string("secret"), events)
    except ValueError as exc:
        raise invalid(str(exc), param="url") from exc
    return endpoint.describe()


ROUTES = [
    Route("GET", "/v1/events", list_, "EventListParams"),
    Route("GET", "/v1/events/{id}", retrieve, "EventRetrieveParams"),
    Route("GET", "/_local/events", local_events, auth=False),
    Route("POST", "/_local/events/{id}/resend", local_resend, auth=False),
    Route("GET", "/_local/webhook_endpoints", local_endpoints, auth=False),
    Route("POST", "/_local/webhook_endpoints", local_add_endpoint, auth=False),
]
