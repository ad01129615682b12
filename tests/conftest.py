"""Shared test setup. The environment the functions see (TEST_ENV) is set by one session fixture,
`environment`, before any other fixture: no soulseer module reads it at import (tables are bound at first use,
settings are read when asked for, the layer's loggers are named without it), so import order does not matter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws

from soulseer.adapters import stripe_api
from soulseer.ledger.audit import run_audit
from soulseer_tools.localcloud.queue_delivery import create_queues
from soulseer_tools.localcloud.read_statemachines import read_state_machines
from soulseer_tools.localcloud.template import Template
from soulseer_tools.localstripe import LocalStripeThread
from soulseer_tools.moto_lambda import route_lambda_invocations, wait_until_idle
from soulseer_tools.moto_serial import serialize_moto_dynamodb
from tests.support.apigw import LambdaContext, load_handler_module
from tests.support.stepfunctions import stop_executions

TEST_ENV = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "STAGE": "test",
    "USERS_TABLE": "soulseer-test-users",
    "READER_PROFILES_TABLE": "soulseer-test-reader-profiles",
    "LEDGER_ACCOUNTS_TABLE": "soulseer-test-ledger-accounts",
    "LEDGER_ENTRIES_TABLE": "soulseer-test-ledger-entries",
    "LEDGER_MOVEMENTS_TABLE": "soulseer-test-ledger-movements",
    "PAYMENTS_TABLE": "soulseer-test-payments",
    "SESSIONS_TABLE": "soulseer-test-sessions",
    "TRANSCRIPTS_TABLE": "soulseer-test-transcripts",
    "CONNECTIONS_TABLE": "soulseer-test-connections",
    "CONNECT_ACCOUNTS_TABLE": "soulseer-test-connect-accounts",
    "DISPUTES_TABLE": "soulseer-test-disputes",
    "PAYOUTS_TABLE": "soulseer-test-payouts",
    "STREAMS_TABLE": "soulseer-test-streams",
    "STREAM_AUDIENCE_TABLE": "soulseer-test-stream-audience",
    "PRODUCTS_TABLE": "soulseer-test-products",
    "ORDERS_TABLE": "soulseer-test-orders",
    "PRESENCE_TABLE": "soulseer-test-presence",
    "WATCHES_TABLE": "soulseer-test-watches",
    "PRESENCE_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/soulseer-test-presence",
    "PRESENCE_GRACE_SECONDS": "30",
    "HEARTBEAT_WINDOW_SECONDS": "45",
    "PAYOUTS_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/soulseer-test-payouts",
    "PAYOUT_MINIMUM_CENTS": "1500",
    "PAYOUT_SCHEDULE": "cron(0 6 * * ? *)",
    "DISPUTE_WINDOW_HOURS": "72",
    "STATS_ROLLUPS_TABLE": "soulseer-test-stats-rollups",
    "RATE_LIMITS_TABLE": "soulseer-test-rate-limits",
    "AUDIT_REPORTS_TABLE": "soulseer-test-audit-reports",
    "ADMIN_ACTIONS_TABLE": "soulseer-test-admin-actions",
    "AUDIT_FUNCTION_NAME": "AuditFunction",
    "MEDIA_BUCKET": "soulseer-test-media-123456789012",
    "RATE_LIMITS": "add_balance=5/60,start_reading=5/60,gift=30/60,purchase=10/60,dispute=10/3600,stream_chat=8/10",
    "AGORA_SECRET_NAME": "soulseer/test/agora",
    "AGORA_TOKEN_TTL_SECONDS": "3600",
    "GIFT_CONFIRM_ABOVE_CENTS": "500",
    "GIFT_CATALOG": "rose:100:Rose:🌹,heart:300:Heart:💜,star:500:Star:⭐,crystal-ball:1000:Crystal ball:🔮,"
    "full-moon:2500",
    "POWERTOOLS_SERVICE_NAME": "soulseer",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "SoulSeerTest",
    "READER_RATE_MIN_CENTS": "100",
    "READER_RATE_MAX_CENTS": "2000",
    "CORS_ALLOWED_ORIGINS": "http://localhost:5173",
    "CLERK_ISSUER": "https://clerk.soulseer.test",
    "CLERK_JWKS_URL": "https://clerk.soulseer.test/.well-known/jwks.json",
    "CLERK_AUTHORIZED_PARTIES": "http://localhost:5173",
    "STRIPE_SECRET_NAME": "soulseer/test/stripe",
    "STRIPE_API_BASE": "",
    "TOPUP_MIN_CENTS": "500",
    "TOPUP_MAX_CENTS": "50000",
    "BILLING_STATE_MACHINE_ARN": "arn:aws:states:us-east-1:123456789012:stateMachine:soulseer-test-session-billing",
    "REQUEST_EXPIRY_STATE_MACHINE_ARN": (
        "arn:aws:states:us-east-1:123456789012:stateMachine:soulseer-test-request-expiry"
    ),
    "WEBSOCKET_URL": "wss://wsapi.execute-api.us-east-1.amazonaws.com/test",
    "WEBSOCKET_MANAGEMENT_URL": "https://wsapi.execute-api.us-east-1.amazonaws.com/test",
    "BILLING_TICK_SECONDS": "1",
    "JOIN_TIMEOUT_SECONDS": "60",
    "FREE_INTRO_MINUTES": "3",
    "DISCONNECT_GRACE_SECONDS": "2",
    "MAX_READING_MINUTES": "240",
    "TICKS_PER_EXECUTION": "2000",
    "STUN_URLS": "stun:127.0.0.1:3478",
    "TURN_URLS": "",
    "TURN_SECRET_NAME": "",
    "NOTIFICATIONS_TABLE": "soulseer-test-notifications",
    "NOTIFY_SECRET_NAME": "soulseer/test/notify",
    "PUSH_ENDPOINT_HOSTS": (
        "fcm.googleapis.com,updates.push.services.mozilla.com,web.push.apple.com,*.notify.windows.com"
    ),
    "VAPID_SUBJECT": "mailto:operators@soulseer.test",
    "RING_MISS_LIMIT": "3",
    "EMAIL_SENDER": "receipts@soulseer.test",
    "EMAIL_CONFIGURATION_SET": "soulseer-test",
    "API_URL": "https://api.soulseer.test/test",
    "WEB_URL": "https://app.soulseer.test",
}


@pytest.fixture(scope="session", autouse=True)
def environment() -> Iterator[None]:
    """The one place the tests' environment is set (a session fixture that every other one comes after);
    AWS_ENDPOINT_URL is taken away so boto3 talks to the in-process moto, never to a local cloud."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in TEST_ENV.items():
            patch.setenv(name, value)
        patch.delenv("AWS_ENDPOINT_URL", raising=False)
        yield


ROOT = Path(__file__).resolve().parents[1]
MOTO_CONFIG = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
LOCAL_ROLE = "arn:aws:iam::123456789012:role/soulseer-local"
serialize_moto_dynamodb()


@pytest.fixture(scope="session")
def template() -> Template:
    return Template(ROOT / "template.yaml", {"Stage": TEST_ENV["STAGE"]})


@pytest.fixture
def aws(template: Template) -> Iterator[None]:
    """In-process moto with every table template.yaml declares, named as the functions' env names them."""
    env = template.env_union()
    assert {k: env[k] for k in TEST_ENV if k.endswith("_TABLE")} == {
        k: v for k, v in TEST_ENV.items() if k.endswith("_TABLE")
    }
    with mock_aws(config=MOTO_CONFIG):
        client = boto3.client("dynamodb")
        for table in template.tables.values():
            client.create_table(**table.create_kwargs)
        create_queues(boto3.client("sqs"), template.queues.values())
        yield
        report = run_audit()
        assert report.clean, report.problems


@pytest.fixture
def state_machines(aws: None, template: Template) -> Iterator[None]:
    """template.yaml's state machines in moto, executing the real ASL; Lambda tasks call our handlers."""
    sfn = boto3.client("stepfunctions")
    for machine in read_state_machines(template).values():
        sfn.create_state_machine(
            name=machine.name, definition=machine.definition, roleArn=LOCAL_ROLE, type=machine.type
        )
    by_name = {function.logical_id: function for function in template.functions.values()}

    def lookup(name: str):
        function = by_name.get(name)
        if function is None:
            return None
        return load_handler_module(function.code_uri.name).handler, LambdaContext(function_name=name)

    route_lambda_invocations(lookup)
    yield
    _stop_executions(sfn)


def _stop_executions(sfn) -> None:
    """Executions run in moto's threads: stop them before the mock goes, so none outlives its test."""
    machines = [m["stateMachineArn"] for m in sfn.list_state_machines()["stateMachines"]]
    running = stop_executions(sfn, machines)
    if running:
        raise AssertionError(f"executions still running: {running}")
    assert wait_until_idle(), "a Lambda task is still running"


WEBHOOK_SECRET = "whsec_test_secret"
CONNECT_WEBHOOK_SECRET = "whsec_test_connect_secret"
STRIPE_TEST_KEY = "sk_test_soulseer"


@pytest.fixture
def stripe_secret(aws: None) -> Iterator[None]:
    """The Stripe secret in (moto's) Secrets Manager, as the deployed functions read it."""
    boto3.client("secretsmanager").create_secret(
        Name=TEST_ENV["STRIPE_SECRET_NAME"],
        SecretString=json.dumps(
            {
                "secret_key": STRIPE_TEST_KEY,
                "webhook_secret": WEBHOOK_SECRET,
                "connect_webhook_secret": CONNECT_WEBHOOK_SECRET,
            }
        ),
    )
    parameters.clear_caches()
    yield
    parameters.clear_caches()


AGORA_TEST_APP_ID = "0123456789abcdef0123456789abcdef"
AGORA_TEST_CERTIFICATE = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def agora_secret(aws: None) -> Iterator[None]:
    """The Agora app id and certificate in (moto's) Secrets Manager, as the functions read them."""
    boto3.client("secretsmanager").create_secret(
        Name=TEST_ENV["AGORA_SECRET_NAME"],
        SecretString=json.dumps({"app_id": AGORA_TEST_APP_ID, "app_certificate": AGORA_TEST_CERTIFICATE}),
    )
    parameters.clear_caches()
    yield
    parameters.clear_caches()


@pytest.fixture
def local_stripe(stripe_secret: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalStripeThread]:
    server = LocalStripeThread(port=0).start()
    monkeypatch.setenv("STRIPE_API_BASE", server.url)
    stripe_api._clients.clear()
    yield server
    server.stop()
    stripe_api._clients.clear()


@pytest.fixture(scope="session")
def api_module() -> ModuleType:
    return load_handler_module("api")
