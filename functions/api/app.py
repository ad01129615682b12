"""The REST API: one resolver; each area's routes live in a sibling module as a Powertools Router,
imported on the first event of its area (`soulseer.web.LazyRoutes`), so init pays for none of them."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import TypeAdapter

from soulseer import connect, readers, tracing, users
from soulseer.config import API_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.schemas.common import errors
from soulseer.schemas.readers import Me
from soulseer.web import PUBLIC, LazyRoutes, RouteModule, build_resolver, caller_of, refusal, task_root_of

SETTINGS = cold_start(API_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()
app = build_resolver()


# One function per route module, each a plain import (tests/unit/test_settings.py reads them).
def _readers() -> Router:
    import readers_routes

    return readers_routes.router


def _payments() -> Router:
    import payments_routes

    return payments_routes.router


def _sessions() -> Router:
    import sessions_routes

    return sessions_routes.router


def _streams() -> Router:
    import streams_routes

    return streams_routes.router


def _products() -> Router:
    import products_routes

    return products_routes.router


def _admin() -> Router:
    import admin_routes

    return admin_routes.router


def _disputes() -> Router:
    import disputes_routes

    return disputes_routes.router


def _me() -> Router:
    import me_routes

    return me_routes.router


def _requests() -> Router:
    import requests_routes

    return requests_routes.router


def _notify() -> Router:
    import notify_routes

    return notify_routes.router


def _reviews() -> Router:
    import reviews_routes

    return reviews_routes.router


def _areas(*areas: str) -> frozenset[str]:
    return frozenset(areas)


# The registration order (it decides matching within an area) and the areas each module's routes use;
# tests/integration/test_api_routes.py checks both against the routes themselves.
ROUTE_MODULES = (
    RouteModule(_areas("/api/readers"), _readers),
    RouteModule(_areas("/api/payments"), _payments),
    RouteModule(_areas("/api/sessions"), _sessions),
    RouteModule(_areas("/api/streams"), _streams),
    RouteModule(_areas("/api/products", "/api/orders"), _products),
    RouteModule(_areas("/api/admin"), _admin),
    RouteModule(_areas("/api/sessions"), _disputes),
    RouteModule(_areas("/api/me"), _me),
    RouteModule(_areas("/api/sessions"), _requests),
    RouteModule(_areas("/api/readers"), _notify),
    RouteModule(_areas("/api/readers", "/api/sessions"), _reviews),
)
CORS_METHODS = {"GET", "POST", "PUT", "DELETE"}  # every method a route uses: the preflight's answer
# the Swagger page serves the whole document, so it is enabled with the last module (with the document,
# Powertools' OpenAPI models load: neither is needed by any other route)
routes = LazyRoutes(app, task_root_of(__file__), ROUTE_MODULES, CORS_METHODS, lambda: app.enable_docs("/api/docs"))
_me = TypeAdapter(Me)


@app.get("/api/openapi.json", security=PUBLIC, tags=["meta"])
def openapi() -> dict[str, Any]:
    """This document."""
    routes.load_all()  # already done for this path by the handler; the document needs every route
    return app.get_openapi_schema().model_dump(mode="json", by_alias=True, exclude_none=True)


@app.get("/api/me", responses=errors(401), tags=["me"])
def me() -> Me:
    user = users.ensure_user(caller_of(app).user_id)
    body: dict[str, Any] = user.to_dict()
    if user.role == "reader":
        body["reader_profile"] = readers.find_profile(user.user_id)
        body["payout_account"] = connect.view(connect.find(user.user_id))  # None until an admin makes one
    return _me.validate_python(body)


@flush_metrics_after
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)  # responses carry client secrets, Agora and TURN credentials
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    denied = refusal(event)
    if denied is not None:
        return denied
    routes.load_for(str(event.get("path") or ""))
    return app.resolve(event, context)
