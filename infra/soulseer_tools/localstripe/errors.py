"""Errors in Stripe's JSON shape: `{"error": {"type", "code", "message", "param", ...}}`."""

from __future__ import annotations

from typing import Any

DOC_BASE = "https://stripe.com/docs/error-codes"


class StripeApiError(Exception):
    """Raised by a handler; the app turns it into Stripe's error response.

    `executed` marks errors raised after the request started changing state (a card decline):
    Stripe saves those under the idempotency key, while validation errors are not saved.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
        executed: bool = False,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
        self.executed = executed
        self.extra = extra

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"{DOC_BASE}#{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        error.update(self.extra)
        return {"error": error}


def invalid(message: str, param: str | None = None, code: str | None = None, **extra: Any) -> StripeApiError:
    """400 invalid_request_error."""
    return StripeApiError(400, message, code=code, param=param, **extra)


def missing(kind: str, object_id: str, param: str = "id", status: int = 404) -> StripeApiError:
    """`No such <kind>: '<id>'` (404 for the object in the URL, 400 for one named in a parameter)."""
    return StripeApiError(status, f"No such {kind}: '{object_id}'", code="resource_missing", param=param)


def required(param: str) -> StripeApiError:
    return invalid(f"Missing required param: {param}.", param=param, code="parameter_missing")


def unexpected_state(message: str, **extra: Any) -> StripeApiError:
    return invalid(message, code="payment_intent_unexpected_state", **extra)


def unauthorized(message: str) -> StripeApiError:
    return StripeApiError(401, message)
