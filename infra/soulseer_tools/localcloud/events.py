"""The REST proxy integration (payload 1.0): HTTP request -> Lambda event, Lambda result -> HTTP response."""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

from soulseer_tools.localcloud.intrinsics import ACCOUNT_ID, REGION
from soulseer_tools.localcloud.responses import HttpResponse


@dataclass(frozen=True)
class HttpRequest:
    """What the gateway needs of an incoming request, independent of the web framework."""

    method: str
    path: str  # decoded
    headers: Sequence[tuple[str, str]]
    query: Sequence[tuple[str, str]]
    body: bytes
    source_ip: str
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        found = [value for key, value in self.headers if key.lower() == name.lower()]
        return found[-1] if found else None


@dataclass(frozen=True)
class ApiTarget:
    """Where a request landed: the API, its stage and the matched resource."""

    api_id: str
    stage: str
    resource: str
    path_parameters: dict[str, str]
    binary_media_types: Sequence[str] = ()

    def method_arn(self, method: str, path: str) -> str:
        api = f"arn:aws:execute-api:{REGION}:{ACCOUNT_ID}:{self.api_id}"
        return f"{api}/{self.stage}/{method}/{path.lstrip('/')}"


def _multi(pairs: Sequence[tuple[str, str]], fold_case: bool) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for key, value in pairs:
        name = names.setdefault(key.lower(), key) if fold_case else key
        grouped.setdefault(name, []).append(value)
    return grouped


def _body(request: HttpRequest, binary_types: Sequence[str]) -> tuple[str | None, bool]:
    if not request.body:
        return None, False
    content_type = (request.header("Content-Type") or "").split(";")[0].strip()
    if not any(fnmatch(content_type, pattern) for pattern in binary_types):
        try:
            return request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode("ascii"), True


def request_context(request: HttpRequest, target: ApiTarget, request_id: str) -> dict[str, Any]:
    now = time.time()
    return {
        "accountId": ACCOUNT_ID,
        "apiId": target.api_id,
        "domainName": request.header("Host") or "127.0.0.1",
        "domainPrefix": target.api_id,
        "extendedRequestId": request_id,
        "httpMethod": request.method,
        "identity": {
            "accessKey": None,
            "accountId": None,
            "caller": None,
            "cognitoAuthenticationProvider": None,
            "cognitoAuthenticationType": None,
            "cognitoIdentityId": None,
            "cognitoIdentityPoolId": None,
            "principalOrgId": None,
            "sourceIp": request.source_ip,
            "user": None,
            "userAgent": request.header("User-Agent"),
            "userArn": None,
        },
        "path": f"/{target.stage}{request.path}",
        "protocol": request.protocol,
        "requestId": request_id,
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "requestTimeEpoch": int(now * 1000),
        "resourceId": target.resource.strip("/").replace("/", "-")[:10] or "root",
        "resourcePath": target.resource,
        "stage": target.stage,
    }


def proxy_event(
    request: HttpRequest, target: ApiTarget, request_id: str, authorizer: dict[str, Any] | None
) -> dict[str, Any]:
    headers = _multi(request.headers, fold_case=True)
    query = _multi(request.query, fold_case=False)
    body, is_base64 = _body(request, target.binary_media_types)
    context = request_context(request, target, request_id)
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {
        "resource": target.resource,
        "path": request.path,
        "httpMethod": request.method,
        "headers": {name: values[-1] for name, values in headers.items()} or None,
        "multiValueHeaders": headers or None,
        "queryStringParameters": {name: values[-1] for name, values in query.items()} or None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": target.path_parameters or None,
        "stageVariables": None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": is_base64,
    }


class MalformedProxyResponse(ValueError):
    pass


def http_response(result: Any, request_id: str) -> HttpResponse:
    """Map the handler's proxy result to HTTP, rejecting what API Gateway would reject (-> 502)."""
    if not isinstance(result, dict) or not isinstance(result.get("statusCode"), int | str):
        raise MalformedProxyResponse("the result needs a statusCode")
    try:
        status = int(result["statusCode"])
    except ValueError:
        raise MalformedProxyResponse(f"statusCode {result['statusCode']!r} is not a number") from None
    body = result.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedProxyResponse("body must be a string")
    multi = result.get("multiValueHeaders") or {}
    single = result.get("headers") or {}
    if not isinstance(multi, dict) or not isinstance(single, dict):
        raise MalformedProxyResponse("headers and multiValueHeaders must be maps")
    headers: list[tuple[str, str]] = [(k, str(v)) for k, v in single.items() if k not in multi]
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedProxyResponse("multiValueHeaders values must be lists")
        headers.extend((name, str(value)) for value in values)
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    headers.append(("x-amzn-RequestId", request_id))
    raw = (body or "").encode()
    if result.get("isBase64Encoded") and body:
        raw = base64.b64decode(body)
    return HttpResponse(status=status, headers=headers, body=raw)
