"""Serialize moto's DynamoDB request handling.

Moto's in-memory DynamoDB is not thread-safe: a TransactWriteItems deep-copies tables while another
thread writes them. Real DynamoDB serializes conflicting writes per item; a process-wide lock around
moto's handler gives the same guarantee locally, while our code (threads, retries) stays concurrent."""

from __future__ import annotations

import threading
from typing import Any

from moto.dynamodb.responses import DynamoHandler

_lock = threading.RLock()
_original = DynamoHandler.call_action


def _serialized_call_action(self: DynamoHandler, *args: Any, **kwargs: Any) -> Any:
    with _lock:
        return _original(self, *args, **kwargs)


def serialize_moto_dynamodb() -> None:
    DynamoHandler.call_action = _serialized_call_action  # type: ignore[method-assign]
