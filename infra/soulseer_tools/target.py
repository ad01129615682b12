"""Where operator commands act: the running local cloud (state.json) or a deployed stack's tables."""

from __future__ import annotations

import json
import os
from pathlib import Path

import boto3

# CloudFormation output -> the environment variable the soulseer package reads.
STACK_OUTPUTS = {
    "UsersTableName": "USERS_TABLE",
    "ReaderProfilesTableName": "READER_PROFILES_TABLE",
    "LedgerAccountsTableName": "LEDGER_ACCOUNTS_TABLE",
    "LedgerEntriesTableName": "LEDGER_ENTRIES_TABLE",
    "LedgerMovementsTableName": "LEDGER_MOVEMENTS_TABLE",
}


def local_environment(state_dir: Path) -> dict[str, str]:
    path = state_dir / "state.json"
    if not path.exists():
        raise SystemExit(f"{path} not found: start the local cloud with `make run`, or pass --stack.")
    return {str(k): str(v) for k, v in json.loads(path.read_text())["env"].items()}


def stack_environment(stack: str, region: str | None) -> dict[str, str]:
    described = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=stack)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described["Stacks"][0].get("Outputs", [])}
    missing = sorted(set(STACK_OUTPUTS) - set(outputs))
    if missing:
        raise SystemExit(f"stack {stack} lacks outputs {', '.join(missing)}")
    env = {variable: outputs[output] for output, variable in STACK_OUTPUTS.items()}
    if region:
        env["AWS_REGION"] = env["AWS_DEFAULT_REGION"] = region
    return env


def use_target(state_dir: Path, stack: str | None, region: str | None) -> None:
    """Points the soulseer package at the target; call before importing any soulseer module."""
    os.environ.update(stack_environment(stack, region) if stack else local_environment(state_dir))
