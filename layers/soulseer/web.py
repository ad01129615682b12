"""What every REST handler shares: the resolver, the one error shape, and the caller's identity."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from soulseer.config import settings
from soulseer.errors import DomainError, Forbidden, Unauthorized

logger = Logger()


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: str


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=DomainError(message, code=code, details=details).to_body(),
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"location": [str(part) for part in error.get("loc", ())], "message": str(error.get("msg", ""))}
        for error in exc.errors()
    ]


def build_resolver() -> APIGatewayRestResolver:
    origins = settings().cors_allowed_origins or ("*",)
    cors = CORSConfig(
        allow_origin=origins[0],
        extra_origins=list(origins[1:]),
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        max_age=600,
    )
    app = APIGatewayRestResolver(cors=cors, enable_validation=True)

    @app.exception_handler(RequestValidationError)
    def _invalid_request(exc: RequestValidationError) -> Response:
        return error_response(
            HTTPStatus.BAD_REQUEST,
            "validation_failed",
            "The request is not valid.",
            _validation_details(exc),
        )

    @app.exception_handler(DomainError)
    def _domain_error(exc: DomainError) -> Response:
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return Response(
            status_code=exc.status, content_type=content_types.APPLICATION_JSON, body=exc.to_body(), headers=headers
        )

    @app.not_found
    def _not_found(_: Exception) -> Response:
        return error_response(HTTPStatus.NOT_FOUND, "route_not_found", "No such route.")

    return app


def caller_of(app: APIGatewayRestResolver | Router) -> Caller:
    """The identity the authorizer attached; a route without one is a configuration error -> 401."""
    request_context = app.current_event.raw_event.get("requestContext") or {}
    context = request_context.get("authorizer") or {}
    user_id, role = context.get("user_id"), context.get("role")
    if not user_id or not role:
        raise Unauthorized("A valid session token is required.")
    return Caller(user_id=str(user_id), role=str(role))


def require_role(caller: Caller, *roles: str) -> Caller:
    if caller.role not in roles:
        raise Forbidden("You are not allowed to do this.")
    return caller


ADMIN_PREFIX = "/api/admin/"


def admin_gate(event: dict[str, Any]) -> dict[str, Any] | None:
    """A 403 proxy response for a non-admin calling any /api/admin route, before input validation
    (so nothing about admin inputs is revealed); None lets the request through to the resolver."""
    resource, path = str(event.get("resource") or ""), str(event.get("path") or "")
    if not (resource.startswith(ADMIN_PREFIX) or path.startswith(ADMIN_PREFIX)):
        return None
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    if authorizer.get("role") == "admin" and authorizer.get("user_id"):
        return None
    headers = {"Content-Type": content_types.APPLICATION_JSON}
    origin = (event.get("headers") or {}).get("Origin") or (event.get("headers") or {}).get("origin")
    if origin and origin in settings().cors_allowed_origins:
        headers["Access-Control-Allow-Origin"] = origin
    body = Forbidden("You are not allowed to do this.").to_body()
    status = HTTPStatus.FORBIDDEN if authorizer.get("user_id") else HTTPStatus.UNAUTHORIZED
    if status == HTTPStatus.UNAUTHORIZED:
        body = Unauthorized("A valid session token is required.").to_body()
    return {"statusCode": int(status), "headers": headers, "body": json.dumps(body), "isBase64Encoded": False}
