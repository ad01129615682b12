"""The notify secret in Secrets Manager (`NOTIFY_SECRET_NAME`, written by `soulseer setup secrets`):
`{"vapid_private_key": <raw P-256 key, base64url>, "unsubscribe_key": <random text>}`."""

from __future__ import annotations

from typing import Any

from soulseer.config import NotifySettings, settings_for

SECRET_MAX_AGE_SECONDS = 300


def notify_secret() -> dict[str, Any]:
    from aws_lambda_powertools.utilities import parameters  # loads boto3: only where a secret is needed

    secret = parameters.get_secret(
        settings_for(NotifySettings).NOTIFY_SECRET_NAME, transform="json", max_age=SECRET_MAX_AGE_SECONDS
    )
    if not isinstance(secret, dict) or not secret.get("vapid_private_key") or not secret.get("unsubscribe_key"):
        raise RuntimeError("The notify secret must hold vapid_private_key and unsubscribe_key")
    return secret
