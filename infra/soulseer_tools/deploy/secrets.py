"""`soulseer setup secrets --stage <stage>`: the stage's Stripe and Agora secrets in Secrets Manager,
under the names samconfig.toml gives, from prompts or a JSON file. An existing secret gets a new
version (so rotating a key is the same command)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Mapping
from typing import Any

# secret parameter -> the fields it holds (field -> prompt)
FIELDS: dict[str, dict[str, str]] = {
    "StripeSecretName": {
        "secret_key": "Stripe secret key (sk_test_... / sk_live_..., or a restricted rk_ key)",
        "webhook_secret": "Signing secret of the platform-events webhook endpoint (whsec_...)",
        "connect_webhook_secret": "Signing secret of the Connect (account.updated) webhook endpoint (whsec_...)",
    },
    "AgoraSecretName": {
        "app_id": "Agora App ID",
        "app_certificate": "Agora App Certificate",
    },
}


def collect(
    parameters: Mapping[str, str], given: Mapping[str, Any] | None, ask: Callable[[str], str] = getpass.getpass
) -> dict[str, dict[str, str]]:
    """secret name -> value, taking fields from `given` (a file's JSON) and asking for the rest."""
    values: dict[str, dict[str, str]] = {}
    for parameter, fields in FIELDS.items():
        name = parameters[parameter]
        known = dict((given or {}).get(name) or {})
        secret = {
            field: str(known[field]) if field in known else ask(f"{prompt}: ").strip()
            for field, prompt in fields.items()
        }
        empty = [field for field, value in secret.items() if not value]
        if empty:
            raise ValueError(f"{name}: {', '.join(empty)} must not be empty")
        values[name] = secret
    return values


def store(client: Any, values: Mapping[str, Mapping[str, str]], stage: str) -> list[str]:
    """Creates each secret, or puts a new version of an existing one; returns what was done."""
    done = []
    for name, secret in values.items():
        body = json.dumps(secret)
        try:
            client.create_secret(Name=name, SecretString=body, Tags=[{"Key": "soulseer:stage", "Value": stage}])
            done.append(f"created {name}")
        except client.exceptions.ResourceExistsException:
            client.put_secret_value(SecretId=name, SecretString=body)
            done.append(f"updated {name}")
    return done


def new_notify_secret() -> dict[str, str]:
    """A fresh VAPID key pair's private half and a random unsubscribe-link key."""
    import base64
    import secrets as random

    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    return {
        "vapid_private_key": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "unsubscribe_key": random.token_urlsafe(32),
    }


def vapid_public_key(private_key: str) -> str:
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    raw = base64.urlsafe_b64decode(private_key + "=" * (-len(private_key) % 4))
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).decode().rstrip("=")


def ensure_notify_secret(client: Any, name: str, stage: str) -> tuple[str, str]:
    """Makes the notify secret once (a new VAPID key would orphan every browser's subscription, so an
    existing one is kept); returns what was done and the VAPID public key for samconfig.toml."""
    try:
        existing = json.loads(client.get_secret_value(SecretId=name)["SecretString"])
        return f"kept {name}", vapid_public_key(existing["vapid_private_key"])
    except client.exceptions.ResourceNotFoundException:
        secret = new_notify_secret()
        client.create_secret(
            Name=name, SecretString=json.dumps(secret), Tags=[{"Key": "soulseer:stage", "Value": stage}]
        )
        return f"created {name}", vapid_public_key(secret["vapid_private_key"])
