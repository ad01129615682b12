"""The REST API: one resolver; each area's routes live in a sibling module as a Powertools Router."""

from __future__ import annotations

from typing import Any

import admin_routes
import disputes_routes
import me_routes
import notify_routes
import payments_routes
import products_routes
import readers_routes
import requests_routes
import reviews_routes
import sessions_routes
import streams_routes
from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import TypeAdapter

from soulseer import connect, readers, tracing, users
from soulseer.config import API_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.schemas.common import errors
from soulseer.schemas.readers import Me
from soulseer.web import PUBLIC, build_resolver, caller_of, refusal

SETTINGS = cold_start(API_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()
app = build_resolver()
for routes in (
    readers_routes,
    payments_routes,
    sessions_routes,
    streams_routes,
    products_routes,
    admin_routes,
    disputes_routes,
    me_routes,
    requests_routes,
    notify_routes,
    reviews_routes,
):
    app.include_router(routes.router)
app.enable_docs("/api/docs")
_me = TypeAdapter(Me)


@app.get("/api/openapi.json", security=PUBLIC, tags=["meta"])
def openapi() -> dict[str, Any]:
    """This document."""
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
    return app.resolve(event, context)
