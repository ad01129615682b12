"""The REST API: one resolver; each area's routes live in a sibling module as a Powertools Router,
imported on the first event of its area (`soulseer.web.LazyRoutes`), so init pays for none of them."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import tracing
from soulseer.config import API_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.schemas.common import errors
from soulseer.schemas.readers import Me
from soulseer.web import PUBLIC, LazyRoutes, RouteModule, build_resolver, caller_of, refusal, task_root_of

SETTINGS = cold_start(API_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()
app = build_resolver()


# The registration order (it decides matching within an area) and the areas each module's routes use;
# tests/integration/test_api_routes.py checks both against the routes themselves.
ROUTE_MODULES = (
    RouteModule("readers_routes", "/api/readers"),
    RouteModule("payments_routes", "/api/payments", "/api/me"),  # /api/me/history
    RouteModule("sessions_routes", "/api/sessions"),
    RouteModule("streams_routes", "/api/streams"),
    RouteModule("products_routes", "/api/products", "/api/orders"),
    RouteModule("admin_routes", "/api/admin"),
    RouteModule("admin_users_routes", "/api/admin"),
    RouteModule("admin_money_routes", "/api/admin"),
    RouteModule("disputes_routes", "/api/sessions"),
    RouteModule("me_routes", "/api/me"),
    RouteModule("payout_history_routes", "/api/me"),
    RouteModule("requests_routes", "/api/sessions", "/api/me"),
    RouteModule("notify_routes", "/api/readers"),
    RouteModule("reviews_routes", "/api/readers", "/api/sessions"),
    RouteModule("notifications_routes", "/api/me", "/api/notifications"),
    RouteModule("uploads_routes", "/api/uploads"),
)
CORS_METHODS = {"GET", "POST", "PUT", "DELETE"}  # every method a route uses: the preflight's answer
# the Swagger page serves the whole document, so it is enabled with the last module (with the document,
# Powertools' OpenAPI models load: neither is needed by any other route)
routes = LazyRoutes(app, task_root_of(__file__), ROUTE_MODULES, CORS_METHODS, lambda: app.enable_docs("/api/docs"))


@app.get("/api/openapi.json", security=PUBLIC, tags=["meta"])
def openapi() -> dict[str, Any]:
    """This document."""
    routes.load_all()  # already done for this path by the handler; the document needs every route
    return app.get_openapi_schema().model_dump(mode="json", by_alias=True, exclude_none=True)


@app.get("/api/me", responses=errors(401), tags=["me"])
def me() -> Me:
    from soulseer import me as me_view  # with the first call of /api/me, not at init

    return me_view.me(caller_of(app).user_id)


@flush_metrics_after
@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)  # responses carry client secrets, Agora and TURN credentials
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    denied = refusal(event)
    if denied is not None:
        return denied
    routes.load_for(str(event.get("path") or ""))
    return app.resolve(event, context)
