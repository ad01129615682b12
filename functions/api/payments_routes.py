"""Payment routes: top-ups, Stripe's webhook, the balance and the transaction history."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, ConfigDict, StrictInt

from soulseer import payments, stripe_events, users, wallet
from soulseer.limits import rate_limited
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.web import caller_of, require_role

router = Router()


class TopupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_cents: StrictInt


@router.post("/api/payments/add-balance")
@rate_limited(router, "add_balance")
def add_balance(body: TopupInput) -> dict[str, Any]:
    caller = require_role(caller_of(router), "client")
    key = router.current_event.headers.get("Idempotency-Key")
    users.ensure_user(caller.user_id)
    return payments.create_topup(caller.user_id, body.amount_cents, key)


@router.post("/api/payments/webhook")
def stripe_webhook() -> dict[str, Any]:
    signature = router.current_event.headers.get("Stripe-Signature")
    event = stripe_events.verify(router.current_event.decoded_body or "", signature)
    return {"received": True, "outcome": stripe_events.handle(event)}


@router.get("/api/payments/balance")
def balance() -> dict[str, Any]:
    caller = caller_of(router)
    return wallet.summary(caller.user_id, caller.role)


@router.get("/api/payments/transactions")
def transactions(
    account: Annotated[wallet.WalletAccount, Query()] = "balance",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    caller = caller_of(router)
    return wallet.transactions(caller.user_id, caller.role, account, limit, cursor)
