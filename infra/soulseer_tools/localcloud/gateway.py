"""The REST API on 127.0.0.1, served from template.yaml the way API Gateway serves it."""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from typing import Any

from aiohttp import web
from multidict import CIMultiDict

from soulseer_tools.localcloud.authorize import AuthorizerGate, Decision
from soulseer_tools.localcloud.events import (
    ApiTarget,
    HttpRequest,
    MalformedProxyResponse,
    http_response,
    proxy_event,
)
from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.model import RestApi, Route
from soulseer_tools.localcloud.responses import GatewayResponses, HttpResponse
from soulseer_tools.localcloud.routing import Match, RouteTable

log = logging.getLogger("soulseer.localcloud")


def api_id_for(logical_id: str) -> str:
    """A stable 10-character id, shaped like a real REST API id."""
    return hashlib.sha256(logical_id.encode()).hexdigest()[:10]


def _to_web(response: HttpResponse) -> web.Response:
    out = web.Response(status=response.status, body=response.body)
    out.headers.popall("Content-Type", None)
    for name, value in response.headers:
        out.headers.add(name, value)
    return out


class RestGateway:
    def __init__(self, api: RestApi, runner: FunctionRunner) -> None:
        self.api = api
        self.api_id = api_id_for(api.logical_id)
        self.runner = runner
        self.routes = RouteTable(api.routes)
        self.responses = GatewayResponses(api.gateway_responses)
        self.gate = AuthorizerGate(self.runner.invoke_async)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=10 * 1024 * 1024)  # API Gateway's payload limit
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    async def handle(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        request_id = str(uuid.uuid4())
        response, function_id = await self._dispatch(request, request_id)
        elapsed = (time.monotonic() - started) * 1000
        log.info(
            "%s %s -> %s (%s, %.0f ms)",
            request.method,
            request.path_qs,
            response.status,
            function_id or "gateway",
            elapsed,
        )
        return _to_web(response)

    def _gateway(self, request: web.Request, request_id: str, response_type: str, **kw: Any) -> HttpResponse:
        return self.responses.render(response_type, request_id=request_id, request_headers=request.headers, **kw)

    async def _dispatch(self, request: web.Request, request_id: str) -> tuple[HttpResponse, str | None]:
        match = self.routes.match(request.rel_url.raw_path)
        route = match.route_for(request.method) if match else None
        if match is None or route is None:
            if match is not None and request.method == "OPTIONS" and self.api.cors:
                return await self._preflight(request, request_id, match), None
            return self._gateway(request, request_id, "MISSING_AUTHENTICATION_TOKEN"), None
        http = HttpRequest(
            method=request.method,
            path=request.path,
            headers=list(request.headers.items()),
            query=list(request.query.items()),
            body=await request.read(),
            source_ip=request.remote or "127.0.0.1",
        )
        target = ApiTarget(
            self.api_id, self.api.stage, match.resource, match.path_parameters, self.api.binary_media_types
        )
        authorizer_context = None
        if route.authorizer:
            decision = await self._authorize(route.authorizer, http, target, request_id)
            if decision.failure:
                return self._gateway(request, request_id, decision.failure, message=decision.message), None
            authorizer_context = decision.context
        return await self._integrate(route, proxy_event(http, target, request_id, authorizer_context), request_id)

    async def _authorize(self, name: str, http: HttpRequest, target: ApiTarget, request_id: str) -> Decision:
        authorizer = self.api.authorizers.get(name)
        if authorizer is None:
            return Decision("AUTHORIZER_CONFIGURATION_ERROR")
        return await self.gate.decide(
            authorizer,
            method_arn=target.method_arn(http.method, http.path),
            headers=CIMultiDict(http.headers),
            query=dict(http.query),
            request_event=lambda: proxy_event(http, target, request_id, None),
        )

    async def _integrate(self, route: Route, event: dict[str, Any], request_id: str) -> tuple[HttpResponse, str]:
        try:
            result = await self.runner.invoke_async(route.function_id, event)
            return http_response(result, request_id), route.function_id
        except MalformedProxyResponse as exc:
            log.error("%s returned a malformed proxy response: %s", route.function_id, exc)
        except Exception:
            log.exception("%s raised", route.function_id)
        response = self.responses.render("DEFAULT_5XX", request_id=request_id, request_headers={}, status=502)
        return response, route.function_id

    async def _preflight(self, request: web.Request, request_id: str, match: Match) -> HttpResponse:
        cors = self.api.cors
        assert cors is not None
        if self.api.authorize_cors_preflight and self.api.default_authorizer:
            http = HttpRequest(
                "OPTIONS",
                request.path,
                list(request.headers.items()),
                list(request.query.items()),
                b"",
                request.remote or "127.0.0.1",
            )
            target = ApiTarget(self.api_id, self.api.stage, match.resource, match.path_parameters)
            decision = await self._authorize(self.api.default_authorizer, http, target, request_id)
            if decision.failure:
                return self._gateway(request, request_id, decision.failure, message=decision.message)
        methods = cors.allow_methods or ",".join(sorted({*match.methods, "OPTIONS"}))
        headers = [
            ("Access-Control-Allow-Origin", cors.allow_origin),
            ("Access-Control-Allow-Methods", methods),
        ]
        if cors.allow_headers:
            headers.append(("Access-Control-Allow-Headers", cors.allow_headers))
        if cors.max_age:
            headers.append(("Access-Control-Max-Age", cors.max_age))
        if cors.allow_credentials:
            headers.append(("Access-Control-Allow-Credentials", "true"))
        headers += [("Content-Type", "application/json"), ("x-amzn-RequestId", request_id)]
        return HttpResponse(status=200, headers=headers, body=b"")
