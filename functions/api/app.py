"""The REST API: parse, validate, call the soulseer domain, shape the response."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer import payments, readers, stripe_events, users, wallet
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.readings import history, lifecycle
from soulseer.web import build_resolver, caller_of, require_role

logger = Logger()
tracer = Tracer()
app = build_resolver()

OPENAPI_TITLE = "SoulSeer API"


class StatusInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: readers.SettableStatus


class StartReadingInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reader_id: str = Field(min_length=1, max_length=128)
    type: lifecycle.ReadingKind


class ReviewInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: StrictInt = Field(ge=1, le=5)
    text: str = Field(default="", max_length=2000)


class TopupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_cents: StrictInt


@app.get("/api/openapi.json")
def openapi() -> dict[str, Any]:
    return app.get_openapi_schema(title=OPENAPI_TITLE, version="1.0.0").model_dump(
        mode="json", by_alias=True, exclude_none=True
    )


@app.get("/api/me")
def me() -> dict[str, Any]:
    user = users.ensure_user(caller_of(app).user_id)
    body: dict[str, Any] = user.to_dict()
    if user.role == "reader":
        body["reader_profile"] = readers.find_profile(user.user_id)
    return body


@app.get("/api/readers")
def list_readers(
    status: Annotated[readers.ReaderStatus | None, Query()] = None,
    specialty: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    page = readers.list_readers(status=status, specialty=specialty, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@app.get("/api/readers/<id>")
def get_reader(id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    return readers.get_reader(id)


@app.put("/api/readers/profile")
def update_profile(profile: readers.ProfileInput) -> dict[str, Any]:
    caller = require_role(caller_of(app), "reader")
    return readers.save_profile(caller.user_id, profile)


@app.put("/api/readers/status")
def update_status(body: StatusInput) -> dict[str, Any]:
    caller = require_role(caller_of(app), "reader")
    return readers.set_status(caller.user_id, body.status)


@app.post("/api/payments/add-balance")
def add_balance(body: TopupInput) -> dict[str, Any]:
    caller = require_role(caller_of(app), "client")
    key = app.current_event.headers.get("Idempotency-Key")
    users.ensure_user(caller.user_id)
    return payments.create_topup(caller.user_id, body.amount_cents, key)


@app.post("/api/payments/webhook")
def stripe_webhook() -> dict[str, Any]:
    signature = app.current_event.headers.get("Stripe-Signature")
    event = stripe_events.verify(app.current_event.decoded_body or "", signature)
    return {"received": True, "outcome": stripe_events.handle(event)}


@app.get("/api/payments/balance")
def balance() -> dict[str, Any]:
    caller = caller_of(app)
    return wallet.summary(caller.user_id, caller.role)


@app.get("/api/payments/transactions")
def transactions(
    account: Annotated[wallet.WalletAccount, Query()] = "balance",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    caller = caller_of(app)
    return wallet.transactions(caller.user_id, caller.role, account, limit, cursor)


@app.post("/api/sessions/start")
def start_reading(body: StartReadingInput) -> dict[str, Any]:
    caller = require_role(caller_of(app), "client")
    return lifecycle.start_reading(caller.user_id, body.reader_id, body.type)


@app.post("/api/sessions/end/<id>")
def end_reading(id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    caller = caller_of(app)
    return lifecycle.end_by_participant(id, caller.user_id, caller.role)


@app.get("/api/sessions")
def my_readings(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    caller = caller_of(app)
    return history.mine(caller.user_id, caller.role, limit, cursor)


@app.get("/api/sessions/<id>")
def reading_details(id: Annotated[str, Path(min_length=1, max_length=128)]) -> dict[str, Any]:
    caller = caller_of(app)
    return history.details(id, caller.user_id, caller.role)


@app.post("/api/sessions/<id>/review")
def review_reading(id: Annotated[str, Path(min_length=1, max_length=128)], body: ReviewInput) -> dict[str, Any]:
    caller = caller_of(app)
    return history.review(id, caller.user_id, body.rating, body.text)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
