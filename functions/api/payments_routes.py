"""Payment routes: top-ups, Stripe's webhook, the balance and the transaction history."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt

from soulseer import limits, money_history, payments, saved_cards, stripe_events, wallet
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.schemas.common import errors
from soulseer.schemas.payments import Balance, HistoryPage, SavedCardsView, TopupView, TransactionPage, WebhookReceipt
from soulseer.web import PUBLIC, fresh_caller, require_role

router = Router()


class TopupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_cents: StrictInt
    save_card: StrictBool = Field(default=False, description="Keep the card for one-tap and automatic top-ups.")


class OneTapInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_cents: StrictInt


class AutoTopupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount_cents: StrictInt | None = Field(description="What to add; null (with threshold_cents null) turns it off.")
    threshold_cents: StrictInt | None = Field(description="A charge leaving the balance below this triggers it.")


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
    return payments.create_topup(caller.user, body.amount_cents, key, body.save_card)


@router.get("/api/payments/saved-card", responses=errors(401, 403), tags=["payments"])
def saved_card() -> SavedCardsView:
    """The card a top-up saved (brand and last four digits) and the automatic top-up."""
    caller = require_role(fresh_caller(router), "client")
    return saved_cards.view(caller.user_id)


@router.delete("/api/payments/saved-card", responses=errors(401, 403), tags=["payments"])
def forget_saved_card() -> SavedCardsView:
    """Forgets the saved card (and so turns the automatic top-up off)."""
    caller = require_role(fresh_caller(router), "client")
    return saved_cards.forget(caller.user_id)


@router.post("/api/payments/one-tap", responses=errors(400, 401, 402, 403, 409, 415, 429, 502), tags=["payments"])
def one_tap(body: OneTapInput) -> TopupView:
    """A top-up from the saved card, charged at once (off session); the webhook credits it and the client's
    connections get `balance-updated` for this payment_intent_id. A declined card answers 402."""
    caller = require_role(fresh_caller(router), "client")
    key = router.current_event.headers.get("Idempotency-Key")
    return saved_cards.one_tap(
        caller.user_id, body.amount_cents, key, take_limit=lambda: limits.take(caller.user_id, "add_balance")
    )


@router.put("/api/payments/auto-topup", responses=errors(400, 401, 403, 409, 415), tags=["payments"])
def auto_topup(body: AutoTopupInput) -> SavedCardsView:
    """Turns the automatic top-up on (both amounts) or off (both null); setting it again resumes a paused one."""
    caller = require_role(fresh_caller(router), "client")
    return saved_cards.set_auto_topup(caller.user_id, body.amount_cents, body.threshold_cents)


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


@router.get("/api/me/history", responses=errors(400, 401), tags=["payments"])
def history(
    limit: Annotated[int, Query(ge=1, le=50)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> HistoryPage:
    """The caller's money in words, newest first: one line per reading (all its minutes), gift, order,
    top-up, refund."""
    caller = fresh_caller(router)
    return money_history.history(caller.user_id, limit, cursor)
