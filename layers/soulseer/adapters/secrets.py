"""Secrets from AWS Secrets Manager through Powertools Parameters (cached across warm invocations)."""

from __future__ import annotations

from typing import Any

from soulseer.config import StripeSettings, settings_for

SECRET_MAX_AGE_SECONDS = 300


def stripe_secrets() -> dict[str, Any]:
    """`{"secret_key": "sk_...", "webhook_secret": "whsec_...", "connect_webhook_secret"?: "whsec_..."}`
    stored under STRIPE_SECRET_NAME (the platform and the Connect webhook endpoints' signing secrets)."""
    from aws_lambda_powertools.utilities import parameters  # loads boto3: only where a secret is needed

    secret = parameters.get_secret(
        settings_for(StripeSettings).STRIPE_SECRET_NAME, transform="json", max_age=SECRET_MAX_AGE_SECONDS
    )
    if not isinstance(secret, dict) or "secret_key" not in secret or "webhook_secret" not in secret:
        raise RuntimeError("The Stripe secret must hold secret_key and webhook_secret")
    return secret
