"""Uploads as the API takes and shows them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer.schemas.common import Out
from soulseer.uploads import Purpose


class UploadInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    purpose: Purpose
    product_id: str | None = Field(default=None, min_length=1, max_length=128, description="Product uploads only.")
    content_type: str = Field(min_length=3, max_length=100, description="The file's type, e.g. image/jpeg.")
    size: StrictInt = Field(ge=1, description="The file's size in bytes; the policy allows at most this many.")


class UploadView(Out):
    upload_id: str
    purpose: Purpose
    url: str = Field(description="Where to POST the multipart form (S3).")
    fields: dict[str, str] = Field(description="Form fields to send before `file`, unchanged.")
    max_bytes: int
    expires_at: int = Field(description="Unix seconds; the form is refused after it.")
