"""What the local cloud adds to moto beyond tables: state machines whose Lambda tasks run our handlers,
serialized DynamoDB, and the Stripe and Agora secrets the functions read from Secrets Manager."""

from __future__ import annotations

import json
from typing import Any

import boto3

from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.intrinsics import ACCOUNT_ID, REGION
from soulseer_tools.localcloud.read_statemachines import read_state_machines
from soulseer_tools.localcloud.template import Template
from soulseer_tools.moto_lambda import route_lambda_invocations
from soulseer_tools.moto_serial import serialize_moto_dynamodb

LOCAL_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/soulseer-local"
LOCAL_STRIPE_KEY = "sk_test_soulseer_local"
LOCAL_WEBHOOK_SECRET = "whsec_soulseer_local"
LOCAL_CONNECT_WEBHOOK_SECRET = "whsec_soulseer_local_connect"
LOCAL_AGORA_APP_ID = "50a15eed0000000000000000000a6e0a"  # 32 characters, as Agora app ids are
LOCAL_AGORA_CERTIFICATE = "dev0agora0certificate0not0secret"
# A fixed dev VAPID key pair (not secret): browser subscriptions survive a restart of the local cloud.
LOCAL_VAPID_PRIVATE_KEY = "24gY1FgmEFPG2eF-jebaAPXzw6upZhClsmhNZXJ_luI"
LOCAL_VAPID_PUBLIC_KEY = "BMF_PQZJVGpi54H-7df7uSWuVU77xhwO1ExbJm3v-EzNHtuaUPsNfU7JxTDtw--BkNGjBIfM5VQ3Z4dpI9usgWo"
LOCAL_UNSUBSCRIBE_KEY = "dev-unsubscribe-key-not-secret"


def _client(service: str, moto_url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=moto_url,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def prepare_moto(template: Template, runner: FunctionRunner, moto_url: str) -> int:
    """Serializes DynamoDB, routes Lambda invocations to `runner`, creates the state machines."""
    serialize_moto_dynamodb()

    def lookup(name: str) -> tuple[Any, Any] | None:
        if name not in runner.functions:
            return None
        return (lambda event, _context: runner.invoke(name, event)), None

    route_lambda_invocations(lookup)
    sfn = _client("stepfunctions", moto_url)
    machines = read_state_machines(template).values()
    for machine in machines:
        sfn.create_state_machine(
            name=machine.name, definition=machine.definition, roleArn=LOCAL_ROLE, type=machine.type
        )
    return len(machines)


def put_stripe_secret(secret_name: str, moto_url: str) -> None:
    _client("secretsmanager", moto_url).create_secret(
        Name=secret_name,
        SecretString=json.dumps(
            {
                "secret_key": LOCAL_STRIPE_KEY,
                "webhook_secret": LOCAL_WEBHOOK_SECRET,
                "connect_webhook_secret": LOCAL_CONNECT_WEBHOOK_SECRET,
            }
        ),
    )


def put_agora_secret(secret_name: str, moto_url: str) -> None:
    """A dev Agora app: tokens are built and verifiable locally; no real Agora project is involved."""
    _client("secretsmanager", moto_url).create_secret(
        Name=secret_name,
        SecretString=json.dumps({"app_id": LOCAL_AGORA_APP_ID, "app_certificate": LOCAL_AGORA_CERTIFICATE}),
    )


def put_notify_secret(secret_name: str, moto_url: str) -> None:
    _client("secretsmanager", moto_url).create_secret(
        Name=secret_name,
        SecretString=json.dumps(
            {"vapid_private_key": LOCAL_VAPID_PRIVATE_KEY, "unsubscribe_key": LOCAL_UNSUBSCRIBE_KEY}
        ),
    )


def prepare_email(sender: str, configuration_set: str, moto_url: str) -> None:
    """The sender identity (verified at once, as moto does) and the configuration set in SES."""
    ses = _client("sesv2", moto_url)
    ses.create_email_identity(EmailIdentity=sender)
    ses.create_configuration_set(ConfigurationSetName=configuration_set)
