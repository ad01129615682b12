"""The Stripe client. STRIPE_API_BASE points the real SDK at another address (the local Stripe)."""

from __future__ import annotations

import os

import stripe

from soulseer.adapters.secrets import stripe_secrets

_clients: dict[tuple[str, str], stripe.StripeClient] = {}


def stripe_client() -> stripe.StripeClient:
    key = stripe_secrets()["secret_key"]
    base = os.environ.get("STRIPE_API_BASE", "")
    client = _clients.get((key, base))
    if client is None:
        addresses = {"api": base, "connect": base, "files": base} if base else {}
        client = stripe.StripeClient(key, base_addresses=addresses, max_network_retries=2)  # type: ignore[arg-type]
        _clients[(key, base)] = client
    return client


def webhook_secret() -> str:
    return str(stripe_secrets()["webhook_secret"])
