"""In-process moto with template.yaml's tables, state machines and secrets, set up as tests/conftest.py does.

Importing this module sets the test environment (tests/conftest.py's TEST_ENV, which the tests apply in a
session fixture) and installs the call counter first, so every AWS client the handlers make reports its calls."""

from __future__ import annotations

from benchmarks import counting

counting.install()

import json  # noqa: E402
import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any  # noqa: E402

import boto3  # noqa: E402
from aws_lambda_powertools.utilities import parameters  # noqa: E402
from moto import mock_aws  # noqa: E402

from soulseer.adapters import stripe_api  # noqa: E402
from soulseer_tools.localcloud.queue_delivery import create_queues  # noqa: E402
from soulseer_tools.localcloud.read_statemachines import read_state_machines  # noqa: E402
from soulseer_tools.localcloud.template import Template  # noqa: E402
from soulseer_tools.localstripe import LocalStripeThread  # noqa: E402
from soulseer_tools.moto_lambda import route_lambda_invocations, wait_until_idle  # noqa: E402
from tests import conftest  # noqa: E402  (serializes moto's DynamoDB)
from tests.support.apigw import LambdaContext, load_handler_module  # noqa: E402
from tests.support.stepfunctions import stop_executions  # noqa: E402

TEST_ENV = conftest.TEST_ENV
os.environ.update(TEST_ENV)
os.environ.pop("AWS_ENDPOINT_URL", None)  # the in-process moto, never a local cloud
MOTO_CONFIG = conftest.MOTO_CONFIG
TEMPLATE = Template(conftest.ROOT / "template.yaml", {"Stage": TEST_ENV["STAGE"]})


def _secrets() -> None:
    sm = boto3.client("secretsmanager")
    sm.create_secret(
        Name=TEST_ENV["STRIPE_SECRET_NAME"],
        SecretString=json.dumps({"secret_key": conftest.STRIPE_TEST_KEY, "webhook_secret": conftest.WEBHOOK_SECRET}),
    )
    sm.create_secret(
        Name=TEST_ENV["AGORA_SECRET_NAME"],
        SecretString=json.dumps(
            {"app_id": conftest.AGORA_TEST_APP_ID, "app_certificate": conftest.AGORA_TEST_CERTIFICATE}
        ),
    )
    parameters.clear_caches()


def _route_tasks_to_handlers() -> None:
    by_name = {function.logical_id: function for function in TEMPLATE.functions.values()}

    def lookup(name: str) -> Any:
        function = by_name.get(name)
        if function is None:
            return None
        return load_handler_module(function.code_uri.name).handler, LambdaContext(function_name=name)

    route_lambda_invocations(lookup)


@contextmanager
def moto_world(*, execute_state_machines: bool, stripe: bool = False) -> Iterator[dict[str, Any]]:
    """Tables, secrets and state machines in moto; with `stripe`, a local Stripe the SDK talks to."""
    import os

    config = MOTO_CONFIG if execute_state_machines else {"lambda": {"use_docker": False}}
    with mock_aws(config=config):
        client = boto3.client("dynamodb")
        for table in TEMPLATE.tables.values():
            client.create_table(**table.create_kwargs)
        create_queues(boto3.client("sqs"), TEMPLATE.queues.values())
        _secrets()
        sfn = boto3.client("stepfunctions")
        machines = {}
        for machine in read_state_machines(TEMPLATE).values():
            created = sfn.create_state_machine(
                name=machine.name, definition=machine.definition, roleArn=conftest.LOCAL_ROLE, type=machine.type
            )
            machines[machine.logical_id] = created["stateMachineArn"]
        if execute_state_machines:
            _route_tasks_to_handlers()
        server = LocalStripeThread(port=0).start() if stripe else None
        if server is not None:
            os.environ["STRIPE_API_BASE"] = server.url
            stripe_api._clients.clear()
        try:
            yield {"state_machines": machines}
        finally:
            if execute_state_machines and not stop_executions(sfn, list(machines.values())):
                wait_until_idle()
            if server is not None:
                server.stop()
                os.environ["STRIPE_API_BASE"] = ""
                stripe_api._clients.clear()
            parameters.clear_caches()
