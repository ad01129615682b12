"""The ledger audit: consistent while money moves (it never reports a problem that is not there), still
finding real ones, and run as a job whose latest report the admin API serves."""

from __future__ import annotations

import json
import random
import threading
from typing import Any

import pytest

from soulseer import ledger
from soulseer.ledger import audit
from soulseer.models import LedgerEntryModel, LedgerMovementModel
from tests.support.apigw import LambdaContext, load_handler_module, rest_event

USERS = [f"u{n}" for n in range(6)]


def topup(user: str, cents: int, ref: str) -> None:
    movement_id = f"topup:{ref}"
    ledger.post(
        movement_id, "topup", [ledger.Entry(ledger.stripe_clearing(movement_id), ledger.client_balance(user), cents)]
    )


def keep_moving_money(stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(1, 26):
        if stop.is_set():
            return
        payer, payee = rng.sample(USERS, 2)
        movement_id = f"move:{seed}:{n}"
        entries = [
            ledger.Entry(ledger.client_balance(payer), ledger.reader_pending(payee), 7),
            ledger.Entry(ledger.client_balance(payer), ledger.platform_revenue(movement_id), 3),
        ]
        try:
            ledger.post(movement_id, "gift", entries)
        except ledger.core.InsufficientFunds:
            topup(payer, 500, f"{seed}-{n}")


def test_audits_while_money_moves_never_report_a_false_problem(aws, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "SCAN_PAGE_SIZE", 8)  # many small pages: writes land between them
    for user in USERS:
        topup(user, 1_000, f"seed-{user}")
    stop = threading.Event()
    writers = [threading.Thread(target=keep_moving_money, args=(stop, seed)) for seed in range(2)]
    for writer in writers:
        writer.start()
    try:
        reports = [audit.run_audit() for _ in range(2)]
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert [report.problems for report in reports] == [[]] * 2
    assert reports[-1].movements > reports[0].movements > 0
    final = audit.run_audit()
    assert final.clean and not final.unverified and final.movements == LedgerMovementModel.count()


def test_real_problems_are_still_reported(aws) -> None:
    topup("u1", 500, "pi_1")
    topup("u2", 300, "pi_2")
    entry = next(iter(LedgerEntryModel.query(ledger.client_balance("u1"))))
    entry.update(actions=[LedgerEntryModel.amount.set(499)])
    LedgerMovementModel.get("topup:pi_2").delete()
    problems = audit.run_audit().problems
    assert any("topup:pi_1" in p and "client:u1:balance" in p for p in problems), problems
    assert "entries of topup:pi_2 have no movement" in problems
    assert any(p.startswith("client:u1:balance: balance 500 != entries 499") for p in problems), problems
    entry.update(actions=[LedgerEntryModel.amount.set(500)])
    stored = ledger.core.find_movement("topup:pi_1")
    assert stored is not None
    for item in LedgerEntryModel.query(ledger.client_balance("u2")):  # put the ledger back for the teardown audit
        item.delete()
    for item in LedgerEntryModel.scan():
        if item.movement_id == "topup:pi_2":
            item.delete()
    from soulseer.models import LedgerAccountModel

    for account in (ledger.client_balance("u2"), ledger.stripe_clearing("topup:pi_2")):
        LedgerAccountModel.get(account).update(
            actions=[LedgerAccountModel.balance.add(300 if "clearing" in account else -300)]
        )
    assert audit.run_audit().clean


def admin(api_module: Any, method: str) -> tuple[int, Any]:
    event = rest_event(method, "/api/admin/audit", user=("admin1", "admin"))
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def test_the_audit_job_stores_the_report_the_admin_api_serves(state_machines, api_module) -> None:
    from soulseer import users

    users.set_role("admin1", "admin")
    assert admin(api_module, "GET") == (200, {"status": "never_run"})
    topup("u1", 500, "pi_1")
    result = load_handler_module("audit").handler({"source": "aws.events"}, LambdaContext(function_name="audit"))
    assert result["clean"] is True
    status, report = admin(api_module, "GET")
    assert status == 200 and report["status"] == "done" and report["clean"] and report["movements"] == 1
    topup("u1", 700, "pi_2")
    status, requested = admin(api_module, "POST")  # the api invokes the audit function (here: in process)
    assert status == 200 and requested["status"] == "requested"
    status, fresh = admin(api_module, "GET")
    assert fresh["finished_at"] >= requested["requested_at"] and fresh["movements"] == 2
