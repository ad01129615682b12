"""The local S3: moto's S3 behind a front that does what moto does not and S3 does.

- Browser POST uploads (presigned POST forms) are checked as S3 checks them: the SigV4 signature of the
  policy, its expiry, and every condition (exact fields, `starts-with`, `content-length-range`); every form
  field must be covered by a condition. A refused form stores nothing and answers S3's XML error (400
  EntityTooLarge / EntityTooSmall, 403 AccessDenied / SignatureDoesNotMatch).
- A presigned GET is refused once expired or when its signature does not match (403), as S3 refuses it.
- A stored object under a bucket's notification filter invokes its function with an S3 event record,
  asynchronously, as S3 notifications do.
- The bucket's CORS rule is applied to browser requests.
Everything else is proxied to moto unchanged.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote

from aiohttp import ClientSession, web

from soulseer_tools.localcloud.intrinsics import REGION
from soulseer_tools.localcloud.read_buckets import Bucket

log = logging.getLogger("soulseer.localcloud")
Invoke = Callable[[str, dict[str, Any]], Any]
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}
_UNCHECKED = {"policy", "x-amz-signature", "file", "signature", "awsaccesskeyid"}


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self, headers: dict[str, str]) -> web.Response:
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{self.code}</Code><Message>{self.message}</Message></Error>"
        )
        return web.Response(status=self.status, text=body, content_type="application/xml", headers=headers)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret: str, date: str, region: str, service: str = "s3") -> bytes:
    return _hmac(_hmac(_hmac(_hmac(f"AWS4{secret}".encode(), date), region), service), "aws4_request")


@dataclass(frozen=True)
class Form:
    fields: dict[str, str]  # names lower-cased
    file: bytes
    filename: str | None


def check_policy(form: Form, bucket: str, secret: str, now: float | None = None) -> dict[str, Any]:
    """Raises Refused unless the form's policy is signed with `secret`, unexpired, and satisfied."""
    fields = form.fields
    try:
        policy = json.loads(base64.b64decode(fields["policy"], validate=True))
        credential = fields["x-amz-credential"].split("/")
        date, region, service = credential[1], credential[2], credential[3]
    except (KeyError, IndexError, ValueError, binascii.Error):
        raise Refused(403, "AccessDenied", "The form has no valid SigV4 policy.") from None
    expected = hmac.new(signing_key(secret, date, region, service), fields["policy"].encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), fields.get("x-amz-signature", "")):
        raise Refused(403, "SignatureDoesNotMatch", "The policy's signature does not match.")
    expires = datetime.fromisoformat(str(policy.get("expiration", "")).replace("Z", "+00:00"))
    if expires.timestamp() < (time.time() if now is None else now):
        raise Refused(403, "AccessDenied", "Invalid according to Policy: Policy expired.")
    covered = {"bucket"}
    values = {**fields, "bucket": bucket}
    for condition in policy.get("conditions", []):
        if isinstance(condition, dict):
            ((name, value),) = condition.items()
            name = name.lower()
            covered.add(name)
            if values.get(name) != value:
                raise Refused(403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {name}")
            continue
        operator, *args = condition
        if operator == "content-length-range":
            low, high = int(args[0]), int(args[1])
            if len(form.file) > high:
                raise Refused(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
            if len(form.file) < low:
                raise Refused(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
            continue
        name = str(args[0]).lstrip("$").lower()
        covered.add(name)
        actual = values.get(name, "")
        if (operator == "eq" and actual != args[1]) or (operator == "starts-with" and not actual.startswith(args[1])):
            raise Refused(403, "AccessDenied", f"Invalid according to Policy: Policy Condition failed: {name}")
    extra = {n for n in fields if n not in covered and n not in _UNCHECKED and not n.startswith("x-ignore-")}
    if extra:
        raise Refused(403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {sorted(extra)}")
    return policy


def check_presigned_get(
    method: str, raw_path: str, query: str, host: str, secret: str, now: float | None = None
) -> None:
    """A SigV4 query-signed request (presigned URL): refused when expired or its signature is wrong."""
    params = parse_qsl(query, keep_blank_values=True)
    found = dict(params)
    try:
        stamp = datetime.strptime(found["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        lifetime = int(found["X-Amz-Expires"])
        _, date, region, service, _ = found["X-Amz-Credential"].split("/")
    except (KeyError, ValueError):
        raise Refused(403, "AccessDenied", "The presigned URL is malformed.") from None
    if stamp.timestamp() + lifetime < (time.time() if now is None else now):
        raise Refused(403, "AccessDenied", "Request has expired")
    canonical_query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(params) if k != "X-Amz-Signature"
    )
    signed = found.get("X-Amz-SignedHeaders", "host")
    if signed != "host":
        return  # only host-signed URLs are made here; anything else is left to moto
    canonical = "\n".join([method, raw_path, canonical_query, f"host:{host}\n", "host", "UNSIGNED-PAYLOAD"])
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", found["X-Amz-Date"], scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    expected = hmac.new(signing_key(secret, date, region, service), to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, found.get("X-Amz-Signature", "")):
        raise Refused(403, "SignatureDoesNotMatch", "The request signature we calculated does not match.")


def s3_event(bucket: str, key: str, size: int, etag: str, event_name: str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": REGION,
                "eventTime": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                "eventName": event_name,
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": quote(key, safe="/"), "size": size, "eTag": etag.strip('"')},
                },
            }
        ]
    }


class S3Front:
    """`buckets` by name; `invoke(function_id, event)` runs a function (blocking: called in a thread)."""

    def __init__(self, moto_url: str, buckets: dict[str, Bucket], invoke: Invoke, secret: str) -> None:
        self.moto_url = moto_url.rstrip("/")
        self.buckets = buckets
        self.invoke = invoke
        self.secret = secret
        self._session: ClientSession | None = None
        self._pending: set[asyncio.Task[Any]] = set()

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_cleanup.append(self._close)
        return app

    async def _close(self, _: web.Application) -> None:
        if self._pending:
            await asyncio.wait(self._pending, timeout=5)
        if self._session is not None:
            await self._session.close()

    def _bucket(self, request: web.Request) -> Bucket | None:
        return self.buckets.get(request.path.lstrip("/").split("/", 1)[0])

    def _cors(self, request: web.Request, bucket: Bucket | None) -> dict[str, str]:
        origin = request.headers.get("Origin")
        if not origin or bucket is None or origin not in bucket.cors_origins:
            return {}
        return {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": ", ".join(bucket.cors_methods),
            "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers", "*"),
            "Access-Control-Expose-Headers": "ETag, Location",
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }

    async def handle(self, request: web.Request) -> web.StreamResponse:
        bucket = self._bucket(request)
        cors = self._cors(request, bucket)
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            allowed = cors and request.headers["Access-Control-Request-Method"] in bucket.cors_methods  # type: ignore[union-attr]
            return web.Response(status=200 if allowed else 403, headers=cors)
        try:
            if request.method == "POST" and bucket is not None and "/" not in request.path.strip("/"):
                return await self._post_object(request, bucket, cors)
            if request.method in ("GET", "HEAD") and "X-Amz-Signature" in request.query:
                check_presigned_get(
                    request.method, request.raw_path.split("?", 1)[0], request.query_string, request.host, self.secret
                )
        except Refused as refused:
            log.info("S3 %s %s -> %d %s", request.method, request.path, refused.status, refused.code)
            return refused.response(cors)
        response = await self._proxy(request, cors)
        if (
            request.method == "PUT"
            and bucket is not None
            and response.status == 200
            and "x-amz-copy-source" not in {h.lower() for h in request.headers}
        ):
            key = request.path.lstrip("/").split("/", 1)[1] if "/" in request.path.lstrip("/") else ""
            self._notify(bucket, key, int(request.headers.get("Content-Length") or 0), response.headers.get("ETag", ""),
                         "ObjectCreated:Put")  # fmt: skip
        return response

    async def _post_object(self, request: web.Request, bucket: Bucket, cors: dict[str, str]) -> web.Response:
        form = await self._read_form(request)
        check_policy(form, bucket.name, self.secret)
        key = form.fields["key"].replace("${filename}", form.filename or "")
        headers = {"Content-Type": form.fields.get("content-type", "binary/octet-stream")}
        headers |= {name: value for name, value in form.fields.items() if name.startswith("x-amz-meta-")}
        session = await self._client()
        async with session.put(f"{self.moto_url}/{bucket.name}/{quote(key, safe='/')}", data=form.file,
                               headers=headers) as stored:  # fmt: skip
            if stored.status != 200:
                return web.Response(status=stored.status, body=await stored.read(), headers=cors)
            etag = stored.headers.get("ETag", "")
        self._notify(bucket, key, len(form.file), etag, "ObjectCreated:Post")
        log.info("S3 POST %s (%d bytes) stored", key, len(form.file))
        status = int(form.fields.get("success_action_status") or 204)
        location = f"{request.scheme}://{request.host}/{bucket.name}/{quote(key, safe='/')}"
        return web.Response(status=status if status in (200, 201, 204) else 204,
                            headers={**cors, "ETag": etag, "Location": location})  # fmt: skip

    async def _read_form(self, request: web.Request) -> Form:
        if not request.content_type.startswith("multipart/form-data"):
            raise Refused(412, "PreconditionFailed", "A POST upload is multipart/form-data.")
        reader = await request.multipart()
        fields: dict[str, str] = {}
        while (part := await reader.next()) is not None:
            name = (part.name or "").lower()  # type: ignore[union-attr]
            if name == "file":
                data = await part.read()  # type: ignore[union-attr]
                return Form(fields, bytes(data), part.filename)  # type: ignore[union-attr]
            fields[name] = await part.text()  # type: ignore[union-attr]
        raise Refused(400, "InvalidArgument", "POST requires exactly one file upload per request.")

    def _notify(self, bucket: Bucket, key: str, size: int, etag: str, event_name: str) -> None:
        for notification in bucket.notifications:
            if notification.matches(event_name, key):
                event = s3_event(bucket.name, key, size, etag, event_name)
                task = asyncio.get_running_loop().create_task(self._deliver(notification.function_id, event))
                self._pending.add(task)
                task.add_done_callback(self._pending.discard)

    async def _deliver(self, function_id: str, event: dict[str, Any]) -> None:
        try:
            await asyncio.to_thread(self.invoke, function_id, event)
            log.info("S3 notification -> %s done", function_id)
        except Exception:
            log.exception("%s failed on an S3 notification", function_id)

    async def _client(self) -> ClientSession:
        if self._session is None:
            self._session = ClientSession(auto_decompress=False)
        return self._session

    async def _proxy(self, request: web.Request, cors: dict[str, str]) -> web.Response:
        session = await self._client()
        headers = {name: value for name, value in request.headers.items() if name.lower() not in _HOP}
        body = await request.read()
        url = self.moto_url + request.raw_path
        async with session.request(request.method, url, headers=headers, data=body or None,
                                   allow_redirects=False) as answer:  # fmt: skip
            data = await answer.read()
            out = {name: value for name, value in answer.headers.items() if name.lower() not in _HOP}
            return web.Response(status=answer.status, body=data if request.method != "HEAD" else None,
                                headers={**out, **cors})  # fmt: skip


def media_bucket(template: Any) -> str | None:
    """The bucket the web distribution serves at /media/* (its origin's `RegionalDomainName` GetAtt)."""
    for resource in template.resources_of("AWS::CloudFront::Distribution").values():
        config = (resource.get("Properties") or {}).get("DistributionConfig") or {}
        behaviors = {b.get("PathPattern"): b.get("TargetOriginId") for b in config.get("CacheBehaviors") or []}
        origin_id = behaviors.get("/media/*")
        for origin in config.get("Origins") or []:
            target = (origin.get("DomainName") or {}).get("Fn::GetAtt") if origin.get("Id") == origin_id else None
            if target:
                logical_id = target[0] if isinstance(target, list) else str(target).split(".")[0]
                return str(template.resolver.physical_name(logical_id))
    return None


class LocalS3:
    """The S3 front on a loopback port of its own, the buckets it fronts, and what the web app serves at
    /media/*. The functions reach S3 through it (AWS_ENDPOINT_URL_S3), so their presigned URLs point here."""

    def __init__(self, template: Any, host: str, port: int = 0) -> None:
        import socket

        from soulseer_tools.localcloud.read_buckets import read_buckets

        self.buckets = {b.name: b for b in read_buckets(template).values() if b.name == b.name.lower()}
        self.media_bucket = media_bucket(template)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.url = f"http://{host}:{self.socket.getsockname()[1]}"
        self._reader: Any = None

    def env(self) -> dict[str, str]:
        return {"AWS_ENDPOINT_URL_S3": self.url}

    def create_buckets(self, moto_url: str) -> None:
        import boto3

        s3 = boto3.client("s3", endpoint_url=moto_url, region_name=REGION,
                          aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
        existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
        for name in self.buckets:
            if name not in existing:
                s3.create_bucket(Bucket=name)

    async def start(self, moto_url: str, invoke: Invoke, secret: str) -> web.AppRunner:
        self.front = S3Front(moto_url, self.buckets, invoke, secret)
        self.moto_url = moto_url
        runner = web.AppRunner(self.front.app(), access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        await web.SockSite(runner, self.socket).start()
        return runner

    async def media(self, key: str) -> tuple[bytes, str] | None:
        """A processed image for /media/<key> (the key under the media bucket, `media/` included), read as
        CloudFront's origin access reads it: signed (moto refuses an anonymous read of a private object)."""
        if self.media_bucket is None or not key.startswith("media/") or ".." in key:
            return None
        return await asyncio.to_thread(self._read, self.media_bucket, key)

    def _read(self, bucket: str, key: str) -> tuple[bytes, str] | None:
        import boto3
        from botocore.exceptions import ClientError

        if self._reader is None:
            self._reader = boto3.client("s3", endpoint_url=self.moto_url, region_name=REGION,
                                        aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
        try:
            found = self._reader.get_object(Bucket=bucket, Key=key)
        except ClientError:
            return None
        return found["Body"].read(), str(found.get("ContentType") or "application/octet-stream")
