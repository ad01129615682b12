"""The local WebSocket API in-process: template reader, handshake + REQUEST authorizer, route selection,
per-connection ordering, the @connections management API through the real boto3 client, AWS's limits."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
import boto3
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestServer
from botocore.exceptions import ClientError

from soulseer_tools.localcloud.environment import lambda_environment
from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.intrinsics import TemplateError
from soulseer_tools.localcloud.template import Template
from soulseer_tools.localcloud.websocket import FRAME_LIMIT_BYTES, WebSocketGateway
from soulseer_tools.localcloud.ws_events import select_route

ROOT = Path(__file__).resolve().parents[2]

# -- the reader on the real template ----------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Template:
    return Template(ROOT / "template.yaml")


def test_real_template_websocket_api(real: Template) -> None:
    api = real.websocket_api()
    assert api is not None
    assert api.logical_id == "WebSocketApi" and api.name == "soulseer-dev-ws"
    assert api.route_selection_expression == "$request.body.action"
    assert api.stage == "dev"
    assert set(api.routes) == {"$connect", "$disconnect", "$default"}  # no route per action: $default's integration
    actions = ("join-reading", "offer", "answer", "ice-candidate", "chat-message", "end-session", "heartbeat",
               "accept-reading", "decline-reading", "join-stream", "leave-stream")  # fmt: skip
    for action in actions:  # every action reaches the function, on $default
        assert select_route(api.route_selection_expression, json.dumps({"action": action}), api.routes) == "$default"
    assert {route.function_id for route in api.routes.values()} == {"WebSocketFunction"}
    assert api.routes["$connect"].authorizer == "WebSocketAuthorizer"
    assert all(route.authorizer is None for key, route in api.routes.items() if key != "$connect")
    authorizer = api.authorizers["WebSocketAuthorizer"]
    assert authorizer.function_id == "AuthorizerFunction"
    assert authorizer.payload_type == "REQUEST"
    assert authorizer.identity_query_strings == ("token",) and authorizer.identity_headers == ()
    assert authorizer.ttl_seconds == 0


def test_real_template_functions_reach_the_local_websocket_api(real: Template) -> None:
    env = lambda_environment(real, "http://127.0.0.1:4566", websocket_port=3456)
    assert env["WEBSOCKET_URL"] == "ws://127.0.0.1:3456/dev"
    assert env["WEBSOCKET_MANAGEMENT_URL"] == "http://127.0.0.1:3456/dev"
    untouched = lambda_environment(real, "http://127.0.0.1:4566")
    assert untouched["WEBSOCKET_URL"].startswith("wss://") and "amazonaws.com" in untouched["WEBSOCKET_URL"]


@pytest.mark.parametrize(
    ("expression", "body", "expected"),
    [
        ("$request.body.action", '{"action": "echo"}', "echo"),
        ("$request.body.action", '{"action": "nope"}', "$default"),
        ("$request.body.action", '{"action": 5}', "$default"),
        ("$request.body.action", "not json", "$default"),
        ("$request.body.action", '["echo"]', "$default"),
        ("$request.body.action", "{}", "$default"),
        ("$request.body.meta.kind", '{"meta": {"kind": "echo"}}', "echo"),
        ("${request.body.a}-${request.body.b}", '{"a": "x", "b": "y"}', "x-y"),
        ("${request.body.a}-${request.body.b}", '{"a": "x"}', "$default"),
        ("$default", '{"action": "echo"}', "$default"),
    ],
)
def test_route_selection(expression: str, body: str, expected: str) -> None:
    assert select_route(expression, body, {"echo", "x-y", "$default"}) == expected


# -- a WebSocket API with fake handlers -------------------------------------------------------------

TEMPLATE = r"""
Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: ws-test, ProtocolType: WEBSOCKET, RouteSelectionExpression: "$request.body.action"}
  WsAuth:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref Ws
      Name: TestAuthorizer
      AuthorizerType: REQUEST
      AuthorizerUri: !Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/\
        ${WsAuthFn.Arn}/invocations"
      IdentitySource: [route.request.querystring.token]
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Ws
      IntegrationType: AWS_PROXY
      IntegrationUri: !Join
        - ""
        - ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/", !GetAtt WsFn.Arn, "/invocations"]
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Ws, RouteKey: "$connect", AuthorizationType: CUSTOM, AuthorizerId: !Ref WsAuth,
                 Target: !Sub "integrations/${Integration}"}
  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Ws, RouteKey: "$disconnect", Target: !Sub "integrations/${Integration}"}
  EchoRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Ws, RouteKey: echo, Target: !Sub "integrations/${Integration}"}
  BoomRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Ws, RouteKey: boom, Target: !Sub "integrations/${Integration}"}
  ReplyRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Ws, RouteKey: reply, Target: !Sub "integrations/${Integration}"}
  ReplyRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: {ApiId: !Ref Ws, RouteId: !Ref ReplyRoute, RouteResponseKey: "$default"}
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: {ApiId: !Ref Ws, StageName: test}
  WsAuthFn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: fns/auth/, Handler: app.handler}
  WsFn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fns/ws/
      Handler: app.handler
      FunctionName: ws-test-handler
      Timeout: 10
      Environment:
        Variables:
          WEBSOCKET_MANAGEMENT_URL: !Sub "https://${Ws}.execute-api.${AWS::Region}.amazonaws.com/test"
"""

DEFAULT_ROUTE = """
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: {ApiId: !Ref Ws, RouteKey: "$default", Target: !Sub "integrations/${Integration}"}
"""

AUTH_APP = """
CALLS = []

def handler(event, context):
    CALLS.append(event)
    token = event["queryStringParameters"]["token"]
    if token == "nobody":
        raise Exception("Unauthorized")
    if token == "crash":
        raise ValueError("boom")
    effect = "Deny" if token == "deny" else "Allow"
    return {
        "principalId": "user_" + token,
        "policyDocument": {"Version": "2012-10-17",
                           "Statement": [{"Action": "execute-api:Invoke", "Effect": effect,
                                          "Resource": event["methodArn"]}]},
        "context": {"user_id": "user_" + token, "role": "client"},
    }
"""

WS_APP = """
import json
import os
import threading
import time

import boto3

CALLS = []
ACTIVE = {"now": 0, "max": 0}
_lock = threading.Lock()


def post(event, data):
    client = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["WEBSOCKET_MANAGEMENT_URL"])
    client.post_to_connection(ConnectionId=event["requestContext"]["connectionId"], Data=json.dumps(data).encode())


def handler(event, context):
    CALLS.append(event)
    request = event["requestContext"]
    route = request["routeKey"]
    if route == "$connect":
        if (event.get("queryStringParameters") or {}).get("refuse"):
            return {"statusCode": 403, "body": "refused by the handler"}
        return {"statusCode": 200}
    if route == "$disconnect":
        return {"statusCode": 200}
    if route == "$default":
        post(event, {"route": "$default", "body": event["body"]})
        return {"statusCode": 200}
    message = json.loads(event["body"])
    if route == "boom":
        raise RuntimeError("boom")
    if route == "reply":
        return {"statusCode": 200, "body": json.dumps({"replied": message["x"]})}
    with _lock:
        ACTIVE["now"] += 1
        ACTIVE["max"] = max(ACTIVE["max"], ACTIVE["now"])
    try:
        time.sleep(message.get("sleep", 0))
    finally:
        with _lock:
            ACTIVE["now"] -= 1
    post(event, {"route": route, "seq": message.get("seq"), "event": event})
    return {"statusCode": 200}
"""


def module(name: str) -> Any:
    return sys.modules[f"soulseer_localcloud_fn_{name}"]


@dataclass
class Cloud:
    base: str  # http://127.0.0.1:port
    gateway: WebSocketGateway

    def ws_url(self, query: str = "") -> str:
        return self.base.replace("http://", "ws://") + "/test" + (f"?{query}" if query else "")

    def management(self) -> Any:
        return boto3.client("apigatewaymanagementapi", endpoint_url=self.base + "/test")

    def calls(self, route: str | None = None) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = module("WsFn").CALLS
        return [c for c in calls if route is None or c["requestContext"]["routeKey"] == route]


Factory = Callable[..., Any]


@pytest.fixture
def start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Factory:
    """`async with start(...) as cloud`: the WebSocket API served on a free port with the fake handlers."""
    for name, source in (("auth", AUTH_APP), ("ws", WS_APP)):
        (tmp_path / "fns" / name).mkdir(parents=True)
        (tmp_path / "fns" / name / "app.py").write_text(source)
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")

    @asynccontextmanager
    async def running(with_default: bool = True, **limits: Any) -> AsyncIterator[Cloud]:
        (tmp_path / "template.yaml").write_text(TEMPLATE + (DEFAULT_ROUTE if with_default else ""))
        for name in ("WsAuthFn", "WsFn"):
            monkeypatch.delitem(sys.modules, f"soulseer_localcloud_fn_{name}", raising=False)
        template = Template(tmp_path / "template.yaml")
        api = template.websocket_api()
        assert api is not None
        gateway = WebSocketGateway(api, FunctionRunner(template.functions), **limits)
        server = TestServer(gateway.app(), host="127.0.0.1")
        await server.start_server()
        try:
            env = lambda_environment(template, "http://127.0.0.1:1", websocket_port=server.port)
            monkeypatch.setenv("WEBSOCKET_MANAGEMENT_URL", env["WEBSOCKET_MANAGEMENT_URL"])
            yield Cloud(f"http://127.0.0.1:{server.port}", gateway)
        finally:
            await gateway.close()  # as `soulseer dev` does: while @connections is still served
            await server.close()

    return running


async def receive_json(ws: aiohttp.ClientWebSocketResponse, timeout: float = 10) -> Any:
    message = await ws.receive(timeout=timeout)
    assert message.type is WSMsgType.TEXT, message
    return json.loads(message.data)


async def until(predicate: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


async def handshake_status(cloud: Cloud, query: str) -> int:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(cloud.ws_url(query))
        return refused.value.status


def test_reader_links_routes_authorizer_and_route_responses(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    api = Template(tmp_path / "template.yaml").websocket_api()
    assert api is not None and api.stage == "test"
    assert api.routes["echo"].function_id == "WsFn"  # FunctionName ws-test-handler, found by its ARN
    assert api.routes["reply"].two_way and not api.routes["echo"].two_way
    assert api.authorizers["WsAuth"].function_id == "WsAuthFn"
    assert "$default" not in api.routes


def test_reader_refuses_unsupported_identity_sources(tmp_path: Path) -> None:
    text = TEMPLATE.replace("route.request.querystring.token", "stageVariables.secret")
    (tmp_path / "template.yaml").write_text(text)
    with pytest.raises(TemplateError, match="identity source"):
        _ = Template(tmp_path / "template.yaml").websocket_apis


def test_handshake_refusals(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud:
            assert await handshake_status(cloud, "") == 401  # no token: the authorizer is not invoked
            assert await handshake_status(cloud, "token=") == 401
            assert "soulseer_localcloud_fn_WsAuthFn" not in sys.modules  # never loaded, never invoked
            assert await handshake_status(cloud, "token=nobody") == 401  # raises Exception("Unauthorized")
            assert await handshake_status(cloud, "token=deny") == 403
            assert await handshake_status(cloud, "token=crash") == 500
            assert await handshake_status(cloud, "token=good&refuse=1") == 403  # the $connect handler's 403
            assert len(module("WsAuthFn").CALLS) == 4
            assert [c["queryStringParameters"] for c in cloud.calls("$connect")] == [{"token": "good", "refuse": "1"}]
            assert cloud.calls("$disconnect") == []  # refused handshakes never connected

    asyncio.run(scenario())


def test_connect_events_and_message_events(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            async with session.ws_connect(cloud.ws_url("token=alice&x=1&x=2")) as ws:
                (auth,) = module("WsAuthFn").CALLS
                assert auth["type"] == "REQUEST"
                api_id = cloud.gateway.target.api_id
                assert auth["methodArn"] == f"arn:aws:execute-api:us-east-1:123456789012:{api_id}/test/$connect"
                assert auth["queryStringParameters"] == {"token": "alice", "x": "2"}
                assert auth["multiValueQueryStringParameters"]["x"] == ["1", "2"]
                assert auth["stageVariables"] == {} and "Host" in auth["headers"]
                context = auth["requestContext"]
                assert (context["routeKey"], context["eventType"], context["stage"]) == ("$connect", "CONNECT", "test")
                assert context["identity"]["sourceIp"] == "127.0.0.1" and context["apiId"] == api_id
                (connect,) = cloud.calls("$connect")
                connection_id = connect["requestContext"]["connectionId"]
                assert connect["requestContext"]["connectionId"] == context["connectionId"]
                assert connect["requestContext"]["authorizer"]["user_id"] == "user_alice"
                assert connect["requestContext"]["authorizer"]["principalId"] == "user_alice"
                assert connect["isBase64Encoded"] is False

                await ws.send_str(json.dumps({"action": "echo", "seq": 1}))
                reply = await receive_json(ws)
                assert reply["route"] == "echo" and reply["seq"] == 1
                event = reply["event"]
                assert event["body"] == '{"action": "echo", "seq": 1}' and event["isBase64Encoded"] is False
                message_context = event["requestContext"]
                assert message_context["eventType"] == "MESSAGE" and message_context["routeKey"] == "echo"
                assert message_context["connectionId"] == connection_id and message_context["messageId"]
                assert message_context["authorizer"]["user_id"] == "user_alice"  # the $connect one

                for body in ('{"action": "unknown"}', "plain text", '{"no": "action"}'):
                    await ws.send_str(body)
                    assert await receive_json(ws) == {"route": "$default", "body": body}

                await ws.send_str('{"action": "boom"}')
                failure = await receive_json(ws)
                assert failure["message"] == "Internal server error" and failure["connectionId"] == connection_id

                await ws.send_str('{"action": "reply", "x": 42}')  # a two-way route: the body comes back
                assert await receive_json(ws) == {"replied": 42}
            await until(lambda: len(cloud.calls("$disconnect")) == 1)
            (gone,) = cloud.calls("$disconnect")
            assert gone["requestContext"]["eventType"] == "DISCONNECT"
            assert gone["requestContext"]["disconnectStatusCode"] == 1000
            assert gone["requestContext"]["connectionId"] == connection_id
            assert gone["requestContext"]["authorizer"]["user_id"] == "user_alice"

    asyncio.run(scenario())


def test_no_default_route_answers_forbidden(start: Factory) -> None:
    async def scenario() -> None:
        async with start(with_default=False) as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=bob"))
            connection_id = cloud.calls("$connect")[0]["requestContext"]["connectionId"]
            await ws.send_str('{"action": "nothing-here"}')
            answer = await receive_json(ws)
            assert answer["message"] == "Forbidden" and answer["connectionId"] == connection_id
            assert answer["requestId"]
            await ws.send_str('{"action": "echo", "seq": 7}')  # still open and routing
            assert (await receive_json(ws))["seq"] == 7
            await ws.close()

    asyncio.run(scenario())


def test_one_connection_in_order_and_one_event_at_a_time_per_function(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            slow = await session.ws_connect(cloud.ws_url("token=slow"))
            fast = await session.ws_connect(cloud.ws_url("token=fast"))
            for seq in range(12):  # early messages sleep longest: threads would finish them last
                sleep = 1.0 if seq == 0 else (12 - seq) * 0.02
                await slow.send_str(json.dumps({"action": "echo", "seq": seq, "sleep": sleep}))
            await until(lambda: module("WsFn").ACTIVE["now"] == 1)  # the slow connection's first is running
            await fast.send_str(json.dumps({"action": "echo", "seq": 100, "sleep": 0}))
            assert (await receive_json(fast))["seq"] == 100
            received = [(await receive_json(slow))["seq"] for _ in range(12)]
            assert received == list(range(12))
            assert module("WsFn").ACTIVE["max"] == 1  # a function (a container) handles one event at a time
            await slow.close()
            await fast.close()

    asyncio.run(scenario())


def test_a_frame_nested_too_deep_to_parse_leaves_the_connection_working(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=deep"))
            deep = '{"action": ' + "[" * 15_000 + "]" * 15_000 + "}"
            await ws.send_str(deep)
            answer = await receive_json(ws)
            assert answer["route"] == "$default" and answer["body"] == deep
            await ws.send_str(json.dumps({"action": "reply", "x": 7}))
            assert await receive_json(ws) == {"replied": 7}
            await ws.close()

    asyncio.run(scenario())


def test_management_api_with_boto3(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=carol"), headers={"User-Agent": "test-agent/1"})
            connection_id = cloud.calls("$connect")[0]["requestContext"]["connectionId"]
            client = cloud.management()
            before = time.time()
            await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b'{"hello": 1}')
            message = await ws.receive(timeout=5)
            assert (message.type, message.data) == (WSMsgType.TEXT, '{"hello": 1}')

            info = await asyncio.to_thread(client.get_connection, ConnectionId=connection_id)
            assert isinstance(info["ConnectedAt"], datetime) and isinstance(info["LastActiveAt"], datetime)
            assert info["ConnectedAt"].timestamp() <= before + 1
            assert info["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "test-agent/1"}

            await asyncio.to_thread(client.delete_connection, ConnectionId=connection_id)
            closed = await ws.receive(timeout=5)
            assert closed.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)
            await until(lambda: len(cloud.calls("$disconnect")) == 1)
            for call in (
                lambda: client.post_to_connection(ConnectionId=connection_id, Data=b"late"),
                lambda: client.get_connection(ConnectionId=connection_id),
                lambda: client.delete_connection(ConnectionId=connection_id),
                lambda: client.post_to_connection(ConnectionId="unknownConnId=", Data=b"x"),
            ):
                with pytest.raises(client.exceptions.GoneException) as gone:
                    await asyncio.to_thread(call)
                assert gone.value.response["Error"]["Code"] == "GoneException"
                assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
            await ws.close()

    asyncio.run(scenario())


def test_handlers_post_back_through_boto3_and_closed_connections_are_gone(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=dave"))
            connection_id = cloud.calls("$connect")[0]["requestContext"]["connectionId"]
            await ws.close()  # the client leaves
            await until(lambda: len(cloud.calls("$disconnect")) == 1)
            client = cloud.management()
            with pytest.raises(ClientError) as gone:
                await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=b"x")
            assert gone.value.response["Error"]["Code"] == "GoneException"

    asyncio.run(scenario())


def test_post_to_connection_payload_limit(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=erin"))
            connection_id = cloud.calls("$connect")[0]["requestContext"]["connectionId"]
            client = cloud.management()
            big = b"x" * (128 * 1024)
            await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=big)
            assert len((await ws.receive(timeout=5)).data) == len(big)
            with pytest.raises(ClientError) as too_large:
                await asyncio.to_thread(client.post_to_connection, ConnectionId=connection_id, Data=big + b"x")
            assert too_large.value.response["Error"]["Code"] == "PayloadTooLargeException"
            await ws.close()

    asyncio.run(scenario())


def test_frame_limit_closes_with_1009(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=frank"))
            fits = json.dumps({"action": "echo", "seq": 1, "pad": "p" * 1000})
            await ws.send_str(fits)
            assert (await receive_json(ws))["seq"] == 1
            await ws.send_str(json.dumps({"action": "echo", "pad": "p" * FRAME_LIMIT_BYTES}))
            closed = await ws.receive(timeout=5)
            assert closed.type is WSMsgType.CLOSE and closed.data == 1009
            await until(lambda: len(cloud.calls("$disconnect")) == 1)
            assert cloud.calls("$disconnect")[0]["requestContext"]["disconnectStatusCode"] == 1009
            assert [c["requestContext"]["routeKey"] for c in cloud.calls()].count("echo") == 1

    asyncio.run(scenario())


def test_binary_frames_close_with_1003(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=gina"))
            await ws.send_bytes(b"\x00\x01")
            closed = await ws.receive(timeout=5)
            assert closed.type is WSMsgType.CLOSE and closed.data == 1003
            await until(lambda: len(cloud.calls("$disconnect")) == 1)

    asyncio.run(scenario())


def test_idle_connections_are_closed_and_messages_keep_them_open(start: Factory) -> None:
    async def scenario() -> None:
        async with start(idle_timeout_seconds=2.0) as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=hank"))
            for seq in range(3):  # 3 s of life, never 2 s silent (an echo's own time, under load, included)
                await asyncio.sleep(1.0)
                await ws.send_str(json.dumps({"action": "echo", "seq": seq}))
                assert (await receive_json(ws))["seq"] == seq
            started = time.monotonic()
            closed = await ws.receive(timeout=8)
            assert closed.type is WSMsgType.CLOSE and closed.data == 1001
            assert 0.5 < time.monotonic() - started < 4
            await until(lambda: len(cloud.calls("$disconnect")) == 1)
            context = cloud.calls("$disconnect")[0]["requestContext"]
            assert (context["disconnectStatusCode"], context["disconnectReason"]) == (1001, "Going away")

    asyncio.run(scenario())


def test_connections_end_at_the_maximum_duration(start: Factory) -> None:
    async def scenario() -> None:
        async with start(max_connection_seconds=0.8) as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=ivy"))
            started = time.monotonic()
            while True:  # busy, yet it ends
                await ws.send_str(json.dumps({"action": "echo", "seq": 0}))
                message = await ws.receive(timeout=5)
                if message.type is not WSMsgType.TEXT:
                    break
                await asyncio.sleep(0.1)
            assert message.type is WSMsgType.CLOSE and message.data == 1001
            assert 0.7 < time.monotonic() - started < 2.5

    asyncio.run(scenario())


def test_plain_http_and_other_paths(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            async with session.get(cloud.base + "/test") as response:
                assert response.status == 426
            async with session.post(cloud.base + "/other/@connections/abc", data=b"x") as response:
                assert response.status == 403
                assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"

    asyncio.run(scenario())


def test_closing_the_gateway_ends_connections_and_refuses_new_ones(start: Factory) -> None:
    async def scenario() -> None:
        async with start() as cloud, aiohttp.ClientSession() as session:
            ws = await session.ws_connect(cloud.ws_url("token=jack"))
            await ws.send_str(json.dumps({"action": "echo", "seq": 1, "sleep": 0.3}))  # in flight at close
            await asyncio.sleep(0.1)
            await cloud.gateway.close()  # returns once the last message and $disconnect were handled
            assert [call["requestContext"]["routeKey"] for call in cloud.calls()] == ["$connect", "echo", "$disconnect"]
            closed = await ws.receive(timeout=5)
            assert closed.type is WSMsgType.CLOSE and closed.data == 1001
            context = cloud.calls("$disconnect")[0]["requestContext"]
            assert (context["disconnectStatusCode"], context["disconnectReason"]) == (1001, "Going away")
            assert await handshake_status(cloud, "token=late") == 503

    asyncio.run(scenario())
