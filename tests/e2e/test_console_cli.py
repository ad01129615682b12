"""The console's verbs in the CLI against `soulseer dev`: find a client, show and block them (the API
then refuses them), make and suspend a reader (gone from the public list), the action log, payout runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import api, funded_client

pytestmark = pytest.mark.e2e
CLIENT, READER = "user_e2e_console_client", "user_e2e_console_reader"


def cli_json(cloud: LocalCloud, *args: str) -> Any:
    done = cloud.cli(*args, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def cli_text(cloud: LocalCloud, *args: str) -> str:
    done = cloud.cli(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_an_operator_finds_blocks_and_suspends_from_the_cli(local_cloud: LocalCloud) -> None:
    client_token = funded_client(local_cloud, CLIENT, 2000)
    found = cli_json(local_cloud, "admin", "users", "find", "e2e_console_cli")
    assert [u["user_id"] for u in found["items"]] == [CLIENT]
    assert CLIENT in cli_text(local_cloud, "admin", "users", "find", "e2e_console_cli")
    shown = cli_json(local_cloud, "admin", "users", "show", CLIENT)
    assert shown["money"]["balance_cents"] == 2000 and shown["blocked"] is False

    blocked = cli_json(local_cloud, "admin", "users", "block", CLIENT, "--reason", "Chargeback abuse")
    assert blocked["block"]["reason"] == "Chargeback abuse"
    refused = requests.post(
        local_cloud.url("/api/sessions/start"),
        json={"reader_id": "user_demo_reader_1", "type": "chat"},
        headers={"Authorization": f"Bearer {client_token}"},
        timeout=15,
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "account_blocked"
    text = cli_text(local_cloud, "admin", "users", "show", CLIENT)
    assert "blocked: Chargeback abuse" in text and "user_blocked" in text

    cli_json(local_cloud, "admin", "readers", "create", "--user", READER, "--name", "CLI Reader")
    listed = api(local_cloud, "GET", "/api/readers?limit=100", client_token)
    assert READER in [r["reader_id"] for r in listed["items"]]
    suspended = cli_json(local_cloud, "admin", "readers", "suspend", READER, "--reason", "Fake reviews")
    assert suspended["listed"] is False and suspended["suspension"]["reason"] == "Fake reviews"
    listed = api(local_cloud, "GET", "/api/readers?limit=100", client_token)
    assert READER not in [r["reader_id"] for r in listed["items"]]

    log = cli_json(local_cloud, "admin", "actions", "--limit", "100")
    actions = [(a["action"], a["target_id"]) for a in log["items"]]
    assert ("user_blocked", CLIENT) in actions and ("reader_suspended", READER) in actions
    table = cli_text(local_cloud, "admin", "actions", "--user", READER)
    assert "reader_suspended" in table and "Fake reviews" in table
    assert cli_json(local_cloud, "admin", "readers", "reinstate", READER, "--reason", "Appeal")["listed"] is True
    assert "items" in cli_json(local_cloud, "admin", "payouts", "runs")
    cli_json(local_cloud, "admin", "users", "unblock", CLIENT, "--reason", "Resolved")
