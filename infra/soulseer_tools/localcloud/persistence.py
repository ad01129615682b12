"""What the local cloud keeps across a restart, in `<state dir>/data/`: every DynamoDB table of the template
(moto keeps nothing when its server stops) and the local Stripe's objects. Saved when the cloud stops
(SIGINT or SIGTERM, after the servers stopped taking requests), and every few seconds while it runs so that
a crash loses little; restored at boot before anything is served. Step Functions executions are not saved:
the reconciler restarts (or ends) active readings whose loop is gone, as after any lost execution."""

from __future__ import annotations

import base64
import json
import logging
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from soulseer_tools.localcloud.intrinsics import REGION
from soulseer_tools.localstripe.store import Store

DATA_DIR = "data"
TABLES_FILE = "dynamodb.json"
STRIPE_FILE = "stripe.json"
SAVE_INTERVAL_SECONDS = 10.0
_BATCH = 25  # BatchWriteItem's limit
log = logging.getLogger("soulseer.localcloud")


class RestoreFailed(RuntimeError):
    """The saved data does not fit (a damaged file, or a table whose keys changed in the template)."""


def _encode(value: Any) -> Any:
    """Low-level DynamoDB JSON with binary values (`B`, `BS`) as base64, and back with `_decode`."""
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$base64"}:
            return base64.b64decode(value["$base64"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")))
    tmp.replace(path)  # atomic: a reader (or a crash) sees the old file or the new one


class Persistence:
    def __init__(self, state_dir: Path, moto_url: str, table_names: Iterable[str]) -> None:
        self.dir = state_dir / DATA_DIR
        self.moto_url = moto_url
        self.table_names = list(table_names)
        self._saving = threading.Lock()  # the periodic save and the final one never interleave

    def clear(self) -> None:
        """`--fresh`: forget what an earlier run saved."""
        shutil.rmtree(self.dir, ignore_errors=True)

    def _client(self) -> Any:
        import boto3

        return boto3.client(
            "dynamodb",
            endpoint_url=self.moto_url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def restore_tables(self) -> int:
        """Puts the saved items back into the (freshly created, empty) tables; returns how many."""
        path = self.dir / TABLES_FILE
        if not path.exists():
            return 0
        try:
            return self._restore_tables(path)
        except Exception as exc:
            raise RestoreFailed(f"{path} could not be restored ({exc}); `--fresh` starts empty") from None

    def _restore_tables(self, path: Path) -> int:
        saved: dict[str, list[dict[str, Any]]] = _decode(json.loads(path.read_text()))["tables"]
        client = self._client()
        restored = 0
        for name in self.table_names:
            items = saved.get(name, [])
            for start in range(0, len(items), _BATCH):
                pending = {name: [{"PutRequest": {"Item": item}} for item in items[start : start + _BATCH]]}
                while pending:
                    pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            restored += len(items)
        return restored

    def load_stripe(self) -> Store | None:
        path = self.dir / STRIPE_FILE
        if not path.exists():
            return None
        try:
            return Store.load(json.loads(path.read_text()))
        except Exception as exc:
            raise RestoreFailed(f"{path} could not be restored ({exc}); `--fresh` starts empty") from None

    def save(self, stripe: Store | None) -> None:
        """Every table's items and the local Stripe's state, each file replaced atomically."""
        with self._saving:
            self._save(stripe)

    def _save(self, stripe: Store | None) -> None:
        client = self._client()
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in self.table_names:
            items: list[dict[str, Any]] = []
            for page in client.get_paginator("scan").paginate(TableName=name, ConsistentRead=True):
                items += page.get("Items", [])
            tables[name] = items
        self.dir.mkdir(parents=True, exist_ok=True)
        _write_json(self.dir / TABLES_FILE, _encode({"tables": tables}))
        if stripe is not None:
            _write_json(self.dir / STRIPE_FILE, stripe.dump())
