"""The WebSocket API on 127.0.0.1, served from template.yaml the way API Gateway serves it.

`ws://host:port/<stage>` takes connections: the $connect route's REQUEST authorizer and integration decide
the handshake, messages are routed by the route selection expression, and $disconnect runs when a
connection ends. `http://host:port/<stage>/@connections/{id}` is the management API (POST, GET, DELETE)
that the functions reach with the real boto3 `apigatewaymanagementapi` client.

API Gateway's limits, applied locally: a message (frame) is at most 32 KB (larger: closed with 1009), a
connection that sends nothing for 10 minutes is closed (1001, "Going away"), none lives past 2 hours.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from multidict import CIMultiDict

from soulseer_tools.localcloud.authorize import AuthorizerGate
from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.gateway import api_id_for
from soulseer_tools.localcloud.model import WebSocketApi, WebSocketRoute
from soulseer_tools.localcloud.ws_events import (
    ConnectionInfo,
    WsTarget,
    authorizer_event,
    aws_id,
    connect_event,
    disconnect_event,
    message_event,
    select_route,
)

log = logging.getLogger("soulseer.localcloud")

FRAME_LIMIT_BYTES = 32 * 1024
POST_LIMIT_BYTES = 128 * 1024  # PostToConnection's Data
IDLE_TIMEOUT_SECONDS = 10 * 60
MAX_CONNECTION_SECONDS = 2 * 60 * 60
SHUTDOWN_GRACE_SECONDS = 3.0
_HANDSHAKE_FAILURES = {
    "UNAUTHORIZED": (401, "Unauthorized"),
    "ACCESS_DENIED": (403, "Forbidden"),
}
_DONE = object()  # ends a connection's message queue


def _iso(epoch_seconds: float) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _json(status: int, body: dict[str, Any], error_type: str | None = None) -> web.Response:
    headers = {"x-amzn-RequestId": str(uuid.uuid4())}
    if error_type:
        headers["x-amzn-ErrorType"] = error_type
    return web.json_response(body, status=status, headers=headers)


@dataclass
class Connection:
    info: ConnectionInfo
    ws: web.WebSocketResponse
    authorizer: dict[str, Any] | None
    started: float = field(default_factory=time.monotonic)
    last_message: float = field(default_factory=time.monotonic)  # the idle clock: client messages only
    last_active_at: float = field(default_factory=time.time)
    queue: asyncio.Queue[Any] = field(default_factory=asyncio.Queue)
    close_reason: tuple[int, str] | None = None  # set when the gateway closes it


class WebSocketGateway:
    def __init__(
        self,
        api: WebSocketApi,
        runner: FunctionRunner,
        *,
        idle_timeout_seconds: float = IDLE_TIMEOUT_SECONDS,
        max_connection_seconds: float = MAX_CONNECTION_SECONDS,
        frame_limit_bytes: int = FRAME_LIMIT_BYTES,
    ) -> None:
        self.api = api
        self.target = WsTarget(api_id_for(api.logical_id), api.stage)
        self.runner = runner
        self.gate = AuthorizerGate(self.runner.invoke_async)
        self.idle_timeout = idle_timeout_seconds
        self.max_duration = max_connection_seconds
        self.frame_limit = frame_limit_bytes
        self.connections: dict[str, Connection] = {}
        self._lives: set[asyncio.Task[None]] = set()  # accepted connections until their $disconnect ran
        self._open = True

    def app(self) -> web.Application:
        app = web.Application(client_max_size=POST_LIMIT_BYTES + 1024)
        stage = self.api.stage
        app.router.add_get(f"/{stage}", self.connect)
        app.router.add_post(f"/{stage}/@connections/{{connection_id}}", self.post_to_connection)
        app.router.add_get(f"/{stage}/@connections/{{connection_id}}", self.get_connection)
        app.router.add_delete(f"/{stage}/@connections/{{connection_id}}", self.delete_connection)
        app.router.add_route("*", "/{tail:.*}", self.forbidden)
        app.on_shutdown.append(lambda app: self.close())  # a fallback: call close() before the cleanup
        return app

    # -- the handshake and the connection's life ---------------------------------------------------
    async def connect(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=self.frame_limit, autoping=True)
        if not ws.can_prepare(request).ok:
            return _json(426, {"message": "Upgrade Required"})
        if not self._open:
            return _json(503, {"message": "Service Unavailable"})
        info = ConnectionInfo(
            connection_id=aws_id(),
            connected_at_ms=int(time.time() * 1000),
            source_ip=request.remote or "127.0.0.1",
            user_agent=request.headers.get("User-Agent"),
            domain_name=request.host,
            headers=list(request.headers.items()),
            query=list(request.query.items()),
        )
        started = time.monotonic()
        refused, authorizer, protocol = await self._admit(info, request)
        elapsed = (time.monotonic() - started) * 1000
        if refused is not None:
            log.info("WS $connect %s -> %s (%.0f ms)", info.connection_id, refused.status, elapsed)
            return refused
        if protocol:
            ws = web.WebSocketResponse(max_msg_size=self.frame_limit, autoping=True, protocols=(protocol,))
        await ws.prepare(request)
        log.info("WS $connect %s -> 101 (%.0f ms)", info.connection_id, elapsed)
        connection = Connection(info, ws, authorizer)
        self.connections[info.connection_id] = connection
        life = asyncio.create_task(self._life(connection))  # outlives a cancelled request handler
        self._lives.add(life)
        life.add_done_callback(self._lives.discard)
        await asyncio.shield(life)
        return ws

    async def _life(self, connection: Connection) -> None:
        """Messages until the connection closes; then the ones already received are handled and
        $disconnect runs."""
        worker = asyncio.create_task(self._work(connection))
        try:
            await self._receive(connection)
        finally:
            self.connections.pop(connection.info.connection_id, None)
            connection.queue.put_nowait(_DONE)
            await worker
            await self._disconnect(connection)

    async def _admit(
        self, info: ConnectionInfo, request: web.Request
    ) -> tuple[web.Response | None, dict[str, Any] | None, str | None]:
        """(refusal, authorizer context, subprotocol): the $connect authorizer, then its integration."""
        route = self.api.routes.get("$connect")
        if route is None:
            return None, None, None
        request_id = str(uuid.uuid4())
        context: dict[str, Any] | None = None
        if route.authorizer:
            decision = await self.gate.decide(
                self.api.authorizers[route.authorizer],
                method_arn=self.target.method_arn("$connect"),
                headers=CIMultiDict(info.headers),
                query=dict(info.query),
                request_event=lambda: authorizer_event(self.target, info, request_id),
            )
            if decision.failure:
                status, message = _HANDSHAKE_FAILURES.get(decision.failure, (500, "Internal server error"))
                return _json(status, {"message": message}), None, None
            context = decision.context
        if route.function_id is None:
            return None, context, None
        try:
            result = await self.runner.invoke_async(
                route.function_id, connect_event(self.target, info, request_id, context)
            )
        except Exception:
            log.exception("%s raised on $connect", route.function_id)
            return _json(500, {"message": "Internal server error"}), None, None
        if isinstance(result, dict) and "statusCode" in result:
            status = int(result["statusCode"])
            if not 200 <= status < 300:
                return web.Response(status=status, text=str(result.get("body") or "")), None, None
            headers = CIMultiDict(result.get("headers") or {})
            return None, context, headers.get("Sec-WebSocket-Protocol")
        return None, context, None

    def _remaining(self, connection: Connection) -> float:
        now = time.monotonic()
        return min(connection.last_message + self.idle_timeout, connection.started + self.max_duration) - now

    async def _receive(self, connection: Connection) -> None:
        ws = connection.ws
        while True:
            try:
                message = await ws.receive(timeout=max(0.001, self._remaining(connection)))
            except TimeoutError:
                connection.close_reason = (WSCloseCode.GOING_AWAY, "Going away")
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"Going away")
                return
            if message.type is WSMsgType.TEXT:
                connection.last_message = time.monotonic()
                connection.last_active_at = time.time()
                connection.queue.put_nowait(message.data)
            elif message.type is WSMsgType.BINARY:  # API Gateway takes text frames only
                connection.close_reason = (WSCloseCode.UNSUPPORTED_DATA, "Binary frames are not supported")
                await ws.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"Binary frames are not supported")
                return
            elif message.type is WSMsgType.CLOSE:  # the client closed it
                connection.close_reason = connection.close_reason or (int(message.data), message.extra or "")
                return
            elif message.type is WSMsgType.ERROR:  # aiohttp has closed it (1009 for an oversized frame)
                code = getattr(message.data, "code", WSCloseCode.ABNORMAL_CLOSURE)
                connection.close_reason = (int(code), str(message.data))
                return
            elif message.type in (WSMsgType.CLOSING, WSMsgType.CLOSED):
                return

    async def _work(self, connection: Connection) -> None:
        """One connection's messages, in order (each handler runs in a thread)."""
        while (body := await connection.queue.get()) is not _DONE:
            try:
                await self._route(connection, body)
            except Exception:  # no frame, however odd, ends the connection's message handling
                log.exception("WS message on %s could not be handled", connection.info.connection_id)
                await self._send(connection, {"message": "Internal server error",
                                              "connectionId": connection.info.connection_id})  # fmt: skip

    async def _route(self, connection: Connection, body: str) -> None:
        info = connection.info
        request_id = str(uuid.uuid4())
        route_key = select_route(self.api.route_selection_expression, body, self.api.routes)
        route = self.api.routes.get(route_key)
        if route is None:
            await self._send(connection, {"message": "Forbidden", "connectionId": info.connection_id,
                                          "requestId": request_id})  # fmt: skip
            return
        if route.function_id is None:
            return
        started = time.monotonic()
        event = message_event(self.target, info, route_key, body, request_id, connection.authorizer)
        try:
            result = await self.runner.invoke_async(route.function_id, event)
        except Exception:
            log.exception("%s raised on %s", route.function_id, route_key)
            await self._send(connection, {"message": "Internal server error", "connectionId": info.connection_id,
                                          "requestId": request_id})  # fmt: skip
            return
        log.info("WS %s %s (%s, %.0f ms)", route_key, info.connection_id, route.function_id,
                 (time.monotonic() - started) * 1000)  # fmt: skip
        await self._reply(connection, route, result)

    async def _reply(self, connection: Connection, route: WebSocketRoute, result: Any) -> None:
        """A two-way route (one with a RouteResponse) sends the integration's body back."""
        if route.two_way and isinstance(result, dict) and isinstance(result.get("body"), str):
            await self._send_text(connection, result["body"])

    async def _send(self, connection: Connection, message: dict[str, Any]) -> None:
        await self._send_text(connection, json.dumps(message, separators=(",", ":")))

    async def _send_text(self, connection: Connection, text: str) -> bool:
        if connection.ws.closed:
            return False
        try:
            await connection.ws.send_str(text)
        except (ConnectionError, RuntimeError):
            return False
        connection.last_active_at = time.time()
        return True

    async def _disconnect(self, connection: Connection) -> None:
        route = self.api.routes.get("$disconnect")
        code, reason = connection.close_reason or (connection.ws.close_code or WSCloseCode.ABNORMAL_CLOSURE, "")
        log.info("WS $disconnect %s (code %s)", connection.info.connection_id, code)
        if route is None or route.function_id is None:
            return
        event = disconnect_event(
            self.target, connection.info, str(uuid.uuid4()), connection.authorizer, int(code), reason
        )
        try:
            await self.runner.invoke_async(route.function_id, event)
        except Exception:
            log.exception("%s raised on $disconnect", route.function_id)

    async def close(self) -> None:
        """Closes every connection (1001, "Going away") and waits a little for their last messages and
        $disconnect. Call it while the management API is still served, i.e. before the runner's cleanup:
        the handlers of those last messages may post to it."""
        self._open = False
        for connection in self.connections.values():
            connection.close_reason = (WSCloseCode.GOING_AWAY, "Going away")
        closing = [c.ws.close(code=WSCloseCode.GOING_AWAY, message=b"Going away") for c in self.connections.values()]
        await asyncio.gather(*closing, return_exceptions=True)
        if self._lives:
            _, late = await asyncio.wait(self._lives, timeout=SHUTDOWN_GRACE_SECONDS)
            for task in late:
                task.cancel()

    # -- the @connections management API -----------------------------------------------------------
    def _live(self, request: web.Request) -> Connection | None:
        connection = self.connections.get(request.match_info["connection_id"])
        return connection if connection is not None and not connection.ws.closed else None

    @staticmethod
    def _gone() -> web.Response:
        return _json(410, {"message": ""}, "GoneException")

    async def post_to_connection(self, request: web.Request) -> web.Response:
        data = await request.read()
        if len(data) > POST_LIMIT_BYTES:
            message = f"Request must be smaller than {POST_LIMIT_BYTES} bytes for the PostToConnection operation"
            return _json(413, {"message": message}, "PayloadTooLargeException")
        connection = self._live(request)
        if connection is None:
            return self._gone()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            sent = await self._send_text(connection, text)
        else:
            try:
                await connection.ws.send_bytes(data)
                sent = True
            except (ConnectionError, RuntimeError):
                sent = False
        return web.Response(status=200, headers={"x-amzn-RequestId": str(uuid.uuid4())}) if sent else self._gone()

    async def get_connection(self, request: web.Request) -> web.Response:
        connection = self._live(request)
        if connection is None:
            return self._gone()
        info = connection.info
        return _json(
            200,
            {
                "connectedAt": _iso(info.connected_at_ms / 1000),
                "identity": {"sourceIp": info.source_ip, "userAgent": info.user_agent or ""},
                "lastActiveAt": _iso(connection.last_active_at),
            },
        )

    async def delete_connection(self, request: web.Request) -> web.Response:
        connection = self._live(request)
        if connection is None:
            return self._gone()
        connection.close_reason = (WSCloseCode.OK, "")
        await connection.ws.close(code=WSCloseCode.OK)
        return web.Response(status=204, headers={"x-amzn-RequestId": str(uuid.uuid4())})

    async def forbidden(self, request: web.Request) -> web.Response:
        return _json(403, {"message": "Forbidden"}, "ForbiddenException")
