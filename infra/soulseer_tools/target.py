"""Where operator commands act: the running local cloud (state.json) or a deployed stack's tables."""

from __future__ import annotations

import json
import os
from pathlib import Path

import boto3
from botocore.exceptions import ClientError

# The function whose environment operator commands borrow: it is given every variable the package reads.
ENVIRONMENT_FUNCTION = "ApiFunction"


def local_environment(state_dir: Path) -> dict[str, str]:
    path = state_dir / "state.json"
    if not path.exists():
        raise SystemExit(f"{path} not found: start the local cloud with `make run`, or pass --stack.")
    return {str(k): str(v) for k, v in json.loads(path.read_text())["env"].items()}


def stack_environment(stack: str, region: str | None) -> dict[str, str]:
    """The deployed API function's own variables (tables, queues, secret names), so the package reads the
    stack's settings exactly as its functions do (no defaults to fall back on)."""
    try:
        resource = boto3.client("cloudformation", region_name=region).describe_stack_resource(
            StackName=stack, LogicalResourceId=ENVIRONMENT_FUNCTION
        )
    except ClientError as error:
        raise SystemExit(f"stack {stack}: {error}") from None
    name = resource["StackResourceDetail"]["PhysicalResourceId"]
    described = boto3.client("lambda", region_name=region).get_function_configuration(FunctionName=name)
    env = {str(k): str(v) for k, v in ((described.get("Environment") or {}).get("Variables") or {}).items()}
    if region:
        env["AWS_REGION"] = env["AWS_DEFAULT_REGION"] = region
    return env


def use_target(state_dir: Path, stack: str | None, region: str | None) -> None:
    """Points the soulseer package at the target; call before importing any soulseer module."""
    os.environ.update(stack_environment(stack, region) if stack else local_environment(state_dir))
