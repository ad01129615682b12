"""Helpers for stream and product tests: REST calls, WebSocket events through the ws handler."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from soulseer.errors import DomainError
from tests.support.apigw import LambdaContext, load_handler_module, rest_event


def call(
    api_module: Any,
    method: str,
    path: str,
    user: tuple[str, str] | None = None,
    *,
    resource: str | None = None,
    body: Any = None,
    key: str | None = None,
    query: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """One REST call; `resource` is the template path, its `{id}` filled from the path's third segment."""
    params = {"id": path.split("/")[3]} if resource and "{id}" in resource else None
    headers = {"Idempotency-Key": key} if key else None
    event = rest_event(
        method, path, resource=resource, path_parameters=params, body=body, user=user, headers=headers, query=query
    )
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def in_domain(action: Any, *args: Any) -> tuple[int, Any]:
    """A domain call answered as its route would: for concurrency tests, since one process serves one
    request at a time in Lambda and Powertools keeps the current event in shared state."""
    try:
        result = action(*args)
    except DomainError as error:
        return error.status, error.to_body()
    return 200, result.model_dump(mode="json", by_alias=True) if isinstance(result, BaseModel) else result


def ws(route: str, connection_id: str, body: dict[str, Any] | None = None, user: tuple[str, str] | None = None) -> None:
    """One WebSocket event through functions/ws (as API Gateway would deliver it)."""
    context: dict[str, Any] = {"routeKey": route, "connectionId": connection_id, "eventType": "MESSAGE"}
    if user:
        context["authorizer"] = {"user_id": user[0], "role": user[1]}
    event = {"requestContext": context, "body": json.dumps(body) if body is not None else None}
    response = load_handler_module("ws").handler(event, LambdaContext(function_name="ws"))
    assert response["statusCode"] == 200, response


def connect(connection_id: str, user: tuple[str, str]) -> None:
    ws("$connect", connection_id, user=user)
