"""Fixtures shared by the integration tests of the Stripe webhook."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import stripe

from tests.conftest import WEBHOOK_SECRET
from tests.support.apigw import LambdaContext, rest_event


@pytest.fixture
def deliver(stripe_secret: None, api_module: Any):
    def _deliver(
        event: dict[str, Any] | str,
        *,
        secret: str = WEBHOOK_SECRET,
        timestamp: int | None = None,
        signature: str | None = "sign",
    ) -> tuple[int, dict[str, Any]]:
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
