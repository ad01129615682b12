"""What the (local) Stripe holds about a payment intent: the webhook handler reads an intent back from
Stripe before crediting it, so tests that deliver hand-made events first put the intent there."""

from __future__ import annotations

from typing import Any

from soulseer_tools.localstripe import LocalStripeThread


def put_intent(stripe_server: LocalStripeThread, fields: dict[str, Any]) -> dict[str, Any]:
    """Stores (or replaces) a payment intent with `fields` at the local Stripe, as Stripe would hold it."""
    intent_id = str(fields["id"])
    amount = int(fields.get("amount") or fields.get("amount_received") or 0)
    intent: dict[str, Any] = {
        "object": "payment_intent",
        "created": 0,
        "livemode": False,
        "amount": amount,
        "amount_received": amount,
        "currency": "usd",
        "status": "succeeded",
        "client_secret": f"{intent_id}_secret_test",
        "customer": None,
        "latest_charge": None,
        "metadata": {},
        "payment_method": None,
        "last_payment_error": None,
        **fields,
    }
    store = stripe_server.state.store
    with store.lock:
        if intent_id not in store.objects:
            store.order.setdefault("payment_intent", []).append(intent_id)
        store.objects[intent_id] = intent
    return intent
