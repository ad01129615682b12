"""What every area shares: the base model, the one error shape and the error responses of a route."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImageView(Out):
    """One processed image in its fixed sizes (WebP, metadata stripped), as paths on the web app's origin."""

    small: str = Field(description="96 px.")
    medium: str = Field(description="320 px.")
    large: str = Field(description="800 px.")


class ErrorDetail(Out):
    code: str = Field(description="Machine-readable, e.g. validation_failed, insufficient_funds.")
    message: str
    details: Any = None


class ErrorBody(Out):
    error: ErrorDetail


ERROR_DESCRIPTIONS = {
    400: "The request is not valid (`validation_failed` and domain codes).",
    401: "No valid session token, or it expired (`unauthorized`, `invalid_token`, `token_expired`).",
    402: "The balance is too low (`insufficient_funds`).",
    403: "The caller's role may not do this (`forbidden`).",
    404: "No such resource.",
    409: "The resource's state does not allow this.",
    415: "The body is not `application/json` (`unsupported_media_type`).",
    429: "Too many requests from this user (`rate_limited`); see Retry-After.",
    502: "The payment provider failed (`payment_provider_error`).",
    503: "Busy; try again (see Retry-After).",
}


def errors(*statuses: int) -> dict[int, Any]:
    """The `responses=` of a route: 200 with its return model, and each error status it can answer with,
    all in the one error shape."""
    return {200: {"description": "Success"}} | {
        status: {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"model": ErrorBody}},
        }
        for status in sorted(statuses)
    }
