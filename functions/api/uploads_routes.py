"""Uploads: a presigned S3 POST for a reader's photo, a product's image or a digital product's file."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from soulseer import uploads
from soulseer.schemas.common import errors
from soulseer.schemas.uploads import UploadInput, UploadView
from soulseer.web import fresh_caller

router = Router()


@router.post("/api/uploads", responses=errors(400, 401, 403, 404, 415), tags=["uploads"])
def create_upload(body: UploadInput) -> UploadView:
    """Post the file to `url` as multipart/form-data: every field of `fields`, then `file` last. S3 refuses
    another type or a larger file; the processed result arrives as `upload-processed` on the WebSocket."""
    caller = fresh_caller(router)
    owner = uploads.owner_for(body.purpose, caller.user_id, caller.role, body.product_id)
    return uploads.presign(body.purpose, owner, caller.user_id, body.content_type, body.size)
