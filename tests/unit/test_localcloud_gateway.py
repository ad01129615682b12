"""The local REST gateway in-process: routing, Lambda authorizers, proxy events and responses."""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.gateway import RestGateway
from soulseer_tools.localcloud.policy import evaluate
from soulseer_tools.localcloud.template import Template

TEMPLATE = r"""
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: test
      Cors: {AllowOrigin: "'http://web.test'", AllowHeaders: "'Authorization'", MaxAge: "'60'"}
      Auth:
        DefaultAuthorizer: Auth
        AddDefaultAuthorizerToCorsPreflight: false
        Authorizers:
          Auth:
            FunctionArn: !GetAtt AuthFn.Arn
            Identity: {Header: Authorization, ValidationExpression: "^Bearer \\w+$", ReauthorizeEvery: 300}
  Denied:
    Type: AWS::ApiGateway::GatewayResponse
    Properties:
      RestApiId: !Ref Api
      ResponseType: ACCESS_DENIED
      StatusCode: "403"
      ResponseTemplates: {application/json: '{"denied": true}'}
  AuthFn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: fns/auth/, Handler: app.handler}
  EchoFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fns/echo/
      Handler: app.handler
      Environment: {Variables: {GREETING: !Sub "hello-${AWS::Region}"}}
      Events:
        Public:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: "/echo/{name}", Method: get, Auth: {Authorizer: NONE}}
        Private: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /echo, Method: post}}
        Other: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /other, Method: get}}
        Boom: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /boom, Method: get, Auth: {Authorizer: NONE}}}
        Bad: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /bad, Method: get, Auth: {Authorizer: NONE}}}
"""

AUTH_APP = """
CALLS = []

def handler(event, context):
    CALLS.append(event)
    token = event["authorizationToken"].split()[1]
    if token == "nobody":
        raise Exception("Unauthorized")
    if token == "crash":
        raise ValueError("boom")
    if token == "nested":
        return {"principalId": "u", "policyDocument": {"Statement": []}, "context": {"a": {"b": 1}}}
    effect = "Deny" if token == "deny" else "Allow"
    api, _, rest = event["methodArn"].partition("/")
    resource = f"{api}/test/POST/echo" if token == "narrow" else f"{api}/test/*/*"
    return {
        "principalId": "user_" + token,
        "policyDocument": {"Version": "2012-10-17",
                           "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]},
        "context": {"user_id": "user_" + token, "n": 7, "ok": True},
    }
"""

ECHO_APP = """
import json
import os

def handler(event, context):
    if event["resource"] == "/boom":
        raise RuntimeError("kaboom")
    if event["resource"] == "/bad":
        return "not a proxy response"
    body = {"event": event, "greeting": os.environ.get("GREETING"), "fn": context.function_name,
            "remaining": context.get_remaining_time_in_millis()}
    return {"statusCode": 201, "headers": {"X-One": "1"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": json.dumps(body)}
"""


@pytest.fixture
def gateway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RestGateway:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    for name, source in (("auth", AUTH_APP), ("echo", ECHO_APP)):
        (tmp_path / "fns" / name).mkdir(parents=True)
        (tmp_path / "fns" / name / "app.py").write_text(source)
    for module in ("soulseer_localcloud_fn_AuthFn", "soulseer_localcloud_fn_EchoFn"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    template = Template(tmp_path / "template.yaml")
    for key, value in template.env_union().items():
        monkeypatch.setenv(key, value)
    return RestGateway(template.rest_api(), FunctionRunner(template.functions))


def call(gateway: RestGateway, method: str, path: str, **kwargs: Any) -> tuple[int, dict[str, Any], Any]:
    async def go() -> tuple[int, dict[str, Any], Any]:
        async with TestClient(TestServer(gateway.app())) as client:
            response = await client.request(method, path, **kwargs)
            text = await response.text()
            headers = {k: ", ".join(response.headers.getall(k)) for k in response.headers}
            return response.status, headers, json.loads(text) if text else None

    return asyncio.run(go())


def auth_calls() -> list[dict[str, Any]]:
    module = sys.modules.get("soulseer_localcloud_fn_AuthFn")
    return module.CALLS if module else []


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_public_route_gets_a_rest_proxy_event(gateway: RestGateway) -> None:
    status, headers, body = call(gateway, "GET", "/echo/w%20x?a=1&a=2&b=3", headers={"X-Multi": "q"})
    assert status == 201
    assert headers["Set-Cookie"] == "a=1, b=2" and headers["X-One"] == "1"
    event = body["event"]
    assert event["resource"] == "/echo/{name}"
    assert event["path"] == "/echo/w x"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"name": "w x"}
    assert event["queryStringParameters"] == {"a": "2", "b": "3"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["3"]}
    assert event["headers"]["X-Multi"] == "q" and event["multiValueHeaders"]["X-Multi"] == ["q"]
    assert event["body"] is None and event["isBase64Encoded"] is False
    assert event["stageVariables"] is None
    context = event["requestContext"]
    assert context["path"] == "/test/echo/w x" and context["stage"] == "test"
    assert context["resourcePath"] == "/echo/{name}" and context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["accountId"] == "123456789012" and "authorizer" not in context
    assert body["greeting"] == "hello-us-east-1" and body["fn"] == "EchoFn" and body["remaining"] > 0
    assert auth_calls() == []


def test_missing_or_malformed_token_is_401_without_invoking(gateway: RestGateway) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer a.b"}):
        status, response_headers, body = call(gateway, "POST", "/echo", headers=headers)
        assert status == 401
        assert body == {"message": "Unauthorized"}  # AWS's default: the template declares no UNAUTHORIZED
        assert response_headers["x-amzn-ErrorType"] == "UnauthorizedException"
    assert auth_calls() == []


def test_allowed_request_carries_authorizer_context_and_is_cached(gateway: RestGateway) -> None:
    status, _, body = call(gateway, "POST", "/echo", headers=bearer("good"), data=b'{"x": 1}')
    assert status == 201
    event = body["event"]
    assert event["body"] == '{"x": 1}'
    authorizer = event["requestContext"]["authorizer"]
    assert authorizer["principalId"] == "user_good"
    assert authorizer["user_id"] == "user_good" and authorizer["n"] == "7" and authorizer["ok"] == "true"
    call(gateway, "GET", "/other", headers=bearer("good"))
    (only,) = auth_calls()  # the second request used the cached policy
    assert only["type"] == "TOKEN" and only["authorizationToken"] == "Bearer good"
    assert only["methodArn"].startswith("arn:aws:execute-api:us-east-1:123456789012:")
    assert only["methodArn"].endswith("/test/POST/echo")


def test_cached_policy_is_evaluated_per_method_arn(gateway: RestGateway) -> None:
    assert call(gateway, "POST", "/echo", headers=bearer("narrow"))[0] == 201
    status, _, body = call(gateway, "GET", "/other", headers=bearer("narrow"))
    assert (status, body) == (403, {"denied": True})
    assert len(auth_calls()) == 1


def test_authorizer_outcomes(gateway: RestGateway) -> None:
    assert call(gateway, "POST", "/echo", headers=bearer("deny"))[:3:2] == (403, {"denied": True})
    assert call(gateway, "POST", "/echo", headers=bearer("nobody"))[:3:2] == (401, {"message": "Unauthorized"})
    assert call(gateway, "POST", "/echo", headers=bearer("crash"))[:3:2] == (500, {"message": None})
    assert call(gateway, "POST", "/echo", headers=bearer("nested"))[0] == 500


def test_unknown_path_and_wrong_method_are_missing_authentication_token(gateway: RestGateway) -> None:
    for method, path in (("GET", "/nope"), ("DELETE", "/echo"), ("GET", "/echo")):
        status, headers, body = call(gateway, method, path)
        assert (status, body) == (403, {"message": "Missing Authentication Token"})
        assert headers["x-amzn-ErrorType"] == "IncompleteSignatureException"


def test_preflight_answers_from_cors_settings(gateway: RestGateway) -> None:
    status, headers, body = call(gateway, "OPTIONS", "/echo")
    assert status == 200 and body is None
    assert headers["Access-Control-Allow-Origin"] == "http://web.test"
    assert headers["Access-Control-Allow-Headers"] == "Authorization"
    assert headers["Access-Control-Allow-Methods"] == "OPTIONS,POST"
    assert headers["Access-Control-Max-Age"] == "60"


def test_handler_errors_are_502(gateway: RestGateway) -> None:
    assert call(gateway, "GET", "/boom")[:3:2] == (502, {"message": "Internal server error"})
    assert call(gateway, "GET", "/bad")[:3:2] == (502, {"message": "Internal server error"})


def test_binary_body_is_base64(gateway: RestGateway) -> None:
    raw = bytes([0xFF, 0x00, 0xFE])
    _, _, body = call(gateway, "POST", "/echo", headers=bearer("good"), data=raw)
    assert body["event"]["isBase64Encoded"] is True
    assert base64.b64decode(body["event"]["body"]) == raw


@pytest.mark.parametrize(
    ("resource", "effect"),
    [
        ("arn:aws:execute-api:us-east-1:1:api/dev/GET/api/me", "allow"),
        ("arn:aws:execute-api:us-east-1:1:api/dev/*/*", "allow"),
        ("arn:aws:execute-api:us-east-1:1:api/dev/GET/*", "allow"),
        ("arn:aws:execute-api:*:1:api/dev/G?T/api/*", "allow"),
        ("arn:aws:execute-api:us-east-1:1:api/dev/PUT/*", "implicit_deny"),
        ("arn:aws:execute-api:us-east-1:1:api/prod/*/*", "implicit_deny"),
        ("*", "allow"),
    ],
)
def test_policy_wildcards(resource: str, effect: str) -> None:
    document = {"Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resource}]}
    assert evaluate(document, "arn:aws:execute-api:us-east-1:1:api/dev/GET/api/me") == effect


def test_explicit_deny_wins() -> None:
    document = {
        "Statement": [
            {"Action": "execute-api:*", "Effect": "Allow", "Resource": ["*"]},
            {"Action": ["execute-api:Invoke"], "Effect": "Deny", "Resource": "arn:*/dev/GET/api/me"},
        ]
    }
    assert evaluate(document, "arn:aws:execute-api:us-east-1:1:api/dev/GET/api/me") == "explicit_deny"
    assert evaluate(document, "arn:aws:execute-api:us-east-1:1:api/dev/GET/api/other") == "allow"
