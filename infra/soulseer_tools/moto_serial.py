"""Serialize moto's DynamoDB request handling, and make its transactions cost what they touch.

Moto's in-memory DynamoDB is not thread-safe: a TransactWriteItems deep-copies tables while another
thread writes them. Real DynamoDB serializes conflicting writes per item; a process-wide lock around
moto's handler gives the same guarantee locally, while our code (threads, retries) stays concurrent.

Moto backs up a transaction by deep-copying every table it touches, once per item: a transaction's cost
grows with the tables (the ledger grows by a few items every billed minute), so 50 readings billing on
the local cloud spent most of their time copying ledgers and fell seconds behind. Under the lock nothing
else writes meanwhile, so a backup of just the items the transaction names restores the same state."""

from __future__ import annotations

import copy
import threading
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

_lock = threading.RLock()
_original = DynamoHandler.call_action
_original_transact = DynamoDBBackend.transact_write_items
_items_only = threading.local()


def _serialized_call_action(self: DynamoHandler, *args: Any, **kwargs: Any) -> Any:
    with _lock:
        return _original(self, *args, **kwargs)


class _CopyWithoutTables:
    """`copy` for moto's DynamoDB models: a table is not copied during `_transact_write_items` (whose
    item backup replaces moto's table backup); everything else is as `copy` does it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        if isinstance(value, Table) and getattr(_items_only, "active", False):
            return value
        return copy.deepcopy(value, memo)


def _key(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any] | None:
    if op_type != "Put":
        return op.get("Key")
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def _backup(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], Any]]:
    """(table, key, the item's attributes before or None) for every item the transaction names."""
    saved = []
    for entry in transact_items:
        for op_type, op in entry.items():
            table_name = op.get("TableName") if isinstance(op, dict) else None
            if not table_name or table_name not in backend.tables:
                continue
            try:
                key = _key(backend, op_type, op)
                item = backend.get_item(table_name, key) if key else None
            except Exception:  # a malformed operation: moto refuses it before writing anything
                continue
            if key:
                saved.append((table_name, key, copy.deepcopy(item.to_json()["Attributes"]) if item else None))
    return saved


def _restore(backend: DynamoDBBackend, saved: list[tuple[str, dict[str, Any], Any]]) -> None:
    for table_name, key, attributes in reversed(saved):
        if attributes is None:
            if backend.get_item(table_name, key) is not None:
                backend.delete_item(table_name, key)
        else:
            backend.put_item(table_name, attributes)


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    with _lock:
        saved = _backup(self, transact_items)
        _items_only.active = True
        try:
            _original_transact(self, transact_items)
        except Exception:
            _items_only.active = False
            _restore(self, saved)
            raise
        finally:
            _items_only.active = False


def serialize_moto_dynamodb() -> None:
    DynamoHandler.call_action = _serialized_call_action  # type: ignore[method-assign]
    dynamodb_models.copy = _CopyWithoutTables()  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
