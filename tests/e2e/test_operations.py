"""An operator's day against `soulseer dev`, through the `soulseer` CLI: make a reader (Connect Express
account + onboarding link), a real billed reading over the WebSocket, a client's dispute resolved with a
partial refund, stats, payouts (dry run, run, rerun) to the local Stripe, and a clean audit."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
import requests
import stripe

from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import RoomClient, api, funded_client, online_reader

pytestmark = pytest.mark.e2e
READER, CLIENT = "user_e2e_ops_reader", "user_e2e_ops_client"


def cli_json(cloud: LocalCloud, *args: str) -> Any:
    done = cloud.cli(*args, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def cli_text(cloud: LocalCloud, *args: str, code: int = 0) -> str:
    done = cloud.cli(*args)
    assert done.returncode == code, done.stdout + done.stderr
    return done.stdout


def wait_until(check: Any, what: str, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what} did not happen in {timeout} s"
        time.sleep(0.2)
    return value


def billed_reading(cloud: LocalCloud, reader_token: str, client_token: str, minutes: int) -> dict[str, Any]:
    """A chat reading joined by both over the WebSocket, ended by the client after `minutes` paid minutes."""
    started = api(cloud, "POST", "/api/sessions/start", client_token, {"reader_id": READER, "type": "chat"})
    session_id = started["session"]["session_id"]

    async def scenario() -> None:
        client = await RoomClient.connect(cloud.websocket_url, client_token)
        reader = await RoomClient.connect(cloud.websocket_url, reader_token)
        try:
            await client.send("join-reading", session_id=session_id)
            await client.expect("user-joined", role="client")  # joined before the reader: no race
            await reader.send("join-reading", session_id=session_id)
            assert (await reader.expect("user-joined", role="reader"))["peer_present"] is True
            for _ in range(200):
                details = api(cloud, "GET", f"/api/sessions/{session_id}", client_token)
                if details["paid_minutes"] >= minutes:
                    break
                await asyncio.sleep(0.1)
            api(cloud, "POST", f"/api/sessions/end/{session_id}", client_token)
        finally:
            await client.close()
            await reader.close()

    asyncio.run(scenario())
    return api(cloud, "GET", f"/api/sessions/{session_id}", client_token)


def test_an_operator_runs_the_platform_from_the_cli(local_cloud: LocalCloud) -> None:
    cloud = local_cloud
    stripe_client = stripe.StripeClient(
        str(cloud.state["stripe_secret_key"]), base_addresses={"api": str(cloud.state["stripe_url"])}
    )
    # 1. An operator makes a user a reader: a Connect Express account and an onboarding link.
    made = cli_json(cloud, "admin", "readers", "create", "--user", READER, "--name", "Oracle Ops")
    account_id = made["connect"]["account_id"]
    assert made["user"]["role"] == "reader" and not made["connect"]["payouts_enabled"]
    assert stripe_client.v1.accounts.retrieve(account_id).metadata["reader_id"] == READER
    again = cli_text(cloud, "admin", "readers", "create", "--user", READER)
    assert account_id in again and "onboarding link" in again and "onboarding pending" in again

    # 2. The reader opens the link (the local onboarding page); account.updated enables payouts.
    assert requests.get(made["onboarding_url"], timeout=10).status_code == 200
    reader_token = online_reader(cloud, READER, (2000, 2000, 2000))
    wait_until(
        lambda: (api(cloud, "GET", "/api/me", reader_token)["payout_account"] or {}).get("payouts_enabled"),
        "account.updated reaching the API",
    )

    # 3. A client pays for a real reading (70% of 2 x 2000 to the reader), then disputes it.
    client_token = funded_client(cloud, CLIENT, 10_000)
    reading = billed_reading(cloud, reader_token, client_token, minutes=2)
    total = reading["total_cents"]
    assert reading["status"] == "ended" and total >= 4000 and reading["reader_share_cents"] == total * 70 // 100
    dispute = api(
        cloud,
        "POST",
        f"/api/sessions/{reading['session_id']}/dispute",
        client_token,
        {"reason": "The connection kept dropping."},
    )

    # 4. The operator sees it, and refunds 1000 cents of it.
    listed = cli_json(cloud, "admin", "disputes", "list")
    assert dispute["dispute_id"] in [item["dispute_id"] for item in listed["items"]]
    assert dispute["dispute_id"] in cli_text(cloud, "admin", "disputes", "list")
    stats = cli_json(cloud, "admin", "stats")
    assert stats["disputes"]["open"] >= 1 and stats["revenue_cents"]["today"] >= total * 30 // 100
    resolved = cli_text(
        cloud,
        "admin",
        "disputes",
        "resolve",
        dispute["dispute_id"],
        "--refund",
        "--amount",
        "1000",
        "--note",
        "Partial refund for the dropped minute.",
    )
    assert "refunded" in resolved and "$10.00" in resolved
    refused = cloud.cli("admin", "disputes", "resolve", dispute["dispute_id"], "--reject", "--note", "no")
    assert refused.returncode == 1 and "dispute_resolved" in refused.stderr
    balance = api(cloud, "GET", "/api/payments/balance", client_token)["balance_cents"]
    assert balance == 10_000 - total + 1000
    earnings = api(cloud, "GET", "/api/payments/balance", reader_token)["earnings"]
    pending = earnings["pending_cents"]
    assert pending == reading["reader_share_cents"] - 1000 * reading["reader_share_cents"] // total

    # 5. Payouts: a dry run moves nothing, the run pays once, a rerun pays nobody twice.
    dry = cli_json(cloud, "admin", "payouts", "run", "--dry-run")
    mine = [r for r in dry["results"] if r["reader_id"] == READER]
    assert mine == [{**mine[0], "outcome": "would_pay", "amount_cents": pending}]
    assert stripe_client.v1.transfers.list(params={"destination": account_id}).data == []
    report = cli_text(cloud, "admin", "payouts", "run")
    assert READER in report and "paid" in report
    (transfer,) = stripe_client.v1.transfers.list(params={"destination": account_id}).data
    assert transfer.amount == pending and transfer.metadata["reader_id"] == READER
    rerun = cli_json(cloud, "admin", "payouts", "run")
    assert [r["outcome"] for r in rerun["results"] if r["reader_id"] == READER] == ["already_paid"]
    assert len(stripe_client.v1.transfers.list(params={"destination": account_id}).data) == 1
    earnings = api(cloud, "GET", "/api/payments/balance", reader_token)["earnings"]
    assert (earnings["pending_cents"], earnings["paid_out_cents"]) == (0, pending)

    # 6. The numbers and the ledger agree.
    stats = cli_text(cloud, "admin", "stats")
    assert "open disputes" in stats and "pending payouts" in stats
    assert "ledger audit: CLEAN" in cli_text(cloud, "audit")


def test_admin_commands_need_an_admin_token(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_not_admin", "client")
    done = local_cloud.cli("admin", "stats", "--api-url", local_cloud.gateway_url, "--token", token)
    assert done.returncode == 1 and "forbidden" in done.stderr
    response = requests.post(
        local_cloud.url("/api/admin/payouts/process"), timeout=10, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    admin = local_cloud.token("user_e2e_remote_admin", "admin")
    remote = local_cloud.cli("admin", "stats", "--json", "--api-url", local_cloud.gateway_url, "--token", admin)
    assert remote.returncode == 0 and "revenue_cents" in json.loads(remote.stdout)
