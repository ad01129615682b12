"""Notification settings, web push subscriptions, and the one-click unsubscribe link of every email."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from soulseer.errors import DomainError, ErrorCode
from soulseer.notify import preferences
from soulseer.schemas.common import errors
from soulseer.schemas.notifications import (
    NotificationChoices,
    NotificationSettings,
    PushSubscriptionInput,
    PushSubscriptionRemoved,
    PushSubscriptionView,
    Unsubscribed,
)
from soulseer.web import PUBLIC, caller_of

router = Router()
Token = Annotated[str, Query(min_length=1, max_length=400)]
Endpoint = Annotated[str, Query(min_length=1, max_length=1024)]


@router.get("/api/me/notifications", responses=errors(401), tags=["me"])
def my_notifications() -> NotificationSettings:
    return preferences.view(caller_of(router).user_id)


@router.put("/api/me/notifications", responses=errors(400, 401, 403, 415), tags=["me"])
def update_my_notifications(body: NotificationChoices) -> NotificationSettings:
    caller = caller_of(router)
    receipts = body.receipts.model_dump(exclude_none=True) if body.receipts else None
    choices = preferences.Choices(
        email=body.email or None,
        clear_email=body.email == "",
        receipts=receipts,
        emails_enabled=body.emails_enabled,
        push_enabled=body.push_enabled,
        ring_when_away=body.ring_when_away,
    )
    return preferences.update(caller.user_id, caller.role, choices)


@router.post("/api/me/push-subscriptions", responses=errors(400, 401, 409, 415), tags=["me"])
def add_push_subscription(body: PushSubscriptionInput) -> PushSubscriptionView:
    """This browser's push subscription; the endpoint must be on a push service's host (400 otherwise)."""
    added = preferences.subscribe(caller_of(router).user_id, body.endpoint, body.keys.p256dh, body.keys.auth)
    return PushSubscriptionView(id=added.key, endpoint=added.endpoint)


@router.delete("/api/me/push-subscriptions", responses=errors(400, 401), tags=["me"])
def remove_push_subscription(endpoint: Endpoint) -> PushSubscriptionRemoved:
    caller = caller_of(router)
    removed = preferences.unsubscribe_device(caller.user_id, caller.role, endpoint)
    return PushSubscriptionRemoved(endpoint=endpoint, removed=removed)


@router.post("/api/notifications/unsubscribe", security=PUBLIC, responses=errors(400), tags=["notifications"])
def unsubscribe(token: Token) -> Unsubscribed:
    """One click, no sign-in: the email's List-Unsubscribe target (RFC 8058 POSTs a form body, which is
    ignored) and the web app's unsubscribe page. Every email off for the token's user."""
    if not preferences.unsubscribe_emails(token):
        raise DomainError(ErrorCode.INVALID_UNSUBSCRIBE_TOKEN)
    return Unsubscribed(unsubscribed=True)
