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
