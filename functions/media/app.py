"""The media function: S3 notifies it of each new object under uploads/ (presigned POSTs). Images are
decoded with Pillow, turned upright, cropped (reader photos: square) and written in fixed sizes as WebP
without any metadata under media/ (CloudFront serves them); the original, with whatever metadata it
carried, is deleted. A digital product's file stays private where it is and is recorded on the product."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from PIL import Image, ImageOps, UnidentifiedImageError

from soulseer import media, uploads
from soulseer.config import MEDIA_FUNCTION, cold_start

SETTINGS = cold_start(MEDIA_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
Image.MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb is refused, not decoded
QUALITY = 82
KINDS = {"reader-photo": "readers", "product-image": "products"}


def resized(data: bytes, square: bool) -> dict[int, bytes]:
    """Each size in media.SIZES as WebP bytes; raises ValueError for anything that is not an image."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened).convert("RGB")  # upright; EXIF, ICC and the rest dropped
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValueError(f"not a readable image ({type(error).__name__})") from None
    out: dict[int, bytes] = {}
    for pixels in media.SIZES.values():
        if square:
            size = ImageOps.fit(image, (pixels, pixels), Image.Resampling.LANCZOS)
        else:
            size = image.copy()
            size.thumbnail((pixels, pixels), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        size.save(buffer, "WEBP", quality=QUALITY, method=4)
        out[pixels] = buffer.getvalue()
    return out


def _process(upload: uploads.UploadKey) -> None:
    s3, bucket = uploads.s3(), uploads.bucket()
    obj = s3.get_object(Bucket=bucket, Key=upload.key)
    user_id = (obj.get("Metadata") or {}).get("user")
    content_type = str(obj.get("ContentType") or "")
    if upload.purpose == "product-file":
        uploads.processed(upload, user_id, content_type=content_type)
        return
    data = obj["Body"].read()
    try:
        sizes = resized(data, square=upload.purpose == "reader-photo")
    except ValueError as error:
        s3.delete_object(Bucket=bucket, Key=upload.key)
        logger.warning("Upload refused", extra={"key": upload.key, "reason": str(error)})
        uploads.failed(upload, user_id, "not_an_image")
        return
    for pixels, body in sizes.items():
        s3.put_object(
            Bucket=bucket,
            Key=media.image_key(KINDS[upload.purpose], upload.owner_id, upload.upload_id, pixels),
            Body=body,
            ContentType="image/webp",
            CacheControl="public, max-age=31536000, immutable",
        )
    s3.delete_object(Bucket=bucket, Key=upload.key)
    uploads.processed(upload, user_id)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    done = 0
    for record in event.get("Records") or []:
        key = unquote_plus(str(((record.get("s3") or {}).get("object") or {}).get("key") or ""))
        upload = uploads.UploadKey.parse(key)
        if upload is None:
            logger.warning("Not an upload key; ignored", extra={"key": key})
            continue
        _process(upload)
        done += 1
    return {"processed": done}
