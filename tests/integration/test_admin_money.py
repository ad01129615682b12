"""The console's money: daily charts from the rollups; a dispute's case with its transcript; resolutions
in the action log in the movement's transaction, and the report's outcome on the client's reading;
payout runs logged as intent then outcome, their history per run and per reader, failures retried."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from soulseer import ledger
from soulseer.admin import actions
from soulseer.models import ConnectAccountModel, PayoutModel, utcnow
from soulseer.payouts.history import next_run_at
from soulseer.stores.admin_actions import AdminActionModel
from tests.support.operations import call, connected_reader, earn, ended_reading, onboard_at_stripe
from tests.support.readings import fund

ADMIN = ("boss", "admin")


def admin(
    api_module: Any,
    method: str,
    path: str,
    body: Any = None,
    *,
    resource: str | None = None,
    params: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> tuple[int, Any]:
    return call(
        api_module, method, path, ADMIN, resource=resource or path, path_parameters=params, body=body, query=query
    )


def logged(user_id: str | None = None) -> list[Any]:
    return actions.listing(user_id, 100, None).items


def open_report(api_module: Any, sid: str, client: str = "c1") -> None:
    status, body = call(
        api_module,
        "POST",
        f"/api/sessions/{sid}/dispute",
        (client, "client"),
        resource="/api/sessions/{id}/dispute",
        path_parameters={"id": sid},
        body={"reason": "The reader was rude."},
    )
    assert status == 200, body


def client_view(api_module: Any, sid: str, user: tuple[str, str] = ("c1", "client")) -> dict[str, Any]:
    status, body = call(
        api_module, "GET", f"/api/sessions/{sid}", user, resource="/api/sessions/{id}", path_parameters={"id": sid}
    )
    assert status == 200, body
    return body


def test_a_partial_refund_is_logged_with_its_movement_and_shown_to_the_client(aws, api_module) -> None:
    ended_reading("ses_a", "c1", "r1", minutes=5, rate=100)
    open_report(api_module, "ses_a")
    assert client_view(api_module, "ses_a")["report"]["status"] == "open"
    status, case = admin(
        api_module, "GET", "/api/admin/disputes/dsp_a", resource="/api/admin/disputes/{id}", params={"id": "dsp_a"}
    )
    assert status == 200, case
    assert case["dispute"]["reason"] == "The reader was rude." and case["reading"]["total_cents"] == 500
    assert case["reading"]["transcript"] == [] and case["reading"]["paid_minutes"] == 5
    status, done = admin(
        api_module,
        "POST",
        "/api/admin/disputes/dsp_a/resolve",
        {"outcome": "refund", "amount_cents": 200, "note": "Partly refunded: sorry."},
        resource="/api/admin/disputes/{id}/resolve",
        params={"id": "dsp_a"},
    )
    assert status == 200 and done["status"] == "refunded" and done["refund_cents"] == 200
    assert ledger.balance_of(ledger.client_balance("c1")) == 200
    [entry] = logged("c1")
    assert (entry.action, entry.subject, entry.reason) == ("dispute_resolved", "dsp_a", "Partly refunded: sorry.")
    assert entry.details["outcome"] == "refunded" and entry.details["refund_cents"] == 200
    report = client_view(api_module, "ses_a")["report"]
    assert (
        report
        == {
            "status": "refunded",
            "reason": "The reader was rude.",
            "refund_cents": 200,
            "note": "Partly refunded: sorry.",
            "opened_at": report["opened_at"],
            "resolved_at": report["resolved_at"],
        }
        and report["resolved_at"]
    )
    assert client_view(api_module, "ses_a", ("r1", "reader"))["report"] is None  # the client's, not the reader's
    status, _ = admin(
        api_module,
        "POST",
        "/api/admin/disputes/dsp_a/resolve",
        {"outcome": "refund", "amount_cents": 200, "note": "again"},
        resource="/api/admin/disputes/{id}/resolve",
        params={"id": "dsp_a"},
    )
    assert status == 200 and len(logged("c1")) == 1 and ledger.balance_of(ledger.client_balance("c1")) == 200


def test_a_rejection_is_logged_once_and_a_refused_one_not_at_all(aws, api_module) -> None:
    ended_reading("ses_b", "c1", "r1", minutes=2, rate=100)
    open_report(api_module, "ses_b")
    path, resource = "/api/admin/disputes/dsp_b/resolve", "/api/admin/disputes/{id}/resolve"
    status, error = admin(
        api_module,
        "POST",
        path,
        {"outcome": "refund", "amount_cents": 999, "note": "x"},
        resource=resource,
        params={"id": "dsp_b"},
    )
    assert (status, error["error"]["code"]) == (400, "amount_out_of_bounds") and logged() == []
    status, done = admin(
        api_module,
        "POST",
        path,
        {"outcome": "reject", "note": "The reading was fine."},
        resource=resource,
        params={"id": "dsp_b"},
    )
    assert status == 200 and done["status"] == "rejected"
    assert [(e.action, e.details["outcome"]) for e in logged("c1")] == [("dispute_resolved", "rejected")]
    status, error = admin(
        api_module,
        "POST",
        path,
        {"outcome": "refund", "note": "changed my mind"},
        resource=resource,
        params={"id": "dsp_b"},
    )
    assert (status, error["error"]["code"]) == (409, "dispute_resolved") and AdminActionModel.count() == 1
    assert client_view(api_module, "ses_b")["report"]["note"] == "The reading was fine."


def test_daily_stats_are_a_series_per_day(aws, api_module) -> None:
    ended_reading("ses_c", "c1", "r1", minutes=3, rate=100)  # 3 billed minutes, 90 revenue, 300 topped up
    open_report(api_module, "ses_c")
    admin(
        api_module,
        "POST",
        "/api/admin/disputes/dsp_c/resolve",
        {"outcome": "refund", "amount_cents": 100, "note": "n"},
        resource="/api/admin/disputes/{id}/resolve",
        params={"id": "dsp_c"},
    )
    status, body = admin(api_module, "GET", "/api/admin/stats/daily", query={"days": "7"})
    assert status == 200 and body["days"] == 7 and len(body["series"]) == 7
    today = body["series"][-1]
    assert today["date"] == utcnow().date().isoformat()
    assert today == {**today, "billed_minutes": 3, "topups_cents": 300, "refunds_cents": 100, "payouts_cents": 0}
    assert today["revenue_cents"] == 90 - 30  # the platform's share of the refund came back out of revenue
    assert all(point["billed_minutes"] == 0 for point in body["series"][:-1])
    for days in ("0", "91", "x"):
        status, error = admin(api_module, "GET", "/api/admin/stats/daily", query={"days": days})
        assert (status, error["error"]["code"]) == (400, "validation_failed")


def test_payout_runs_are_logged_listed_and_retried(local_stripe, api_module) -> None:
    account = connected_reader(local_stripe.url, "r1", onboarded=False)
    ConnectAccountModel("r1").update(actions=[ConnectAccountModel.payouts_enabled.set(True)])  # stale: will fail
    connected_reader(local_stripe.url, "r2")
    earn("r1", 1700, "e1")
    earn("r2", 2000, "e2")
    status, dry = admin(api_module, "POST", "/api/admin/payouts/process", query={"dry_run": "true"})
    assert status == 200 and dry["would_pay_cents"] == 3700 and logged() == []  # a dry run is not an action
    status, run = admin(api_module, "POST", "/api/admin/payouts/process")
    assert status == 200 and run["paid_cents"] == 2000 and run["failed_count"] == 1
    outcome, intent = logged()
    assert (intent.action, intent.status) == ("payout_run", "intent")
    assert (outcome.status, outcome.intent_id) == ("failed", intent.action_id)
    assert outcome.details["paid_cents"] == 2000 and outcome.details["failed_count"] == 1

    today = datetime.now(UTC).date().isoformat()
    status, runs = admin(api_module, "GET", "/api/admin/payouts/runs")
    assert status == 200 and [(r["payout_date"], r["paid_count"], r["failed_count"]) for r in runs["items"]] == [
        (today, 1, 1)
    ]
    status, detail = admin(
        api_module,
        "GET",
        f"/api/admin/payouts/runs/{today}",
        resource="/api/admin/payouts/runs/{date}",
        params={"date": today},
    )
    by_reader = {p["reader_id"]: p for p in detail["payouts"]}
    assert by_reader["r2"]["status"] == "paid" and by_reader["r2"]["transfer_id"].startswith("tr_")
    assert by_reader["r1"]["status"] == "failed" and "capabilities" in by_reader["r1"]["last_error"]
    for reader in ("r1", "r2"):  # and per reader, on the reader's page in the console
        status, user = admin(
            api_module, "GET", f"/api/admin/users/{reader}", resource="/api/admin/users/{id}", params={"id": reader}
        )
        assert status == 200 and [p["payout_id"] for p in user["payouts"]] == [by_reader[reader]["payout_id"]]
    status, error = admin(
        api_module,
        "GET",
        "/api/admin/payouts/runs/2030-02-31",
        resource="/api/admin/payouts/runs/{date}",
        params={"date": "2030-02-31"},
    )
    assert (status, error["error"]["code"]) == (400, "validation_failed")

    status, mine = call(api_module, "GET", "/api/me/payouts", ("r1", "reader"))
    assert status == 200 and [(p["status"], p["amount_cents"]) for p in mine["items"]] == [("failed", 1700)]
    assert mine["next_payout_at"] and mine["minimum_cents"] == 1500 and mine["available_cents"] == 1700

    onboard_at_stripe(local_stripe.url, account)
    payout_id = by_reader["r1"]["payout_id"]
    status, retried = admin(
        api_module, "POST", "/api/admin/payouts/retry", {"payout_id": payout_id, "reason": "Onboarding finished"}
    )
    assert status == 200 and retried["status"] == "paid" and retried["transfer_id"]
    done, started = logged("r1")
    assert (started.action, started.status, started.subject) == ("payout_retried", "intent", payout_id)
    assert (done.status, done.details["outcome"]) == ("done", "paid")
    status, error = admin(api_module, "POST", "/api/admin/payouts/retry", {"payout_id": payout_id, "reason": "x"})
    assert (status, error["error"]["code"]) == (409, "payout_not_outstanding")
    status, error = admin(api_module, "POST", "/api/admin/payouts/retry", {"payout_id": "payout:x:y", "reason": "x"})
    assert (status, error["error"]["code"]) == (404, "payout_not_found")

    status, mine = call(api_module, "GET", "/api/me/payouts", ("r1", "reader"))
    assert [(p["status"], p["amount_cents"], p["transfer_id"]) for p in mine["items"]] == [
        ("paid", 1700, retried["transfer_id"])
    ]
    assert PayoutModel.get(payout_id).status == "paid"
    status, error = call(api_module, "GET", "/api/me/payouts", ("c9", "client"))
    assert (status, error["error"]["code"]) == (403, "forbidden")


def test_creating_a_reader_is_logged_around_the_stripe_calls(local_stripe, api_module) -> None:
    fund("someone", 100, "pi_x")
    status, made = admin(api_module, "POST", "/api/admin/readers", {"user_id": "r9", "display_name": "Nine"})
    assert status == 200, made
    done, intent = logged("r9")
    assert (intent.action, intent.status, done.status, done.intent_id) == (
        "reader_created",
        "intent",
        "done",
        intent.action_id,
    )


def test_the_next_payout_time_follows_the_schedule() -> None:
    now = datetime(2030, 1, 15, 7, 0, tzinfo=UTC)
    assert next_run_at("cron(0 6 * * ? *)", now) == datetime(2030, 1, 16, 6, 0, tzinfo=UTC)
    assert next_run_at("cron(30 9 * * ? *)", now) == datetime(2030, 1, 15, 9, 30, tzinfo=UTC)
    assert next_run_at("rate(1 day)", now) == datetime(2030, 1, 16, 7, 0, tzinfo=UTC)
    assert next_run_at("cron(0 6 ? * MON *)", now) is None
