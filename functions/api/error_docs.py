"""The error shape in the OpenAPI document: `responses=errors(404, 409)` on a route."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_DESCRIPTIONS = {
    400: "The request is not valid (validation_failed or a rule's code)",
    401: "A valid session token is required",
    403: "The caller may not do this",
    404: "Not found",
    409: "Conflicts with the current state",
    429: "Too many requests",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    error: ErrorDetail


def errors(*statuses: int) -> dict[int, Any]:
    return {
        status: {"description": _DESCRIPTIONS[status], "content": {"application/json": {"model": ErrorBody}}}
        for status in statuses
    }
