"""Publishing the built web app to a stage's bucket (boto3, so it runs the same against moto in tests).

Hashed assets are immutable and kept (a page still open may load an older one); everything else is
`no-cache` and replaced, and objects the build no longer has are deleted. Then the distribution is
invalidated. `empty` clears the bucket before the stack is deleted (CloudFormation cannot delete a
non-empty bucket)."""

from __future__ import annotations

import json
import mimetypes
import time
from pathlib import Path
from typing import Any

from soulseer_tools.deploy.webconfig import web_config

NO_CACHE = "no-cache, max-age=0"
IMMUTABLE = "public, max-age=31536000, immutable"
ASSETS = "assets/"


def write_config(dist: Path, outputs: dict[str, str]) -> Path:
    path = dist / "config.json"
    path.write_text(json.dumps(web_config(outputs), indent=2) + "\n", encoding="utf-8")
    return path


def _keys(s3: Any, bucket: str) -> list[str]:
    keys: list[str] = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return keys


def upload(s3: Any, bucket: str, dist: Path) -> list[str]:
    """Uploads every file of `dist`; deletes what is gone (but old hashed assets). Returns the keys written."""
    written = []
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        key = path.relative_to(dist).as_posix()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache = IMMUTABLE if key.startswith(ASSETS) else NO_CACHE
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=content_type, CacheControl=cache)
        written.append(key)
    stale = [k for k in _keys(s3, bucket) if k not in written and not k.startswith(ASSETS)]
    for start in range(0, len(stale), 1000):
        batch = [{"Key": key} for key in stale[start : start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
    return written


def invalidate(cloudfront: Any, distribution_id: str) -> str:
    batch = {"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": f"soulseer-{time.time_ns()}"}
    answer = cloudfront.create_invalidation(DistributionId=distribution_id, InvalidationBatch=batch)
    return str(answer["Invalidation"]["Id"])


def empty(s3: Any, bucket: str) -> int:
    """Deletes every object (and version) of the bucket; returns how many."""
    removed = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        items = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in page.get("Versions", [])]
        items += [{"Key": m["Key"], "VersionId": m["VersionId"]} for m in page.get("DeleteMarkers", [])]
        if items:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": items, "Quiet": True})
            removed += len(items)
    return removed
