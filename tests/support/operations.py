"""Helpers for operations tests: finished readings with their charges, earnings, Connect accounts."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import stripe

from soulseer import connect, ledger, users
from soulseer.models import UserModel, utcnow
from soulseer.sales import split
from soulseer.stores.readings import SessionModel
from tests.conftest import STRIPE_TEST_KEY
from tests.support.apigw import LambdaContext, rest_event
from tests.support.readings import fund, make_reader


def ended_reading(
    session_id: str, client: str, reader: str, *, minutes: int, rate: int, ended_hours_ago: float = 1
) -> SessionModel:
    """A reading that ended `ended_hours_ago`, its minutes charged through the ledger as billing does."""
    make_reader(reader, rate_cents=rate)
    UserModel(client, role="client", intro_used=True).save()
    fund(client, minutes * rate, f"pi_{session_id}")
    reader_total = 0
    for minute in range(1, minutes + 1):
        reader_share, platform_share = split(rate)
        movement_id = f"charge:{session_id}:{minute}"
        client_account = ledger.client_balance(client)
        ledger.post(
            movement_id,
            "reading",
            [
                ledger.Entry(client_account, ledger.reader_pending(reader), reader_share),
                ledger.Entry(client_account, ledger.platform_revenue(movement_id), platform_share),
            ],
            memo={"session": session_id, "minute": str(minute)},
        )
        reader_total += reader_share
    now = utcnow()
    ended = now - timedelta(hours=ended_hours_ago)
    session = SessionModel(
        session_id,
        client_id=client,
        reader_id=reader,
        created_key=f"{ended.isoformat()}#{session_id}",
        kind="chat",
        rate_cents=rate,
        status="ended",
        minutes=minutes,
        paid_minutes=minutes,
        total_cents=minutes * rate,
        reader_share_cents=reader_total,
        end_reason="ended_by_client",
        created_at=ended - timedelta(minutes=minutes),
        started_at=ended - timedelta(minutes=minutes),
        ended_at=ended,
    )
    session.save()
    return session


def earn(reader: str, cents: int, ref: str) -> None:
    """Pending earnings for a reader, paid by a funded client (as a reading's charges would be)."""
    client = f"client_of_{ref}"
    fund(client, cents, f"pi_earn_{ref}")
    ledger.post(
        f"charge:{ref}:1",
        "reading",
        [ledger.Entry(ledger.client_balance(client), ledger.reader_pending(reader), cents)],
    )


def stripe_client(server_url: str) -> stripe.StripeClient:
    return stripe.StripeClient(STRIPE_TEST_KEY, base_addresses={"api": server_url})


def onboard_at_stripe(server_url: str, account_id: str) -> None:
    """The local Stripe's test helper: the reader finished onboarding."""
    stripe_client(server_url).raw_request("post", f"/v1/test_helpers/accounts/{account_id}/onboard")


def connected_reader(server_url: str, reader: str, *, onboarded: bool = True) -> str:
    """A reader with an Express account (onboarded at Stripe and known to us as such when asked)."""
    users.set_role(reader, "reader")
    account = connect.ensure_account(reader)
    if onboarded:
        onboard_at_stripe(server_url, account.stripe_account_id)
        connect.apply_account_update(account.stripe_account_id, {"reader_id": reader})
    return str(account.stripe_account_id)


def transfers_to(server_url: str, account_id: str) -> list[Any]:
    return list(stripe_client(server_url).v1.transfers.list(params={"destination": account_id, "limit": 100}).data)


def call(api_module: Any, method: str, path: str, user: tuple[str, str] | None, **kwargs: Any) -> tuple[int, Any]:
    response = api_module.handler(rest_event(method, path, user=user, **kwargs), LambdaContext())
    return response["statusCode"], json.loads(response["body"])
