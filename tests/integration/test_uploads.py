"""Uploads: presigned POSTs whose policy fixes key, type and size (and who may upload what), and the media
function turning an upload into fixed WebP sizes without metadata, recorded on the reader or product and
told to the uploader's open tabs; what is not an image is deleted and reported."""

from __future__ import annotations

import base64
import io
import json
from typing import Any
from urllib.parse import quote_plus

import boto3
import pytest
from PIL import Image

from soulseer import readers
from soulseer.readings import room
from tests.conftest import TEST_ENV
from tests.support.apigw import LambdaContext, load_handler_module
from tests.support.readings import make_reader, pushed
from tests.support.streams import call

BUCKET = TEST_ENV["MEDIA_BUCKET"]
PRODUCT = {"name": "Moon deck", "description": "", "kind": "physical", "price_cents": 1500, "inventory": 5}


@pytest.fixture
def media(local_stripe: Any, api_module: Any) -> Any:
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    make_reader("r1")
    return api_module


def photo(width: int = 1200, height: int = 900, fmt: str = "JPEG") -> bytes:
    """A photo with EXIF (a camera model and GPS-like data) that must not survive processing."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "SecretCam 9000"  # Model
    exif[0x010E] = "home address"  # ImageDescription
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(buffer, fmt)
    return buffer.getvalue()


def presign(api: Any, user: tuple[str, str], **body: Any) -> tuple[int, Any]:
    return call(api, "POST", "/api/uploads", user, body=body)


def policy_of(form: dict[str, Any]) -> dict[str, Any]:
    return json.loads(base64.b64decode(form["fields"]["policy"]))


def upload(form: dict[str, Any], data: bytes, user_id: str) -> None:
    """What S3 stores for an accepted POST (the local cloud's S3 enforces the policy: tests/e2e)."""
    fields = form["fields"]
    boto3.client("s3").put_object(
        Bucket=BUCKET, Key=fields["key"], Body=data, ContentType=fields["Content-Type"], Metadata={"user": user_id}
    )
    event = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Post",
                          "s3": {"bucket": {"name": BUCKET}, "object": {"key": quote_plus(fields["key"]),
                                                                         "size": len(data)}}}]}  # fmt: skip
    load_handler_module("media").handler(event, LambdaContext(function_name="MediaFunction"))


def stored(key: str) -> bytes:
    return boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_a_readers_photo_policy_fixes_key_type_and_size(media) -> None:
    status, form = presign(media, ("r1", "reader"), purpose="reader-photo", content_type="image/jpeg", size=123_456)
    assert status == 200, form
    assert form["fields"]["key"] == f"uploads/reader-photo/r1/{form['upload_id']}"
    assert form["url"].endswith(f"/{BUCKET}") and form["max_bytes"] == 123_456
    conditions = policy_of(form)["conditions"]
    assert ["content-length-range", 1, 123_456] in conditions
    assert {"Content-Type": "image/jpeg"} in conditions and {"key": form["fields"]["key"]} in conditions
    assert {"bucket": BUCKET} in conditions and {"x-amz-meta-user": "r1"} in conditions


@pytest.mark.parametrize(
    ("user", "body", "status", "code"),
    [
        (("c1", "client"), {"purpose": "reader-photo", "content_type": "image/png", "size": 10}, 403, "forbidden"),
        (("r1", "reader"), {"purpose": "reader-photo", "content_type": "image/gif", "size": 10}, 400,
         "unsupported_type"),
        (("r1", "reader"), {"purpose": "reader-photo", "content_type": "text/html", "size": 10}, 400,
         "unsupported_type"),
        (("r1", "reader"), {"purpose": "reader-photo", "content_type": "image/png", "size": 9 * 1024 * 1024}, 400,
         "file_too_large"),
        (("r1", "reader"), {"purpose": "product-image", "content_type": "image/png", "size": 10}, 400,
         "product_required"),
        (("r1", "reader"), {"purpose": "reader-photo", "content_type": "image/png", "size": 0}, 400,
         "validation_failed"),
        (("r1", "reader"), {"purpose": "avatar-url", "content_type": "image/png", "size": 10}, 400,
         "validation_failed"),
        (("r1", "reader"), {"purpose": "reader-photo", "content_type": "image/png", "size": 10,
                            "url": "https://example.com/me.png"}, 400, "validation_failed"),
    ],
)  # fmt: skip
def test_refused_uploads_sign_nothing(media, user, body, status, code) -> None:
    answer, refused = presign(media, user, **body)
    assert (answer, refused["error"]["code"]) == (status, code), refused


def test_only_a_products_seller_uploads_for_it_and_files_only_for_digital_ones(media) -> None:
    status, product = call(media, "POST", "/api/products", ("r1", "reader"), body=PRODUCT)
    assert status == 200, product
    make_reader("r2")
    pid = product["product_id"]
    status, body = presign(media, ("r2", "reader"), purpose="product-image", product_id=pid,
                           content_type="image/png", size=10)  # fmt: skip
    assert status == 403
    status, body = presign(media, ("r1", "reader"), purpose="product-file", product_id=pid,
                           content_type="application/pdf", size=10)  # fmt: skip
    assert status == 400 and body["error"]["code"] == "not_digital"
    status, body = presign(media, ("r1", "reader"), purpose="product-image", product_id="nope",
                           content_type="image/png", size=10)  # fmt: skip
    assert status == 404


def test_a_photo_becomes_square_webp_sizes_without_metadata_and_shows_on_the_reader(media) -> None:
    room.connect("app-r1-tab", "r1", "reader")
    from soulseer import presence

    presence.connected("r1", "app-r1-tab", "reader")
    data = photo()
    _, form = presign(media, ("r1", "reader"), purpose="reader-photo", content_type="image/jpeg", size=len(data))
    upload(form, data, "r1")
    profile = readers.get_reader("r1").model_dump(mode="json")
    upload_id = form["upload_id"]
    assert profile["photo"] == {
        "small": f"/media/readers/r1/{upload_id}-96.webp",
        "medium": f"/media/readers/r1/{upload_id}-320.webp",
        "large": f"/media/readers/r1/{upload_id}-800.webp",
    }
    assert profile["avatar_url"] == profile["photo"]["medium"]
    for pixels in (96, 320, 800):
        body = stored(f"media/readers/r1/{upload_id}-{pixels}.webp")
        with Image.open(io.BytesIO(body)) as image:
            assert image.format == "WEBP" and image.size == (pixels, pixels)
            assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
        assert b"SecretCam" not in body and b"home address" not in body
    with pytest.raises(Exception, match=r"NoSuchKey|Not Found|404"):
        stored(form["fields"]["key"])  # the original, with its metadata, is gone
    events = [e for e in pushed("app-r1-tab") if e["event"] == "upload-processed"]
    assert [(e["upload_id"], e["purpose"], e["item"]["photo"]["small"]) for e in events] == [
        (upload_id, "reader-photo", profile["photo"]["small"])
    ]


def test_what_is_not_an_image_is_deleted_and_reported(media) -> None:
    room.connect("app-r1-tab", "r1", "reader")
    from soulseer import presence

    presence.connected("r1", "app-r1-tab", "reader")
    data = b"<html><script>alert(1)</script></html>"
    _, form = presign(media, ("r1", "reader"), purpose="reader-photo", content_type="image/png", size=len(data))
    upload(form, data, "r1")
    assert readers.get_reader("r1").photo is None
    assert boto3.client("s3").list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    failed = [e for e in pushed("app-r1-tab") if e["event"] == "upload-failed"]
    assert [(e["upload_id"], e["reason"]) for e in failed] == [(form["upload_id"], "not_an_image")]


def test_a_product_image_keeps_its_shape_and_a_digital_file_stays_private(media) -> None:
    status, product = call(media, "POST", "/api/products", ("r1", "reader"), body={**PRODUCT, "kind": "digital"})
    assert status == 200, product
    pid = product["product_id"]
    assert product["image"] is None and product["has_file"] is False
    assert product["seller"] == {"type": "reader", "id": "r1", "name": "r1"}
    data = photo(1600, 800, "PNG")
    _, form = presign(media, ("r1", "reader"), purpose="product-image", product_id=pid,
                      content_type="image/png", size=len(data))  # fmt: skip
    upload(form, data, "r1")
    _, shown = call(media, "GET", f"/api/products/{pid}", resource="/api/products/{id}")
    assert shown["image"]["large"] == f"/media/products/{pid}/{form['upload_id']}-800.webp"
    with Image.open(io.BytesIO(stored(shown["image"]["large"].lstrip("/")))) as image:
        assert image.size == (800, 400)
    pdf = b"%PDF-1.4 the reading guide"
    _, form = presign(media, ("r1", "reader"), purpose="product-file", product_id=pid,
                      content_type="application/pdf", size=len(pdf))  # fmt: skip
    upload(form, pdf, "r1")
    _, shown = call(media, "GET", f"/api/products/{pid}", resource="/api/products/{id}")
    assert shown["has_file"] is True and "file" not in json.dumps(shown["image"])
    assert stored(form["fields"]["key"]) == pdf  # kept, under uploads/ (not served by CloudFront)
