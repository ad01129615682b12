"""The local cloud is a stage of its own: its values for the parameters every stage must set
(samconfig.toml sets them for dev, staging and prod; template.yaml has no defaults for them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCAL_ISSUER = "http://127.0.0.1:3001"
LOCAL_ORIGINS = "http://localhost:5173,http://127.0.0.1:5173"

LOCAL_STAGE_PARAMETERS: dict[str, str] = {
    "Stage": "dev",
    "ClerkIssuer": LOCAL_ISSUER,
    "ClerkJwksUrl": LOCAL_ISSUER + "/.well-known/jwks.json",
    "ClerkAuthorizedParties": LOCAL_ORIGINS,
    "CorsAllowedOrigins": LOCAL_ORIGINS,
    "ClerkPublishableKey": "pk_test_local",
    "StripePublishableKey": "pk_test_local",
    "AgoraAppId": "0" * 32,
    "StripeSecretName": "soulseer/dev/stripe",
    "AgoraSecretName": "soulseer/dev/agora",
    "NotifySecretName": "soulseer/dev/notify",
    "VapidPublicKey": "BMF_PQZJVGpi54H-7df7uSWuVU77xhwO1ExbJm3v-EzNHtuaUPsNfU7JxTDtw--BkNGjBIfM5VQ3Z4dpI9usgWo",
    "VapidSubject": "mailto:operators@localhost",
    "EmailSender": "receipts@soulseer.localhost",
    "AlarmEmail": "operators@localhost",
    "LogRetentionDays": "7",
}


def with_local_stage(declared: Mapping[str, Any], overrides: Mapping[str, str]) -> dict[str, str]:
    """The local stage's values for the parameters `declared` has, under `overrides`."""
    return {**{k: v for k, v in LOCAL_STAGE_PARAMETERS.items() if k in declared}, **overrides}
