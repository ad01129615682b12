"""The operator CLI against the running local cloud."""

from __future__ import annotations

import requests

from tests.e2e.conftest import LocalCloud


def test_admin_bootstrap_makes_the_first_admin(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_boss")
    me = requests.get(local_cloud.url("/api/me"), headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.json()["role"] == "client"
    done = local_cloud.cli("admin", "bootstrap", "--user", "user_e2e_boss")
    assert done.returncode == 0, done.stderr
    assert "user_e2e_boss is now an admin" in done.stdout
    fresh = local_cloud.token("user_e2e_boss")  # a new token: the authorizer caches per token
    me = requests.get(local_cloud.url("/api/me"), headers={"Authorization": f"Bearer {fresh}"}, timeout=10)
    assert me.json()["role"] == "admin"


def test_audit_reports_a_clean_ledger(local_cloud: LocalCloud) -> None:
    done = local_cloud.cli("audit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ledger audit: CLEAN" in done.stdout
