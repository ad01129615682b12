"""Operator commands against a deployed stack read the stack's settings from its API function."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from soulseer_tools import target


def test_a_stack_environment_is_the_api_function_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    clients: dict[str, Any] = {
        name: boto3.client(name, region_name="eu-west-1") for name in ("cloudformation", "lambda")
    }
    stubs = {name: Stubber(client) for name, client in clients.items()}
    stubs["cloudformation"].add_response(
        "describe_stack_resource",
        {
            "StackResourceDetail": {
                "LogicalResourceId": "ApiFunction",
                "PhysicalResourceId": "soulseer-staging-ApiFunction-abc",
                "ResourceType": "AWS::Lambda::Function",
                "LastUpdatedTimestamp": "2026-12-01T00:00:00Z",
                "ResourceStatus": "UPDATE_COMPLETE",
            }
        },
        {"StackName": "soulseer-staging", "LogicalResourceId": "ApiFunction"},
    )
    stubs["lambda"].add_response(
        "get_function_configuration",
        {"Environment": {"Variables": {"STAGE": "staging", "SESSIONS_TABLE": "soulseer-staging-sessions"}}},
        {"FunctionName": "soulseer-staging-ApiFunction-abc"},
    )
    monkeypatch.setattr(target.boto3, "client", lambda name, region_name=None: clients[name])
    for stub in stubs.values():
        stub.activate()
    env = target.stack_environment("soulseer-staging", "eu-west-1")
    assert env == {
        "STAGE": "staging",
        "SESSIONS_TABLE": "soulseer-staging-sessions",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }
    for stub in stubs.values():
        stub.assert_no_pending_responses()
