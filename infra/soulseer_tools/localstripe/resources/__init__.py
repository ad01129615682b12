"""The resource modules; `ROUTES` is every route the local Stripe serves."""

from __future__ import annotations

from . import accounts, customers, events, payment_intents, payment_methods, products, refunds, transfers

ROUTES = [
    *customers.ROUTES,
    *payment_intents.ROUTES,
    *payment_methods.ROUTES,
    *refunds.ROUTES,
    *accounts.ROUTES,
    *transfers.ROUTES,
    *products.ROUTES,
    *events.ROUTES,
]
