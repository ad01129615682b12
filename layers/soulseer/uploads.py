"""Uploads: a reader's photo, a product's image, a digital product's file. The browser posts the file
straight to S3 with a presigned POST whose policy fixes the key, the Content-Type and the size range, so
S3 itself refuses anything else; the bucket's notification runs the media function on each new object,
which resizes images into fixed sizes under `media/` (served by CloudFront) and records the result.
Nothing is ever fetched from an address a user gives."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from soulseer.adapters import aws
from soulseer.config import MediaSettings, settings_for
from soulseer.errors import DomainError, ErrorCode

if TYPE_CHECKING:  # the API's answer (it imports `Purpose` from here); the media function never presigns
    from soulseer.schemas.uploads import UploadView

Purpose = Literal["reader-photo", "product-image", "product-file"]
UPLOAD_PREFIX = "uploads/"
POST_TTL_SECONDS = 600
DOWNLOAD_TTL_SECONDS = 300
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
FILE_TYPES = ("application/pdf", "application/epub+zip", "application/zip", "audio/mpeg", *IMAGE_TYPES)
USER_META = "x-amz-meta-user"  # the uploader, told when the upload is processed


@dataclass(frozen=True)
class Rule:
    types: tuple[str, ...]
    max_bytes: int


RULES: dict[str, Rule] = {
    "reader-photo": Rule(IMAGE_TYPES, 8 * 1024 * 1024),
    "product-image": Rule(IMAGE_TYPES, 8 * 1024 * 1024),
    "product-file": Rule(FILE_TYPES, 50 * 1024 * 1024),
}


@dataclass(frozen=True)
class UploadKey:
    """`uploads/<purpose>/<owner>/<upload id>`: the owner is the reader (photo) or the product."""

    purpose: str
    owner_id: str
    upload_id: str

    @property
    def product_id(self) -> str:
        return self.owner_id

    @property
    def key(self) -> str:
        return f"{UPLOAD_PREFIX}{self.purpose}/{self.owner_id}/{self.upload_id}"

    @classmethod
    def parse(cls, key: str) -> UploadKey | None:
        parts = key.removeprefix(UPLOAD_PREFIX).split("/") if key.startswith(UPLOAD_PREFIX) else []
        if len(parts) != 3 or parts[0] not in RULES or not all(parts):
            return None
        return cls(*parts)


@lru_cache(maxsize=2)
def _s3(endpoint: str | None) -> Any:
    """Path-style SigV4 (what presigned POSTs need everywhere); one client per endpoint (tests change it)."""
    from botocore.config import Config

    return aws.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))


def s3() -> Any:
    return _s3(os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL"))


def bucket() -> str:
    return settings_for(MediaSettings).MEDIA_BUCKET


def check(purpose: str, content_type: str, size: int) -> Rule:
    rule = RULES[purpose]
    if content_type not in rule.types:
        raise DomainError(
            ErrorCode.UNSUPPORTED_TYPE,
            f"A {purpose} must be one of {', '.join(rule.types)}.",
            details={"allowed": list(rule.types)},
        )
    if not 1 <= size <= rule.max_bytes:
        raise DomainError(
            ErrorCode.FILE_TOO_LARGE,
            f"A {purpose} is at most {rule.max_bytes // (1024 * 1024)} MB.",
            details={"max_bytes": rule.max_bytes},
        )
    return rule


def presign(purpose: Purpose, owner_id: str, user_id: str, content_type: str, size: int) -> UploadView:
    """A presigned POST for one object: this key, this Content-Type, between 1 and `size` bytes."""
    from soulseer.schemas.uploads import UploadView

    check(purpose, content_type, size)
    target = UploadKey(purpose, owner_id, f"upl_{uuid.uuid4().hex}")
    post = s3().generate_presigned_post(
        bucket(),
        target.key,
        Fields={"Content-Type": content_type, USER_META: user_id},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, size], {USER_META: user_id}],
        ExpiresIn=POST_TTL_SECONDS,
    )
    return UploadView(
        upload_id=target.upload_id,
        purpose=purpose,
        url=post["url"],
        fields=post["fields"],
        max_bytes=size,
        expires_at=int(time.time()) + POST_TTL_SECONDS,
    )


def owner_for(purpose: str, user_id: str, role: str, product_id: str | None) -> str:
    """Whose upload this is: a reader's own photo, or a product its caller sells (admins: the platform's)."""
    if purpose == "reader-photo":
        if role != "reader":
            raise DomainError(ErrorCode.FORBIDDEN, "Only readers upload a profile photo.")
        return user_id
    if not product_id:
        raise DomainError(ErrorCode.PRODUCT_REQUIRED)
    from soulseer.products.catalog import PLATFORM, load

    product = load(product_id)
    if product.owner_id != user_id and not (role == "admin" and product.owner_id == PLATFORM):
        raise DomainError(ErrorCode.FORBIDDEN, "Only the product's seller can upload for it.")
    if purpose == "product-file" and product.kind != "digital":
        raise DomainError(ErrorCode.NOT_DIGITAL)
    return product_id


def download_url(key: str, filename: str) -> str:
    """A short-lived link to a private object, saved under `filename`."""
    safe = "".join(c for c in filename if c.isalnum() or c in " ._-")[:80] or "download"
    url: str = s3().generate_presigned_url(
        "get_object",
        Params={"Bucket": bucket(), "Key": key, "ResponseContentDisposition": f'attachment; filename="{safe}"'},
        ExpiresIn=DOWNLOAD_TTL_SECONDS,
    )
    return url


def require_object(key: str) -> dict[str, Any]:
    try:
        head: dict[str, Any] = s3().head_object(Bucket=bucket(), Key=key)
    except Exception:
        raise DomainError(ErrorCode.FILE_NOT_FOUND) from None
    return head


class UploadProcessed(TypedDict):
    """To the uploader's open tabs: the upload became a photo, an image or a file on `item` (the reader's
    profile or the product, as the API shows them; null when the reader has no profile)."""

    event: Literal["upload-processed"]
    upload_id: str
    purpose: str
    item: dict[str, Any] | None


def processed(upload: UploadKey, user_id: str | None, *, content_type: str | None = None) -> UploadProcessed:
    """The media function stored an upload's result: it becomes the photo, the image or the file, and the
    uploader's open tabs hear `upload-processed`. Returns that event."""
    from soulseer import presence, readers
    from soulseer.products import catalog

    if upload.purpose == "reader-photo":
        readers.set_photo(upload.owner_id, upload.upload_id)
        profile = readers.find_profile(upload.owner_id)
        view: Any = profile.model_dump(mode="json") if profile else None
    elif upload.purpose == "product-image":
        view = catalog.set_image(upload.product_id, upload.upload_id).model_dump(mode="json")
    else:
        product = catalog.set_file(upload.product_id, upload.key, content_type or "application/octet-stream")
        view = product.model_dump(mode="json")
    event: UploadProcessed = {
        "event": "upload-processed",
        "upload_id": upload.upload_id,
        "purpose": upload.purpose,
        "item": view,
    }
    if user_id:
        presence.push_to_user(user_id, event)
    return event


def failed(upload: UploadKey, user_id: str | None, reason: str) -> None:
    from soulseer import presence

    if user_id:
        presence.push_to_user(
            user_id,
            {"event": "upload-failed", "upload_id": upload.upload_id, "purpose": upload.purpose, "reason": reason},
        )
