"""AWS calls counted with a botocore event hook on every client (boto3's and PynamoDB's alike).

`install()` appends a `before-parameter-build` handler to botocore's built-in handlers, so every session
created afterwards (boto3 clients, PynamoDB connections) reports each API call once (retries are not
new calls). `counting()` collects the calls made while it is open, with the request units DynamoDB
bills for them (items assumed under 1 KB to write and 4 KB to read, as ours are)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import botocore.handlers

_lock = threading.Lock()
_active: list[Calls] = []
_installed = False


@dataclass
class Call:
    service: str
    operation: str
    read_units: float = 0.0
    write_units: float = 0.0


@dataclass
class Calls:
    calls: list[Call] = field(default_factory=list)

    def of(self, service: str) -> list[Call]:
        return [call for call in self.calls if call.service == service]

    @property
    def dynamodb(self) -> int:
        return len(self.of("dynamodb"))

    def by_operation(self) -> dict[str, int]:
        return dict(Counter(f"{call.service}.{call.operation}" for call in self.calls))

    @property
    def read_units(self) -> float:
        return sum(call.read_units for call in self.calls)

    @property
    def write_units(self) -> float:
        return sum(call.write_units for call in self.calls)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dynamodb_calls": self.dynamodb,
            "other_calls": len(self.calls) - self.dynamodb,
            "by_operation": self.by_operation(),
            "dynamodb_read_units": self.read_units,
            "dynamodb_write_units": self.write_units,
        }


def units(operation: str, params: dict[str, Any]) -> tuple[float, float]:
    """(read units, write units) DynamoDB on-demand bills for one call on small items."""
    consistent = bool(params.get("ConsistentRead"))
    if operation == "GetItem":
        return (1.0 if consistent else 0.5), 0.0
    if operation in ("Query", "Scan"):
        return (1.0 if consistent else 0.5), 0.0  # one 4 KB page of small items
    if operation == "BatchGetItem":
        keys = sum(len(spec.get("Keys", [])) for spec in params.get("RequestItems", {}).values())
        return keys * 1.0, 0.0
    if operation == "TransactGetItems":
        return 2.0 * len(params.get("TransactItems", [])), 0.0
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        return 0.0, 1.0
    if operation == "BatchWriteItem":
        return 0.0, float(sum(len(items) for items in params.get("RequestItems", {}).values()))
    if operation == "TransactWriteItems":
        items = params.get("TransactItems", [])
        writes = [item for item in items if "ConditionCheck" not in item]
        return 2.0 * (len(items) - len(writes)), 2.0 * len(writes)
    return 0.0, 0.0


def _on_call(params: dict[str, Any], model: Any, event_name: str = "", **_: Any) -> None:
    if not _active:
        return
    service = event_name.split(".")[1] if event_name.count(".") >= 2 else "?"
    operation = model.name
    read, write = units(operation, params) if service == "dynamodb" else (0.0, 0.0)
    with _lock:
        for calls in _active:
            calls.calls.append(Call(service, operation, read, write))


def install() -> None:
    """Before any AWS client exists (clients made earlier would not report)."""
    global _installed
    if not _installed:
        botocore.handlers.BUILTIN_HANDLERS.append(("before-parameter-build.*.*", _on_call))
        _installed = True


@contextmanager
def counting() -> Iterator[Calls]:
    calls = Calls()
    with _lock:
        _active.append(calls)
    try:
        yield calls
    finally:
        with _lock:
            _active.remove(calls)
