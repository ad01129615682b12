"""The ledger audit: consistent while money moves (it never reports a problem that is not there), still
finding real ones, and run as a job whose latest report the admin API serves."""

from __future__ import annotations

import json
import random
import threading
from datetime import timedelta
from typing import Any

import pytest

from soulseer import ledger
from soulseer.ledger import audit
from soulseer.models import LedgerAccountModel, LedgerEntryModel, LedgerMovementModel
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
        incremental = [audit.run_incremental_audit() for _ in range(3)]
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    assert [report.problems for report in reports + incremental] == [[]] * 5
    assert reports[-1].movements > reports[0].movements > 0
    final = audit.run_audit()
    assert final.clean and not final.unverified and final.movements == LedgerMovementModel.count()
    settled = audit.run_incremental_audit()
    assert settled.clean and not settled.unverified and settled.entries_total == 0


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


@pytest.fixture
def settled_at_once(aws, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries count as settled as soon as they are written (in production: 20 minutes later, when no Lambda
    can still be committing a movement stamped before then); full scans are not allowed."""
    monkeypatch.setattr(audit, "SETTLE", timedelta(0))

    def no_scan(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the incremental audit scanned entries or movements")

    monkeypatch.setattr(LedgerEntryModel, "scan", no_scan)
    monkeypatch.setattr(LedgerMovementModel, "scan", no_scan)


def test_the_incremental_audit_reads_only_the_money_that_moved_since_its_checkpoint(settled_at_once) -> None:
    for user in USERS:
        topup(user, 1_000, f"seed-{user}")
    first = audit.run_incremental_audit()  # no checkpoint yet: every entry, through its account
    assert first.clean and (first.entries, first.movements) == (12, 6)
    accounts = first.accounts
    quiet = audit.run_incremental_audit()
    assert quiet.clean and (quiet.accounts, quiet.entries, quiet.movements) == (accounts, 0, 0)
    topup("u1", 250, "pi_more")
    ledger.post("gift:g1", "gift", [ledger.Entry(ledger.client_balance("u2"), ledger.reader_pending("u3"), 70)])
    after = audit.run_incremental_audit()
    assert after.clean and (after.entries, after.movements) == (4, 2)
    assert audit.run_incremental_audit().entries == 0
    full = audit.run_incremental_audit(full=True)  # from the first entry again: the same verdict
    assert full.clean and (full.entries, full.movements) == (16, 8)


def test_the_incremental_audit_still_finds_a_balance_that_differs_from_its_entries(settled_at_once) -> None:
    topup("u1", 500, "pi_1")
    topup("u2", 300, "pi_2")
    assert audit.run_incremental_audit().clean
    account = LedgerAccountModel.get(ledger.client_balance("u1"))
    account.update(actions=[LedgerAccountModel.balance.add(1)])  # changed behind the ledger's back
    for _ in range(2):  # reported on every run until it is put right
        problems = audit.run_incremental_audit().problems
        assert problems == ["client:u1:balance: balance 501 != entries 500"]
    account.update(actions=[LedgerAccountModel.balance.add(-1)])
    assert audit.run_incremental_audit().clean

    topup("u2", 200, "pi_3")
    missing = next(e for e in LedgerEntryModel.query(ledger.client_balance("u2")) if e.movement_id == "topup:pi_3")
    missing.delete()  # a movement after the checkpoint lost an entry
    problems = audit.run_incremental_audit().problems
    assert "movement topup:pi_3: no entry for client:u2:balance" in problems
    assert "client:u2:balance: balance 500 != entries 300" in problems
    assert any(p.endswith("sum to -200 cents, not 0") for p in problems), problems
    missing.save()  # put back: the checkpoint counted the ledger without it, so only a full run sees it again
    assert "client:u2:balance: balance 500 != entries 300" in audit.run_incremental_audit().problems
    assert audit.run_incremental_audit(full=True).clean  # rebuilds the checkpoint from every entry
    assert audit.run_incremental_audit().clean
