"""Fixtures shared by the integration tests: the Stripe webhook's delivery; the reading rules'
cache cleared around a test, with or without slow minutes (a module opts in with `pytestmark =
pytest.mark.usefixtures(...)`); a reading open in its room."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import stripe

from soulseer.readings.rules import rules
from soulseer_tools.localstripe import LocalStripeThread
from tests.conftest import WEBHOOK_SECRET
from tests.support.apigw import LambdaContext, rest_event
from tests.support.notify import push_service  # noqa: F401 (a fixture of the notify tests)
from tests.support.readings import active_reading, session, wait_for
from tests.support.stripe_truth import put_intent


@pytest.fixture
def fresh_rules() -> Iterator[None]:
    """The reading rules are read from the environment afresh in the test, and again after it."""
    rules.cache_clear()
    yield
    rules.cache_clear()


@pytest.fixture
def slow_minutes(monkeypatch: pytest.MonkeyPatch, fresh_rules: None) -> None:
    """Ten-minute billing ticks: a reading charges its first minute as it starts, then waits."""
    monkeypatch.setenv("BILLING_TICK_SECONDS", "600")


@pytest.fixture
def reading(state_machines: None, slow_minutes: None) -> dict[str, str]:
    """A video reading at 100 cents a minute, client c1 funded with 1,000, both in the room, its first
    minute charged: `sid`, and the `client`'s and the `reader`'s connection ids."""
    sid, client_conn, reader_conn = active_reading(100, 1_000, "video")
    wait_for(lambda: int(session(sid).paid_minutes) == 1)  # the first minute is charged as it starts
    return {"sid": sid, "client": client_conn, "reader": reader_conn}


@pytest.fixture
def deliver(local_stripe: LocalStripeThread, api_module: Any):
    """Delivers a signed event to the webhook route. A payment intent the event carries is first put at
    the local Stripe as the event describes it (the handler reads intents back from Stripe), unless
    `at_stripe=False` (the test put Stripe's own view there)."""

    def _deliver(
        event: dict[str, Any] | str,
        *,
        secret: str = WEBHOOK_SECRET,
        timestamp: int | None = None,
        signature: str | None = "sign",
        at_stripe: bool = True,
    ) -> tuple[int, dict[str, Any]]:
        if at_stripe and isinstance(event, dict) and str(event.get("type", "")).startswith("payment_intent."):
            obj = (event.get("data") or {}).get("object")
            if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                put_intent(local_stripe, obj)
        payload = event if isinstance(event, str) else json.dumps(event)
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            signature = stripe.WebhookSignature.generate_signature_header(
                payload, secret, timestamp=timestamp or int(time.time())
            )
        if signature is not None:
            headers["Stripe-Signature"] = signature
        response = api_module.handler(
            rest_event("POST", "/api/payments/webhook", body=payload, headers=headers), LambdaContext()
        )
        return response["statusCode"], json.loads(response["body"])

    return _deliver
