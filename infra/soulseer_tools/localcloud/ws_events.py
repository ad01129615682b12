"""The WebSocket API's Lambda events (CONNECT, MESSAGE, DISCONNECT, the REQUEST authorizer's) and route
selection, shaped like API Gateway's."""

from __future__ import annotations

import base64
import json
import os
import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from soulseer_tools.localcloud.intrinsics import ACCOUNT_ID, REGION

DEFAULT_ROUTE = "$default"
_BODY_PATH = re.compile(r"^\$request\.body\.(?P<path>[^$\s{}]+)$")
_TEMPLATE_VAR = re.compile(r"\$\{request\.body\.(?P<path>[^}]+)\}")


def aws_id() -> str:
    """A connection or message id shaped like API Gateway's (16 characters, e.g. `L0SM9cOFvHcCIhw=`)."""
    return base64.urlsafe_b64encode(os.urandom(11)).decode("ascii")


@dataclass(frozen=True)
class WsTarget:
    api_id: str
    stage: str

    def method_arn(self, route_key: str) -> str:
        return f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{self.api_id}/{self.stage}/{route_key}"


@dataclass(frozen=True)
class ConnectionInfo:
    """What API Gateway remembers of a connection's handshake."""

    connection_id: str
    connected_at_ms: int
    source_ip: str
    user_agent: str | None
    domain_name: str
    headers: Sequence[tuple[str, str]]
    query: Sequence[tuple[str, str]]


def _grouped(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def request_context(
    target: WsTarget, info: ConnectionInfo, route_key: str, event_type: str, request_id: str
) -> dict[str, Any]:
    now = time.time()
    return {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "messageDirection": "IN",
        "stage": target.stage,
        "connectedAt": info.connected_at_ms,
        "requestTimeEpoch": int(now * 1000),
        "identity": {"userAgent": info.user_agent, "sourceIp": info.source_ip},
        "requestId": request_id,
        "domainName": info.domain_name,
        "connectionId": info.connection_id,
        "apiId": target.api_id,
    }


def _handshake_parts(info: ConnectionInfo) -> dict[str, Any]:
    headers = _grouped(info.headers)
    query = _grouped(info.query)
    return {
        "headers": {name: values[-1] for name, values in headers.items()},
        "multiValueHeaders": headers,
        "queryStringParameters": {name: values[-1] for name, values in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
    }


def authorizer_event(target: WsTarget, info: ConnectionInfo, request_id: str) -> dict[str, Any]:
    """The REQUEST authorizer's event for $connect (the gate adds `type` and `methodArn`)."""
    return {
        **_handshake_parts(info),
        "stageVariables": {},
        "requestContext": request_context(target, info, "$connect", "CONNECT", request_id),
    }


def connect_event(
    target: WsTarget, info: ConnectionInfo, request_id: str, authorizer: dict[str, Any] | None
) -> dict[str, Any]:
    context = request_context(target, info, "$connect", "CONNECT", request_id)
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {**_handshake_parts(info), "requestContext": context, "isBase64Encoded": False}


def message_event(
    target: WsTarget,
    info: ConnectionInfo,
    route_key: str,
    body: str,
    request_id: str,
    authorizer: dict[str, Any] | None,
) -> dict[str, Any]:
    context = request_context(target, info, route_key, "MESSAGE", request_id)
    context["messageId"] = aws_id()
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {"requestContext": context, "body": body, "isBase64Encoded": False}


def disconnect_event(
    target: WsTarget,
    info: ConnectionInfo,
    request_id: str,
    authorizer: dict[str, Any] | None,
    status_code: int,
    reason: str,
) -> dict[str, Any]:
    context = request_context(target, info, "$disconnect", "DISCONNECT", request_id)
    context.update(disconnectStatusCode=status_code, disconnectReason=reason)
    if authorizer is not None:
        context["authorizer"] = authorizer
    host = {"Host": info.domain_name}
    return {
        "headers": host,
        "multiValueHeaders": {k: [v] for k, v in host.items()},
        "requestContext": context,
        "isBase64Encoded": False,
    }


def _lookup(document: Any, path: str) -> str | None:
    for part in path.split("."):
        if not isinstance(document, dict) or part not in document:
            return None
        document = document[part]
    return document if isinstance(document, str) else None


def select_route(expression: str, body: str, route_keys: Collection[str]) -> str:
    """The route key for a message: `$request.body.<path>` (or `${request.body.<path>}` templates) against the
    JSON body; non-JSON bodies, missing values and unknown keys select `$default`."""
    if expression == DEFAULT_ROUTE:
        return DEFAULT_ROUTE
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        return DEFAULT_ROUTE
    simple = _BODY_PATH.match(expression)
    if simple:
        key = _lookup(document, simple.group("path"))
    else:
        missing = False

        def value(match: re.Match[str]) -> str:
            nonlocal missing
            found = _lookup(document, match.group("path"))
            missing = missing or found is None
            return found or ""

        key = _TEMPLATE_VAR.sub(value, expression)
        key = None if missing else key
    return key if key is not None and key in route_keys else DEFAULT_ROUTE
