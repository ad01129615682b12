"""Reader: WebSocket APIs (AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET and its routes).

SAM has no WebSocket resource, so these are the plain ApiGatewayV2 resources: the API (route selection
expression), its Stage, Routes (route key -> Target `integrations/<id>`), Integrations (AWS_PROXY to a
Lambda through an `arn:aws:apigateway:...:lambda:path/2015-03-31/functions/<arn>/invocations` URI),
RouteResponses (two-way routes) and REQUEST Authorizers with their identity sources.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.intrinsics import TemplateError
from soulseer_tools.localcloud.model import Authorizer, WebSocketApi, WebSocketRoute

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

API = "AWS::ApiGatewayV2::Api"
STAGE = "AWS::ApiGatewayV2::Stage"
ROUTE = "AWS::ApiGatewayV2::Route"
ROUTE_RESPONSE = "AWS::ApiGatewayV2::RouteResponse"
INTEGRATION = "AWS::ApiGatewayV2::Integration"
AUTHORIZER = "AWS::ApiGatewayV2::Authorizer"
LAMBDA_INTEGRATIONS = ("AWS_PROXY", "AWS")
_INVOCATION_URI = re.compile(r"^arn:[^:]+:apigateway:[^:]*:lambda:path/[^/]+/functions/(?P<arn>.+)/invocations$")
_HEADER_SOURCE = "route.request.header."
_QUERY_SOURCE = "route.request.querystring."


def _ref_target(value: Any) -> str | None:
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return str(value["Ref"])
    return value if isinstance(value, str) else None


def function_of_uri(template: Template, uri: Any) -> str:
    """The function logical id behind a Lambda invocation URI (or a plain function ARN)."""
    resolved = template.resolver.resolve_str(uri)
    match = _INVOCATION_URI.match(resolved)
    arn = match.group("arn") if match else resolved
    for logical_id in template.functions:
        if template.resolver.arn(logical_id) == arn:
            return logical_id
    raise TemplateError(f"{resolved!r} does not invoke a function of this template")


def _props_of(template: Template, kind: str, api_id: str) -> dict[str, dict[str, Any]]:
    """The (raw) properties of every resource of `kind` that belongs to the API `api_id`."""
    return {
        logical_id: resource.get("Properties") or {}
        for logical_id, resource in template.resources_of(kind).items()
        if _ref_target((resource.get("Properties") or {}).get("ApiId")) == api_id
    }


def _authorizer(template: Template, logical_id: str, props: dict[str, Any]) -> Authorizer | None:
    if str(props.get("AuthorizerType", "")).upper() != "REQUEST":
        return None  # JWT authorizers belong to HTTP APIs; IAM is not an Authorizer resource
    sources = template.resolver.resolve(props.get("IdentitySource") or [])
    headers: list[str] = []
    query: list[str] = []
    for source in [sources] if isinstance(sources, str) else sources:
        if source.startswith(_HEADER_SOURCE):
            headers.append(source[len(_HEADER_SOURCE) :])
        elif source.startswith(_QUERY_SOURCE):
            query.append(source[len(_QUERY_SOURCE) :])
        else:
            raise TemplateError(f"{logical_id}: identity source {source!r} is not served locally")
    return Authorizer(
        name=template.resolver.resolve_str(props.get("Name", logical_id)),
        function_id=function_of_uri(template, props["AuthorizerUri"]),
        payload_type="REQUEST",
        identity_headers=tuple(headers),
        identity_query_strings=tuple(query),
        validation_expression=None,
        ttl_seconds=0,  # WebSocket APIs do not cache authorizer results
    )


def _integration_function(template: Template, props: dict[str, Any]) -> str | None:
    if str(props.get("IntegrationType", "")).upper() not in LAMBDA_INTEGRATIONS:
        return None  # MOCK / HTTP integrations: nothing to invoke locally
    return function_of_uri(template, props["IntegrationUri"])


def _stage(template: Template, api_id: str) -> str:
    stages = sorted(template.resolver.resolve_str(p["StageName"]) for p in _props_of(template, STAGE, api_id).values())
    if not stages:
        raise TemplateError(f"WebSocket API {api_id} has no AWS::ApiGatewayV2::Stage")
    return stages[0]


def _read_api(template: Template, api_id: str, props: dict[str, Any]) -> WebSocketApi:
    resolve = template.resolver
    integrations = {
        lid: _integration_function(template, p) for lid, p in _props_of(template, INTEGRATION, api_id).items()
    }
    authorizers = {
        logical_id: authorizer
        for logical_id, p in _props_of(template, AUTHORIZER, api_id).items()
        if (authorizer := _authorizer(template, logical_id, p)) is not None
    }
    two_way = {_ref_target(p.get("RouteId")) for p in _props_of(template, ROUTE_RESPONSE, api_id).values()}
    routes: dict[str, WebSocketRoute] = {}
    for logical_id, p in _props_of(template, ROUTE, api_id).items():
        key = resolve.resolve_str(p["RouteKey"])
        target = resolve.resolve_str(p["Target"]) if "Target" in p else ""
        integration = target.removeprefix("integrations/")
        if target and integration not in integrations:
            raise TemplateError(f"{logical_id}: Target {target!r} is not an integration of {api_id}")
        authorizer_id = None
        if str(p.get("AuthorizationType", "NONE")).upper() == "CUSTOM":
            authorizer_id = _ref_target(p.get("AuthorizerId"))
            if authorizer_id not in authorizers:
                raise TemplateError(f"{logical_id}: AuthorizerId {authorizer_id!r} is not a REQUEST authorizer")
        routes[key] = WebSocketRoute(
            route_key=key,
            function_id=integrations.get(integration),
            authorizer=authorizer_id,
            two_way=logical_id in two_way,
        )
    return WebSocketApi(
        logical_id=api_id,
        name=resolve.resolve_str(props.get("Name", api_id)),
        route_selection_expression=resolve.resolve_str(props.get("RouteSelectionExpression", "$request.body.action")),
        stage=_stage(template, api_id),
        routes=routes,
        authorizers=authorizers,
    )


def read_websocket_apis(template: Template) -> dict[str, WebSocketApi]:
    return {
        api_id: _read_api(template, api_id, resource.get("Properties") or {})
        for api_id, resource in template.resources_of(API).items()
        if str((resource.get("Properties") or {}).get("ProtocolType", "")).upper() == "WEBSOCKET"
    }
