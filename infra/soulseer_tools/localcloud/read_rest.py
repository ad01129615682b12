"""Reader: REST APIs (AWS::Serverless::Api with its DefinitionBody routes, the functions' Api events, and
gateway responses)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.intrinsics import TemplateError
from soulseer_tools.localcloud.model import Authorizer, Cors, GatewayResponse, RestApi, Route

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

SERVERLESS_API = "AWS::Serverless::Api"
GATEWAY_RESPONSE = "AWS::ApiGateway::GatewayResponse"
IMPLICIT_API = "ServerlessRestApi"  # SAM's API for Api events that name no RestApiId
_HEADER_PREFIX = "gatewayresponse.header."
_INVOCATIONS = re.compile(r":lambda:path/2015-03-31/functions/(.+)/invocations$")
_OPERATIONS = {m: m.upper() for m in ("get", "put", "post", "delete", "patch", "head", "options")} | {
    "x-amazon-apigateway-any-method": "ANY"
}


def unquote(value: str) -> str:
    """API Gateway mapping values are quoted literals: "'GET,PUT'" -> "GET,PUT"."""
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    return value


def _ref_target(value: Any) -> str | None:
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return str(value["Ref"])
    return value if isinstance(value, str) else None


def _function_of(template: Template, arn: Any, what: str = "Authorizer FunctionArn") -> str:
    if isinstance(arn, dict) and "Fn::GetAtt" in arn:
        target = arn["Fn::GetAtt"]
        return str(target[0] if isinstance(target, list) else target.split(".")[0])
    resolved = template.resolver.resolve_str(arn)
    for logical_id in template.functions:
        if template.resolver.arn(logical_id) == resolved:
            return logical_id
    raise TemplateError(f"{what} {resolved!r} is not a function of this template")


def _authorizers(template: Template, auth: dict[str, Any]) -> dict[str, Authorizer]:
    authorizers: dict[str, Authorizer] = {}
    for name, spec in (auth.get("Authorizers") or {}).items():
        if "FunctionArn" not in spec:
            continue  # Cognito/IAM authorizers are not served locally
        identity = template.resolver.resolve(spec.get("Identity") or {})
        payload_type = str(spec.get("FunctionPayloadType", "TOKEN")).upper()
        if payload_type == "TOKEN":
            headers: tuple[str, ...] = (identity.get("Header", "Authorization"),)
        else:
            headers = tuple(identity.get("Headers") or ())
        authorizers[name] = Authorizer(
            name=name,
            function_id=_function_of(template, spec["FunctionArn"]),
            payload_type=payload_type,
            identity_headers=headers,
            identity_query_strings=tuple(identity.get("QueryStrings") or ()),
            validation_expression=identity.get("ValidationExpression"),
            ttl_seconds=int(identity.get("ReauthorizeEvery", 300)),
        )
    return authorizers


def _cors(value: Any) -> Cors | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"AllowOrigin": value}

    def get(key: str) -> str | None:
        return unquote(str(value[key])) if key in value else None

    return Cors(
        allow_origin=get("AllowOrigin") or "*",
        allow_headers=get("AllowHeaders"),
        allow_methods=get("AllowMethods"),
        max_age=get("MaxAge"),
        allow_credentials=bool(value.get("AllowCredentials", False)),
    )


def _gateway_response(response_type: str, props: dict[str, Any], sam_style: bool) -> GatewayResponse:
    params = props.get("ResponseParameters") or {}
    if sam_style:  # SAM: ResponseParameters: {Headers: {Name: "'value'"}}
        headers = {name: str(v) for name, v in (params.get("Headers") or {}).items()}
    else:
        headers = {k[len(_HEADER_PREFIX) :]: str(v) for k, v in params.items() if k.startswith(_HEADER_PREFIX)}
    status = props.get("StatusCode")
    return GatewayResponse(
        response_type=response_type,
        status=int(status) if status is not None else None,
        headers=headers,
        template=(props.get("ResponseTemplates") or {}).get("application/json"),
    )


def _routes(template: Template) -> dict[str, list[tuple[Route, bool]]]:
    """Api events per REST API logical id; the flag says the event set no Auth.Authorizer."""
    routes: dict[str, list[tuple[Route, bool]]] = {}
    for function_id, resource in template.resources_of("AWS::Serverless::Function").items():
        for event in ((resource.get("Properties") or {}).get("Events") or {}).values():
            if event.get("Type") != "Api":
                continue
            props = event.get("Properties") or {}
            api_id = _ref_target(props.get("RestApiId")) or IMPLICIT_API
            authorizer = (props.get("Auth") or {}).get("Authorizer")
            route = Route(
                path=template.resolver.resolve_str(props["Path"]),
                method=str(props["Method"]).upper(),
                function_id=function_id,
                authorizer=None if authorizer in (None, "NONE") else str(authorizer),
            )
            routes.setdefault(api_id, []).append((route, authorizer is None))
    return routes


def _integration_function(template: Template, where: str, integration: Any) -> str:
    """The function an aws_proxy integration invokes: its uri is .../functions/<function ARN>/invocations."""
    if not isinstance(integration, dict) or str(integration.get("type", "")).lower() != "aws_proxy":
        kind = integration.get("type") if isinstance(integration, dict) else None
        raise TemplateError(f"{where}: only aws_proxy Lambda integrations are served locally, not {kind!r}")
    uri = template.resolver.resolve_str(integration.get("uri"))
    match = _INVOCATIONS.search(uri)
    if match is None:
        raise TemplateError(f"{where}: integration uri {uri!r} does not invoke a Lambda function")
    return _function_of(template, match.group(1), f"{where}: integration")


def _security_authorizer(security: Any, authorizers: set[str], default: str | None) -> str | None:
    """The authorizer SAM leaves on a method: `NONE` makes it public, a named authorizer wins, and any
    other method (no `security`, `security: []`, only API keys) gets the DefaultAuthorizer."""
    entries = [entry for entry in security or [] if isinstance(entry, dict)]
    if any("NONE" in entry for entry in entries):
        return None
    named = [name for entry in entries for name in entry if name in authorizers]
    return named[0] if named else default


def _definition_routes(template: Template, api_id: str, props: dict[str, Any]) -> list[Route]:
    """The routes of an inline OpenAPI DefinitionBody, with their effective authorizer."""
    body = props.get("DefinitionBody")
    if not isinstance(body, dict):
        return []
    auth = props.get("Auth") or {}
    authorizers = set(auth.get("Authorizers") or {})
    default = auth.get("DefaultAuthorizer")
    routes: list[Route] = []
    for path, item in (body.get("paths") or {}).items():
        for key, operation in (item or {}).items():
            method = _OPERATIONS.get(str(key).lower())
            if method is None or method == "OPTIONS":  # parameters, x-... extensions; CORS answers OPTIONS
                continue
            where = f"{api_id} {method} {path}"
            integration = (operation or {}).get("x-amazon-apigateway-integration")
            routes.append(
                Route(
                    path=str(path),
                    method=method,
                    function_id=_integration_function(template, where, integration),
                    authorizer=_security_authorizer((operation or {}).get("security"), authorizers, default),
                )
            )
    return routes


def read_rest_apis(template: Template) -> dict[str, RestApi]:
    declared = template.resources_of(SERVERLESS_API)
    routes = _routes(template)
    for api_id, resource in declared.items():
        defined = _definition_routes(template, api_id, resource.get("Properties") or {})
        routes.setdefault(api_id, []).extend((route, False) for route in defined)
    responses: dict[str, dict[str, GatewayResponse]] = {}
    for resource in template.resources_of(GATEWAY_RESPONSE).values():
        props = template.resolver.resolve({k: v for k, v in resource["Properties"].items() if k != "RestApiId"})
        api_id = _ref_target(resource["Properties"].get("RestApiId")) or ""
        responses.setdefault(api_id, {})[props["ResponseType"]] = _gateway_response(
            props["ResponseType"], props, sam_style=False
        )
    apis: dict[str, RestApi] = {}
    for api_id in sorted(set(declared) | set(routes)):
        props = (declared.get(api_id) or {}).get("Properties") or {}
        auth = props.get("Auth") or {}
        default = auth.get("DefaultAuthorizer")
        sam_responses = template.resolver.resolve(props.get("GatewayResponses") or {})
        api_responses = {t: _gateway_response(t, p, sam_style=True) for t, p in sam_responses.items()}
        api_responses.update(responses.get(api_id, {}))
        apis[api_id] = RestApi(
            logical_id=api_id,
            stage=template.resolver.resolve_str(props.get("StageName", "Prod")),
            routes=[
                Route(r.path, r.method, r.function_id, default) if inherits and default else r
                for r, inherits in routes.get(api_id, [])
            ],
            authorizers=_authorizers(template, auth),
            gateway_responses=api_responses,
            cors=_cors(template.resolver.resolve(props.get("Cors"))),
            authorize_cors_preflight=bool(auth.get("AddDefaultAuthorizerToCorsPreflight", True)) and bool(default),
            default_authorizer=default,
            binary_media_types=list(template.resolver.resolve(props.get("BinaryMediaTypes") or [])),
        )
    return apis
