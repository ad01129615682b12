"""What `soulseer dev` sends beyond the tab, on loopback: a top-up's receipt through SES (moto), listed by
`soulseer dev outbox` (`--json`, `--state-dir`); push subscriptions on the local push service (its URL in
state.json) are accepted, anywhere else refused."""

from __future__ import annotations

import json
import time
from typing import Any

import requests

from tests.e2e.conftest import LocalCloud
from tests.e2e.test_payments import add_balance, stripe_client, wait_for_balance


def outbox(cloud: LocalCloud) -> dict[str, Any]:
    done = cloud.cli("dev", "outbox", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def wait_for(check: Any, cloud: LocalCloud, timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = outbox(cloud)
        if check(sent):
            return sent
        time.sleep(0.3)
    raise AssertionError(f"never sent: {outbox(cloud)}")


def test_a_top_up_receipt_reaches_the_outbox(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_outbox", "client")
    auth = {"Authorization": f"Bearer {token}"}
    put = requests.put(
        local_cloud.url("/api/me/notifications"), json={"email": "outbox@example.com"}, headers=auth, timeout=10
    )
    assert put.status_code == 200 and put.json()["email"] == "outbox@example.com"
    push_service = str(local_cloud.state["push_service_url"])
    subscription = requests.post(f"{push_service}/_subscribe", timeout=10).json()
    added = requests.post(local_cloud.url("/api/me/push-subscriptions"), json=subscription, headers=auth, timeout=10)
    assert added.status_code == 200, added.text
    elsewhere = {**subscription, "endpoint": "https://attacker.example/push/1"}
    refused = requests.post(local_cloud.url("/api/me/push-subscriptions"), json=elsewhere, headers=auth, timeout=10)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "push_endpoint_not_allowed"

    intent = add_balance(local_cloud, token, 2500).json()
    stripe_client(local_cloud).v1.payment_intents.confirm(
        intent["payment_intent_id"], params={"payment_method": "pm_card_visa"}
    )
    wait_for_balance(local_cloud, token, 2500)
    sent = wait_for(lambda s: any(e["to"] == "outbox@example.com" for e in s["emails"]), local_cloud)
    (receipt,) = [e for e in sent["emails"] if e["to"] == "outbox@example.com"]
    assert receipt["subject"] == "Receipt: $25.00 added to your balance"
    assert f"{local_cloud.state['web_url']}/unsubscribe?token=" in receipt["text"]
    assert receipt["list_unsubscribe"].startswith(f"<{local_cloud.gateway_url}/api/notifications/unsubscribe?token=")

    assert sent["pushes"] == []  # nothing was pushed to this client's device
    text = local_cloud.cli("dev", "outbox")
    assert text.returncode == 0 and "Receipt: $25.00 added to your balance" in text.stdout
