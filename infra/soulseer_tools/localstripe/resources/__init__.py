"""The resource modules; `ROUTES` is every route the local Stripe serves."""

from __future__ import annotations

from . import accounts, customers, events, payment_intents, products, refunds, transfers

ROUTES = [
    *customers.ROUTES,
    *payment_intents.ROUTES,
    *refunds.ROUTES,
    *accounts.ROUTES,
    *transfers.ROUTES,
    *products.ROUTES,
    *events.ROUTES,
]
