"""Notification settings, web push subscriptions, and the one-click unsubscribe link of every email."""

from __future__ import annotations

import html
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from soulseer.notify import preferences
from soulseer.schemas.common import errors
from soulseer.schemas.notifications import (
    NotificationChoices,
    NotificationSettings,
    PushSubscriptionInput,
    PushSubscriptionRemoved,
    PushSubscriptionView,
)
from soulseer.web import PUBLIC, caller_of

router = Router()
Token = Annotated[str, Query(min_length=1, max_length=400)]
Endpoint = Annotated[str, Query(min_length=1, max_length=1024)]
HTML_PAGE = {"content": {"text/html": {"schema": {"type": "string"}}}}


@router.get("/api/me/notifications", responses=errors(401), tags=["me"])
def my_notifications() -> NotificationSettings:
    return NotificationSettings.model_validate(preferences.view(caller_of(router).user_id))


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
    return NotificationSettings.model_validate(preferences.update(caller.user_id, caller.role, choices))


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


def _page(status: int, title: str, text: str, form_token: str | None = None) -> Response[Any]:
    form = (
        f'<form method="post" action="?token={html.escape(form_token, quote=True)}">'
        '<button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Unsubscribe</button></form>'
        if form_token
        else ""
    )
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;'
        f'margin:3rem auto;padding:0 1rem"><h1>{title}</h1><p>{text}</p>{form}</body></html>'
    )
    return Response(
        status_code=status,
        content_type="text/html; charset=utf-8",
        body=body,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


@router.get(
    "/api/notifications/unsubscribe",
    security=PUBLIC,
    responses={
        200: {"description": "A page asking to confirm", **HTML_PAGE},
        400: {"description": "Not a valid link", **HTML_PAGE},
    },
    tags=["notifications"],
)
def unsubscribe_page(token: Token) -> Response[Any]:
    """The link in an email: a page with one button (a GET never unsubscribes: mail scanners follow links)."""
    if not preferences.token_valid(token):
        return _page(400, "This link is not valid", "Open the link from your most recent SoulSeer email.")
    return _page(200, "Unsubscribe from SoulSeer emails?", "You will get no more receipts by email.", token)


@router.post(
    "/api/notifications/unsubscribe",
    security=PUBLIC,
    responses={
        200: {"description": "Unsubscribed", **HTML_PAGE},
        400: {"description": "Not a valid link", **HTML_PAGE},
    },
    tags=["notifications"],
)
def unsubscribe(token: Token) -> Response[Any]:
    """RFC 8058 one-click (`List-Unsubscribe=One-Click`), or the page's button: every email off."""
    if not preferences.unsubscribe_emails(token):
        return _page(400, "This link is not valid", "Open the link from your most recent SoulSeer email.")
    return _page(200, "You are unsubscribed", "SoulSeer will send you no more emails. Change this in your settings.")
