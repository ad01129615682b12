"""Payment routes: top-ups, Stripe's webhook, the balance and the transaction history."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, ConfigDict, StrictInt

from soulseer import limits, payments, stripe_events, wallet
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.schemas.common import errors
from soulseer.schemas.payments import Balance, TopupView, TransactionPage, WebhookReceipt
from soulseer.web import PUBLIC, fresh_caller, require_role

router = Router()


class TopupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_cents: StrictInt


@router.post("/api/payments/add-balance", responses=errors(400, 401, 403, 415, 429, 502), tags=["payments"])
def add_balance(body: TopupInput) -> TopupView:
    """A retry with the same Idempotency-Key is answered from the first answer, before the rate limit."""
    caller = require_role(fresh_caller(router), "client")
    assert caller.user is not None  # fresh_caller read it
    key = router.current_event.headers.get("Idempotency-Key")
    replay = payments.replayed_topup(caller.user_id, body.amount_cents, key)
    if replay is not None:
        return replay
    limits.take(caller.user_id, "add_balance")
    return payments.create_topup(caller.user, body.amount_cents, key)


@router.post("/api/payments/webhook", security=PUBLIC, responses=errors(400, 503), tags=["payments"])
def stripe_webhook() -> WebhookReceipt:
    """Stripe's signed events (the Stripe-Signature header over the raw body)."""
    signature = router.current_event.headers.get("Stripe-Signature")
    event = stripe_events.verify(router.current_event.decoded_body or "", signature)
    return WebhookReceipt(received=True, outcome=stripe_events.handle(event))


@router.get("/api/payments/balance", responses=errors(401), tags=["payments"])
def balance() -> Balance:
    caller = fresh_caller(router)
    return wallet.summary(caller.user_id, caller.role)


@router.get("/api/payments/transactions", responses=errors(400, 401, 403), tags=["payments"])
def transactions(
    account: Annotated[wallet.WalletAccount, Query()] = "balance",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> TransactionPage:
    caller = fresh_caller(router)
    return wallet.transactions(caller.user_id, caller.role, account, limit, cursor)
