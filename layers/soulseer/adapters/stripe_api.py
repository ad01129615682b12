"""The Stripe client. STRIPE_API_BASE points the real SDK at another address (the local Stripe)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from soulseer.adapters.secrets import stripe_secrets
from soulseer.config import StripeSettings, settings_for
from soulseer.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    import stripe

T = TypeVar("T")
# Inside a 15 s function: one attempt of at most 5 s, one retry after Stripe's back-off (>= 0.5 s).
TIMEOUT_SECONDS = 5.0
MAX_NETWORK_RETRIES = 1

_clients: dict[tuple[str, str], stripe.StripeClient] = {}


def stripe_client() -> stripe.StripeClient:
    import stripe  # the SDK loads with the first Stripe call: most routes never make one

    key = stripe_secrets()["secret_key"]
    base = settings_for(StripeSettings).STRIPE_API_BASE
    client = _clients.get((key, base))
    if client is None:
        addresses = {"api": base, "connect": base, "files": base} if base else {}
        client = stripe.StripeClient(
            key,
            base_addresses=addresses,  # type: ignore[arg-type]
            max_network_retries=MAX_NETWORK_RETRIES,
            http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
        )
        _clients[(key, base)] = client
    return client


def stripe_error() -> type[stripe.StripeError]:
    """`stripe.StripeError`, for `except` clauses (evaluated only when something was raised)."""
    import stripe

    return stripe.StripeError


def webhook_secret() -> str:
    return str(stripe_secrets()["webhook_secret"])


def call_stripe(action: Callable[[], T], failure: DomainError) -> T:
    """Runs a Stripe call; a reused idempotency key is the caller's 400, any other Stripe error `failure`."""
    import stripe

    try:
        return action()
    except stripe.IdempotencyError:
        raise DomainError(
            ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with a different request."
        ) from None
    except stripe.StripeError as error:
        raise failure from error
