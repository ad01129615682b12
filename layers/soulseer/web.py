"""What every REST handler shares: the resolver, the one error shape, and the caller's identity."""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from pydantic import ValidationError

from soulseer import users
from soulseer.config import CorsSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.jsonbody import parse_request_body
from soulseer.logs import SERVICE
from soulseer.token_expiry import expired

if TYPE_CHECKING:  # Powertools' OpenAPI models (~35 ms) load only for the document and the Swagger page
    from aws_lambda_powertools.event_handler.openapi.models import OpenAPI, PathItem

logger = Logger(service=SERVICE, child=True)  # the handler's Logger() is its parent


@dataclass(frozen=True)
class Caller:
    user_id: str
    role: str
    user: users.User | None = None  # the users-table record, when the role was read fresh (`fresh_caller`)


def error_response(code: ErrorCode, message: str | None = None, details: Any = None) -> Response:
    return Response(
        status_code=code.status,
        content_type=content_types.APPLICATION_JSON,
        body=DomainError(code, message, details=details).to_body(),
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"location": [str(part) for part in error.get("loc", ())], "message": str(error.get("msg", ""))}
        for error in exc.errors()
    ]


BEARER = "bearerAuth"
PUBLIC: list[dict[str, list[str]]] = [{}]  # `security=PUBLIC` on a route: no token needed (document: [])
OPENAPI_INFO: dict[str, Any] = {
    "title": "SoulSeer API",
    "version": "1.0.0",
    "description": "Paid live psychic readings. Amounts are integer cents. Errors: "
    '`{"error": {"code", "message", "details"?}}`.',
    "security": [{BEARER: []}],
}


def _security_schemes() -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    return {BEARER: HTTPBearer(bearerFormat="JWT", description="A Clerk session token.")}


_VALIDATION_STATUS = 422  # Powertools documents request validation as 422; we answer 400 (declared per route)
_UNUSED_SCHEMAS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


class SoulSeerResolver(APIGatewayRestResolver):
    """The resolver whose document says what the handlers do: 400 (not 422) for invalid input, public
    routes with `security: []`, everything else behind the bearer scheme, and the Swagger page."""

    docs_path: str | None = None

    def enable_docs(self, path: str) -> None:
        """The Swagger UI at `path`; Powertools inlines its bundled Swagger UI assets (no CDN)."""
        self.docs_path = path
        self.enable_swagger(path=path, title=OPENAPI_INFO["title"], version=OPENAPI_INFO["version"])

    def _docs_path_item(self) -> PathItem:
        from aws_lambda_powertools.event_handler.openapi.models import PathItem

        html = {"text/html": {"schema": {"type": "string"}}}
        operation = {
            "tags": ["meta"],
            "summary": "The Swagger UI for this document",
            "operationId": "swagger_ui",
            "responses": {200: {"description": "Success", "content": html}},
            "security": [],
        }
        return PathItem.model_validate({"get": operation})

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPI:
        given = {name: value for name, value in kwargs.items() if value is not None}  # enable_swagger passes Nones
        schema = super().get_openapi_schema(**{**OPENAPI_INFO, "security_schemes": _security_schemes(), **given})
        if self.docs_path and schema.paths is not None:
            schema.paths[self.docs_path] = self._docs_path_item()
        for path_item in (schema.paths or {}).values():
            for method in ("get", "put", "post", "delete", "patch"):
                operation = getattr(path_item, method)
                if operation is None:
                    continue
                (operation.responses or {}).pop(_VALIDATION_STATUS, None)
                if operation.security == PUBLIC:
                    operation.security = []
        if schema.components and schema.components.schemas:
            for name in _UNUSED_SCHEMAS:
                schema.components.schemas.pop(name, None)
        return schema


def area_of(path: str) -> str:
    """A route area: the path's first two segments (`/api/sessions/abc/end` -> `/api/sessions`)."""
    return "/".join(path.split("/")[:3])


class RouteModule:
    """A route module beside the handler (its `router`), imported on first use, and the areas its routes
    live in (a path's first two segments)."""

    def __init__(self, name: str, *areas: str) -> None:
        self.name = name
        self.areas = frozenset(areas)

    def load(self) -> Router:
        router: Router = importlib.import_module(self.name).router
        return router


class LazyRoutes:
    """Route modules included on the first event of their area, so init imports none of them.

    `modules` is the registration order: an event's area includes every module serving that area in that
    order, and after each include the resolver's routes are put back into that order (the handler's own
    routes last), so matching and the document's order are those of including everything at init. A path
    in no known area (the document, the Swagger page, anything unknown) includes every module. The CORS
    preflight's allowed methods are the whole API's from the start (`cors_methods`). `when_all_loaded` runs
    once, after the last module is included (the Swagger page: it serves the whole document)."""

    def __init__(
        self,
        app: APIGatewayRestResolver,
        task_root: str,
        modules: Sequence[RouteModule],
        cors_methods: set[str],
        when_all_loaded: Callable[[], None] | None = None,
    ) -> None:
        self.app = app
        self.when_all_loaded = when_all_loaded
        self.task_root = task_root
        self.modules = tuple(modules)
        self.loaded: set[int] = set()
        self._rank: dict[Callable[..., Any], int] = {}
        app._cors_methods |= cors_methods

    def load_for(self, path: str) -> None:
        area = area_of(path)
        wanted = [n for n, module in enumerate(self.modules) if area in module.areas]
        self._load(wanted or range(len(self.modules)))

    def load_all(self) -> None:
        self._load(range(len(self.modules)))

    def _load(self, numbers: Sequence[int] | range) -> None:
        missing = [n for n in numbers if n not in self.loaded]
        if not missing:
            return
        with self._task_root_on_path():
            for n in missing:
                router = self.modules[n].load()
                self._rank.update((func, n) for func in router._routes.values())
                self.app.include_router(router)
                self.loaded.add(n)
        if len(self.loaded) == len(self.modules) and self.when_all_loaded is not None:
            self.when_all_loaded()
        last = len(self.modules)
        for routes in (self.app._static_routes, self.app._dynamic_routes):
            routes.sort(key=lambda route: self._rank.get(route.func, last))  # stable: each module's own order

    @contextmanager
    def _task_root_on_path(self) -> Iterator[None]:
        """Lambda keeps the task root on sys.path; the local cloud and the tests drop it after init."""
        if self.task_root in sys.path:
            yield
            return
        sys.path.append(self.task_root)
        try:
            yield
        finally:
            sys.path.remove(self.task_root)


def task_root_of(module_file: str) -> str:
    return str(Path(module_file).resolve().parent)


def build_resolver() -> SoulSeerResolver:
    origins = settings_for(CorsSettings).CORS_ALLOWED_ORIGINS
    cors = CORSConfig(
        allow_origin=origins[0],
        extra_origins=list(origins[1:]),
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        max_age=600,
    )
    app = SoulSeerResolver(cors=cors, enable_validation=True, json_body_deserializer=parse_request_body)

    @app.exception_handler(RequestValidationError)
    def _invalid_request(exc: RequestValidationError) -> Response:
        if any(tuple(error.get("loc", ()))[:1] == ("response",) for error in exc.errors()):
            # our response does not match its declared model: a bug of ours, never the caller's 400
            logger.error("Response does not match its model", extra={"errors": exc.errors()})
            return error_response(ErrorCode.INTERNAL_ERROR)
        return error_response(ErrorCode.VALIDATION_FAILED, details=_validation_details(exc))

    @app.exception_handler(ValidationError)
    def _bad_view(exc: ValidationError) -> Response:
        logger.error("A view does not match its response model", extra={"errors": exc.errors(include_input=False)})
        return error_response(ErrorCode.INTERNAL_ERROR)

    @app.exception_handler(DomainError)
    def _domain_error(exc: DomainError) -> Response:
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
        return Response(
            status_code=exc.status, content_type=content_types.APPLICATION_JSON, body=exc.to_body(), headers=headers
        )

    @app.not_found
    def _not_found(_: Exception) -> Response:
        return error_response(ErrorCode.ROUTE_NOT_FOUND)

    return app


def caller_of(app: APIGatewayRestResolver | Router) -> Caller:
    """The identity the authorizer attached; a route without one is a configuration error -> 401."""
    request_context = app.current_event.raw_event.get("requestContext") or {}
    context = request_context.get("authorizer") or {}
    user_id, role = context.get("user_id"), context.get("role")
    if not user_id or not role:
        raise DomainError(ErrorCode.UNAUTHORIZED)
    return Caller(user_id=str(user_id), role=str(role))


def require_role(caller: Caller, *roles: str) -> Caller:
    if caller.role not in roles:
        raise DomainError(ErrorCode.FORBIDDEN)
    return caller


ADMIN_PREFIX = "/api/admin/"


def _proxy_error(event: dict[str, Any], error: DomainError) -> dict[str, Any]:
    """A proxy response in the error shape, for refusals made before the resolver runs."""
    headers = {"Content-Type": content_types.APPLICATION_JSON}
    origin = (event.get("headers") or {}).get("Origin") or (event.get("headers") or {}).get("origin")
    if origin and origin in settings_for(CorsSettings).CORS_ALLOWED_ORIGINS:
        headers["Access-Control-Allow-Origin"] = origin
    body = json.dumps(error.to_body())
    return {"statusCode": int(error.status), "headers": headers, "body": body, "isBase64Encoded": False}


def current_role(user_id: str) -> str:
    """The role in the users table now (ConsistentRead), not the one cached with the authorization;
    a user the table does not hold yet is created as a client, as the authorizer does."""
    return users.ensure_user(user_id).role


def fresh_caller(app: APIGatewayRestResolver | Router) -> Caller:
    """The caller with the role read now: money routes use it, so a demotion counts on the next call."""
    caller = caller_of(app)
    user = users.ensure_user(caller.user_id)
    return Caller(user_id=caller.user_id, role=user.role, user=user)


def _authorizer_context(event: dict[str, Any]) -> dict[str, Any]:
    context = (event.get("requestContext") or {}).get("authorizer")
    return context if isinstance(context, dict) else {}


def expired_token_refusal(event: dict[str, Any]) -> dict[str, Any] | None:
    """401 for an authorization API Gateway served from its cache after the token's `exp` (the authorizer
    passes `exp` in its context); None for public routes and live tokens."""
    authorizer = _authorizer_context(event)
    if not authorizer.get("user_id") or not expired(authorizer.get("exp")):
        return None
    return _proxy_error(event, DomainError(ErrorCode.TOKEN_EXPIRED))


def admin_gate(event: dict[str, Any]) -> dict[str, Any] | None:
    """A 401/403 proxy response for anyone but a current admin calling an /api/admin route, before input
    validation (so nothing about admin inputs is revealed); None lets the request through.

    The role comes from the users table now, and replaces the cached one in the event's authorizer
    context, so the routes behind the gate see the same answer."""
    resource, path = str(event.get("resource") or ""), str(event.get("path") or "")
    if not (resource.startswith(ADMIN_PREFIX) or path.startswith(ADMIN_PREFIX)):
        return None
    authorizer = _authorizer_context(event)
    user_id = authorizer.get("user_id")
    if not user_id:
        return _proxy_error(event, DomainError(ErrorCode.UNAUTHORIZED))
    role = current_role(str(user_id))
    authorizer["role"] = role
    if role == "admin":
        return None
    return _proxy_error(event, DomainError(ErrorCode.FORBIDDEN))


def _header(event: dict[str, Any], name: str) -> str:
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name:
            return str(value or "")
    return ""


def _is_json_media_type(content_type: str) -> bool:
    media_type, *params = (part.strip().lower() for part in content_type.split(";"))
    charsets = [param.partition("=")[2].strip('"') for param in params if param.startswith("charset=")]
    return media_type == content_types.APPLICATION_JSON and all(c in ("utf-8", "utf8") for c in charsets)


def _body_text(event: dict[str, Any]) -> str:
    body = event.get("body")
    if not event.get("isBase64Encoded"):
        return str(body)
    try:
        return base64.b64decode(str(body), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        message = "The body is not valid UTF-8 JSON."
        details = [{"location": ["body"], "message": message, "reason": "invalid_utf8"}]
        raise DomainError(ErrorCode.VALIDATION_FAILED, message, details=details) from None


def refusal(event: dict[str, Any]) -> dict[str, Any] | None:
    """What the api function refuses before its resolver runs (None: nothing)."""
    return expired_token_refusal(event) or admin_gate(event) or body_refusal(event)


FORM_PATHS = {"/api/notifications/unsubscribe"}  # RFC 8058 one-click POSTs a form body, which its route ignores


def body_refusal(event: dict[str, Any]) -> dict[str, Any] | None:
    """A 415 or 400 proxy response for a body that is not one JSON object in UTF-8; None lets it through.
    The body is parsed here once; the resolver's deserializer gets the same parse."""
    parse_request_body.cache_clear()
    if event.get("body") in (None, "") or event.get("path") in FORM_PATHS:
        return None
    try:
        if not _is_json_media_type(_header(event, "content-type")):
            raise DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.")
        parse_request_body(_body_text(event))
    except DomainError as error:
        return _proxy_error(event, error)
    return None
