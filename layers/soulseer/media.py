"""Where processed images live and how they are addressed: the resize function writes each upload's fixed
sizes under `media/` in the media bucket, which the CloudFront distribution serves at `/media/*` (the
local cloud's web server too), so an image's address is a path on the web app's own origin."""

from __future__ import annotations

SIZES = {"small": 96, "medium": 320, "large": 800}
FORMAT = "webp"
MEDIA_PREFIX = "media/"


def image_key(kind: str, owner_id: str, image_id: str, pixels: int) -> str:
    """The bucket key of one processed size: `media/<kind>/<owner>/<image>-<pixels>.webp`."""
    return f"{MEDIA_PREFIX}{kind}/{owner_id}/{image_id}-{pixels}.{FORMAT}"


def image_urls(kind: str, owner_id: str, image_id: str | None) -> dict[str, str] | None:
    """{small, medium, large} addresses of a processed image, or None without one."""
    if not image_id:
        return None
    return {name: "/" + image_key(kind, owner_id, image_id, pixels) for name, pixels in SIZES.items()}


def reader_photo(reader_id: str, photo_id: str | None) -> dict[str, str] | None:
    return image_urls("readers", reader_id, photo_id)


def product_image(product_id: str, image_id: str | None) -> dict[str, str] | None:
    return image_urls("products", product_id, image_id)
