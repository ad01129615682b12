"""The in-memory state of the local Stripe: objects by id, events, idempotency records.

Every read and write happens under `Store.lock` (a re-entrant thread lock): request handlers run
their whole read-modify-write under it, and tests in another thread may inspect the state safely.
"""

from __future__ import annotations

import contextvars
import copy
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import missing
from .ids import new_id, now

# What the API request being handled is: events record it as `request: {id, idempotency_key}`.
CURRENT_REQUEST: contextvars.ContextVar[dict[str, str | None] | None] = contextvars.ContextVar(
    "localstripe_request", default=None
)

# How error messages name each kind of object ("No such payment_intent: 'pi_123'").
KIND_NAMES = {
    "account": "account",
    "charge": "charge",
    "customer": "customer",
    "dispute": "dispute",
    "event": "event",
    "payment_intent": "payment_intent",
    "price": "price",
    "product": "product",
    "refund": "refund",
    "transfer": "transfer",
}

EventListener = Callable[[dict[str, Any]], None]


@dataclass
class IdempotencyRecord:
    """The first response to a request carrying an Idempotency-Key, replayed byte for byte."""

    method: str
    path: str
    params: dict[str, Any]
    status: int
    body: str


@dataclass
class Store:
    api_version: str
    lock: threading.RLock = field(default_factory=threading.RLock)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: dict[str, list[str]] = field(default_factory=dict)
    deliveries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], IdempotencyRecord] = field(default_factory=dict)
    account_links: dict[str, dict[str, Any]] = field(default_factory=dict)
    listeners: list[EventListener] = field(default_factory=list)

    def dump(self) -> dict[str, Any]:
        """What survives a restart of the local cloud (JSON-ready): objects, events, deliveries,
        idempotency records, account links; listeners are the running server's own."""
        with self.lock:
            return copy.deepcopy(
                {
                    "api_version": self.api_version,
                    "objects": self.objects,
                    "order": self.order,
                    "deliveries": self.deliveries,
                    "idempotency": [[key, value, asdict(record)] for (key, value), record in self.idempotency.items()],
                    "account_links": self.account_links,
                }
            )

    @classmethod
    def load(cls, data: dict[str, Any]) -> Store:
        """A store holding what `dump` saved."""
        return cls(
            api_version=str(data["api_version"]),
            objects=data["objects"],
            order=data["order"],
            deliveries=data["deliveries"],
            idempotency={(key, value): IdempotencyRecord(**record) for key, value, record in data["idempotency"]},
            account_links=data["account_links"],
        )

    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.objects[obj["id"]] = obj
            self.order.setdefault(obj["object"], []).append(obj["id"])
            return obj

    def find(self, object_id: str) -> dict[str, Any] | None:
        with self.lock:
            return self.objects.get(object_id)

    def get(self, kind: str, object_id: str, *, param: str = "id", status: int = 404) -> dict[str, Any]:
        """The object, or Stripe's resource_missing error (404 in the URL, 400 when named by a param)."""
        with self.lock:
            obj = self.objects.get(object_id)
            if obj is None or obj.get("object") != kind or obj.get("deleted"):
                raise missing(KIND_NAMES.get(kind, kind), object_id, param=param, status=status)
            return obj

    def all(self, kind: str) -> list[dict[str, Any]]:
        """Every object of a kind, newest first (Stripe's list order)."""
        with self.lock:
            ids = self.order.get(kind, [])
            return [self.objects[i] for i in reversed(ids) if not self.objects[i].get("deleted")]

    def emit(
        self, event_type: str, obj: dict[str, Any], previous_attributes: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Record an event whose data.object is a snapshot of `obj` and hand it to the listeners."""
        with self.lock:
            data: dict[str, Any] = {"object": copy.deepcopy(obj)}
            if previous_attributes:
                data["previous_attributes"] = copy.deepcopy(previous_attributes)
            request = CURRENT_REQUEST.get() or {"id": None, "idempotency_key": None}
            event: dict[str, Any] = {
                "id": new_id("evt"),
                "object": "event",
                "api_version": self.api_version,
                "created": now(),
                "data": data,
                "livemode": False,
                "pending_webhooks": 0,
                "request": dict(request),
                "type": event_type,
            }
            self.add(event)
            self.deliveries[event["id"]] = []
            for listener in list(self.listeners):
                listener(event)
            return event


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """`previous_attributes` for an update event: the old values of the top-level keys that changed."""
    return {k: copy.deepcopy(before.get(k)) for k in after if before.get(k) != after.get(k)}
