"""Web push and email in tests: the notify secret and SES identity in moto, a local push service whose
origin is an allowed push host, subscriptions made with keys the test holds (it decrypts what was pushed),
and the emails moto's SES took."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from cryptography.hazmat.primitives.asymmetric import ec

from soulseer.notify import preferences
from soulseer_tools.localcloud.backends import LOCAL_UNSUBSCRIBE_KEY, LOCAL_VAPID_PRIVATE_KEY
from soulseer_tools.localcloud.outbox import sent_emails
from soulseer_tools.localpush import LocalPushService, decrypt, new_keys
from tests.conftest import TEST_ENV


@pytest.fixture
def push_service(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalPushService]:
    """The notify secret and SES sender in moto, and a local push service allowed as a push host."""
    boto3.client("secretsmanager").create_secret(
        Name=TEST_ENV["NOTIFY_SECRET_NAME"],
        SecretString=json.dumps(
            {"vapid_private_key": LOCAL_VAPID_PRIVATE_KEY, "unsubscribe_key": LOCAL_UNSUBSCRIBE_KEY}
        ),
    )
    ses = boto3.client("sesv2")
    ses.create_email_identity(EmailIdentity=TEST_ENV["EMAIL_SENDER"])
    ses.create_configuration_set(ConfigurationSetName=TEST_ENV["EMAIL_CONFIGURATION_SET"])
    parameters.clear_caches()
    service = LocalPushService().start()
    monkeypatch.setenv("PUSH_ENDPOINT_HOSTS", f"{TEST_ENV['PUSH_ENDPOINT_HOSTS']},{service.url}")
    yield service
    service.stop()
    parameters.clear_caches()


def subscribe(service: LocalPushService, user_id: str, name: str) -> tuple[str, ec.EllipticCurvePrivateKey, str]:
    """A browser's subscription on the local push service: (endpoint, private key, auth secret)."""
    key, keys = new_keys()
    endpoint = f"{service.url}/push/{name}"
    preferences.subscribe(user_id, endpoint, keys["p256dh"], keys["auth"])
    return endpoint, key, keys["auth"]


def payloads(service: LocalPushService, endpoint: str, key: ec.EllipticCurvePrivateKey, auth: str) -> list[Any]:
    with service._lock:
        bodies = [r["body"] for r in service.received if r["endpoint"] == endpoint]
    return [decrypt(body, key, auth) for body in bodies]


def emails_to(address: str) -> list[dict[str, Any]]:
    return [e for e in sent_emails() if address in e["to"]]
