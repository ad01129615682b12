"""What the local cloud keeps across a restart, in `<state dir>/data/`: every DynamoDB table of the template
(moto keeps nothing when its server stops), the objects of the template's S3 buckets (uploads, resized
photos; restored without notifications) and the local Stripe's objects. Saved when the cloud stops
(SIGINT or SIGTERM, after the servers stopped taking requests), and every few seconds while it runs so that
a crash loses little; restored at boot before anything is served. Step Functions executions are not saved:
the reconciler restarts (or ends) active readings whose loop is gone, as after any lost execution."""

from __future__ import annotations

import base64
import hashlib
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
OBJECTS_DIR = "s3"
OBJECTS_FILE = "s3.json"  # "<bucket>/<key>" -> bucket, key, etag, content type, file (under OBJECTS_DIR)
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
        self.buckets: list[str] = []  # the template's buckets, once the local S3 made them
        self._saving = threading.Lock()  # the periodic save and the final one never interleave

    def clear(self) -> None:
        """`--fresh`: forget what an earlier run saved."""
        shutil.rmtree(self.dir, ignore_errors=True)

    def _client(self, service: str = "dynamodb") -> Any:
        import boto3

        return boto3.client(
            service,
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

    def restore_objects(self) -> int:
        """Puts the saved objects back into the (freshly created, empty) buckets; returns how many."""
        path = self.dir / OBJECTS_FILE
        if not path.exists():
            return 0
        try:
            saved: dict[str, dict[str, str]] = json.loads(path.read_text())
            s3 = self._client("s3")
            restored = [item for item in saved.values() if item["bucket"] in self.buckets]
            for item in restored:
                body = (self.dir / OBJECTS_DIR / item["file"]).read_bytes()
                s3.put_object(Bucket=item["bucket"], Key=item["key"], Body=body, ContentType=item["content_type"])
        except Exception as exc:
            raise RestoreFailed(f"{path} could not be restored ({exc}); `--fresh` starts empty") from None
        return len(restored)

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
        if self.buckets:
            self._save_objects()

    def _save_objects(self) -> None:
        """Only new or changed objects are downloaded (by ETag); the index is written after their files."""
        path, files = self.dir / OBJECTS_FILE, self.dir / OBJECTS_DIR
        files.mkdir(exist_ok=True)
        old: dict[str, dict[str, str]] = json.loads(path.read_text()) if path.exists() else {}
        new: dict[str, dict[str, str]] = {}
        s3 = self._client("s3")
        for bucket in self.buckets:
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for listed in page.get("Contents", []):
                    name = f"{bucket}/{listed['Key']}"
                    known = old.get(name)
                    if known and known["etag"] == listed["ETag"] and (files / known["file"]).exists():
                        new[name] = known
                        continue
                    got = s3.get_object(Bucket=bucket, Key=listed["Key"])
                    file = hashlib.sha256(name.encode()).hexdigest()
                    tmp = files / f".{file}.tmp"
                    tmp.write_bytes(got["Body"].read())
                    tmp.replace(files / file)
                    new[name] = {
                        "bucket": bucket,
                        "key": listed["Key"],
                        "etag": listed["ETag"],
                        "content_type": got.get("ContentType") or "binary/octet-stream",
                        "file": file,
                    }
        _write_json(path, new)
        for name in old.keys() - new.keys():
            (files / old[name]["file"]).unlink(missing_ok=True)
