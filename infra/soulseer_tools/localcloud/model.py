"""The local cloud's view of a template: plain dataclasses filled in by the readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Function:
    logical_id: str
    code_uri: Path
    handler: str
    env: dict[str, str]
    timeout_seconds: int = 3
    memory_mb: int = 128


@dataclass(frozen=True)
class Route:
    path: str  # the resource path, e.g. /api/readers/{id}
    method: str  # upper case; ANY for any method
    function_id: str
    authorizer: str | None  # None: public


@dataclass(frozen=True)
class Authorizer:
    name: str
    function_id: str
    payload_type: str  # TOKEN or REQUEST
    identity_headers: tuple[str, ...]  # TOKEN: exactly one
    identity_query_strings: tuple[str, ...]
    validation_expression: str | None
    ttl_seconds: int  # ReauthorizeEvery; 0 = no cache

    @property
    def identity_header(self) -> str:
        return self.identity_headers[0]


@dataclass(frozen=True)
class GatewayResponse:
    response_type: str
    status: int | None
    headers: dict[str, str]
    template: str | None  # the application/json response template


@dataclass(frozen=True)
class Cors:
    allow_origin: str
    allow_headers: str | None
    allow_methods: str | None
    max_age: str | None
    allow_credentials: bool


@dataclass(frozen=True)
class RestApi:
    logical_id: str
    stage: str
    routes: list[Route]
    authorizers: dict[str, Authorizer]
    gateway_responses: dict[str, GatewayResponse]
    cors: Cors | None
    authorize_cors_preflight: bool = False
    default_authorizer: str | None = None
    binary_media_types: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    logical_id: str
    create_kwargs: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.create_kwargs["TableName"])


@dataclass(frozen=True)
class WebSocketRoute:
    route_key: str  # $connect, $disconnect, $default or a value of the route selection expression
    function_id: str | None  # the Lambda behind an AWS_PROXY integration; None: no Lambda integration
    authorizer: str | None = None  # logical id of the CUSTOM authorizer ($connect only, as in AWS)
    two_way: bool = False  # a RouteResponse exists: the integration's body goes back to the sender


@dataclass(frozen=True)
class WebSocketApi:
    logical_id: str
    name: str
    route_selection_expression: str
    stage: str
    routes: dict[str, WebSocketRoute]
    authorizers: dict[str, Authorizer]  # REQUEST authorizers by logical id; never cached (WebSocket APIs)
