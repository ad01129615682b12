"""Domain errors. Each carries the HTTP status, a machine-readable code and a human message."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def to_body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class ValidationFailed(DomainError):
    status = 400
    code = "validation_failed"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Busy(DomainError):
    """A transient condition (contention, throttling): the same request can succeed shortly."""

    status = 503
    code = "busy"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None, retry_after: int = 1) -> None:
        super().__init__(message, code=code, details=details)
        self.retry_after = retry_after
