"""A local, Stripe-compatible HTTP server (tool code: never shipped in the Lambda layer).

The real `stripe` SDK talks to it over plain http:

    server = LocalStripeThread(port=0, webhook_endpoints=[(url, "whsec_...")]).start()
    client = stripe.StripeClient("sk_test_local", base_addresses=server.base_addresses)

It covers what SoulSeer uses: customers, payment intents (test cards `pm_card_visa`,
`pm_card_chargeDeclined`, ...), charges, refunds, disputes (local test helper), Connect express
accounts with account links and a local onboarding page, transfers, products and prices, events, and
signed webhook deliveries with retries. Idempotency keys replay the first response like Stripe.
Run it alone with `python -m soulseer_tools.localstripe --port 12111 --webhook URL=SECRET`.
"""

from __future__ import annotations

from .app import STATE, LocalStripe, create_app
from .server import DEFAULT_PORT, LocalStripeThread, bound_port, start_local_stripe
from .webhooks import sign

__all__ = [
    "DEFAULT_PORT",
    "STATE",
    "LocalStripe",
    "LocalStripeThread",
    "bound_port",
    "create_app",
    "sign",
    "start_local_stripe",
]
