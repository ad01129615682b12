"""The admin API: admins only (403 for everyone else, before any input is looked at), making readers
with a Connect Express account and an onboarding link, `account.updated`, stats from the ledger."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
import stripe

from soulseer import connect, ledger
from soulseer.ledger import core
from soulseer.models import ConnectAccountModel, ReaderProfileModel, UserModel, utcnow
from tests.conftest import WEBHOOK_SECRET
from tests.support.apigw import LambdaContext, rest_event
from tests.support.operations import call, ended_reading, onboard_at_stripe, stripe_client
from tests.support.readings import fund, make_reader

ADMIN = ("boss", "admin")


def admin_routes(template) -> list[tuple[str, str]]:
    routes = [(r.method, r.path) for r in template.rest_api().routes if r.path.startswith("/api/admin/")]
    assert len(routes) >= 6
    return routes


@pytest.mark.parametrize("role", ["client", "reader"])
@pytest.mark.parametrize("body", [None, {}, {"user_id": "x", "display_name": "X", "outcome": "refund", "note": "n"}])
def test_non_admins_get_403_on_every_admin_route(aws, api_module, template, role, body) -> None:
    for method, path in admin_routes(template):
        concrete = path.replace("{id}", "dsp_1")
        status, error = call(
            api_module,
            method,
            concrete,
            ("someone", role),
            resource=path,
            path_parameters={"id": "dsp_1"} if "{id}" in path else None,
            body=body,
            query={"dry_run": "maybe", "status": "bogus"},
        )
        assert (status, error["error"]["code"]) == (403, "forbidden"), (method, path)
    assert [user.user_id for user in UserModel.scan()] == ["someone"]  # only the caller, as the authorizer saw them
    assert ConnectAccountModel.count() == 0


def test_admin_routes_without_an_identity_are_401(aws, api_module, template) -> None:
    for method, path in admin_routes(template):
        status, error = call(api_module, method, path.replace("{id}", "x"), None, resource=path)
        assert (status, error["error"]["code"]) == (401, "unauthorized")


def test_making_a_reader_creates_an_express_account_and_an_onboarding_link(local_stripe, api_module) -> None:
    body = {"user_id": "user_new_reader", "display_name": "Madame X", "email": "x@example.com"}
    status, made = call(api_module, "POST", "/api/admin/readers", ADMIN, body=body)
    assert status == 200, made
    assert made["user"]["role"] == "reader" and made["reader"]["display_name"] == "Madame X"
    assert made["connect"]["payouts_enabled"] is False and made["connect"]["details_submitted"] is False
    assert re.match(rf"^{re.escape(local_stripe.url)}/connect/onboarding/acct_\w+\?link=", made["onboarding_url"])
    account = stripe_client(local_stripe.url).v1.accounts.retrieve(made["connect"]["account_id"])
    assert account.type == "express" and account.metadata["reader_id"] == "user_new_reader"
    assert UserModel.get("user_new_reader").role == "reader"
    assert ReaderProfileModel.get("user_new_reader").status == "offline"

    status, again = call(api_module, "POST", "/api/admin/readers", ADMIN, body={"user_id": "user_new_reader"})
    assert status == 200 and again["connect"]["account_id"] == made["connect"]["account_id"]
    assert again["onboarding_url"] != made["onboarding_url"]  # links are single use: a fresh one
    assert len(stripe_client(local_stripe.url).v1.accounts.list().data) == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"user_id": "boss"}, 409, "user_is_admin"),
        ({"user_id": "newbie"}, 400, "display_name_required"),
        (
            {
                "user_id": "newbie",
                "display_name": "N",
                "rates": {"chat_cents": 5, "voice_cents": 100, "video_cents": 100},
            },
            400,
            "rate_out_of_bounds",
        ),
        ({"user_id": "bad id!", "display_name": "N"}, 400, "validation_failed"),
        ({"user_id": "newbie", "display_name": "N", "surprise": 1}, 400, "validation_failed"),
    ],
)
def test_bad_reader_requests_change_nothing(local_stripe, api_module, body, status, code) -> None:
    UserModel("boss", role="admin").save()
    got, error = call(api_module, "POST", "/api/admin/readers", ADMIN, body=body)
    assert (got, error["error"]["code"]) == (status, code)
    assert ConnectAccountModel.count() == 0 and UserModel.get("boss").role == "admin"
    assert stripe_client(local_stripe.url).v1.accounts.list().data == []


def deliver_event(api_module: Any, event: dict[str, Any]) -> tuple[int, Any]:
    payload = json.dumps(event)
    signature = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET, timestamp=int(time.time()))
    response = api_module.handler(
        rest_event("POST", "/api/payments/webhook", body=payload, headers={"Stripe-Signature": signature}),
        LambdaContext(),
    )
    return response["statusCode"], json.loads(response["body"])


def test_account_updated_keeps_payouts_enabled_current(local_stripe, api_module) -> None:
    _, made = call(api_module, "POST", "/api/admin/readers", ADMIN, body={"user_id": "r1", "display_name": "R"})
    account_id = made["connect"]["account_id"]
    stale = {"id": account_id, "object": "account", "payouts_enabled": False, "metadata": {}}
    onboard_at_stripe(local_stripe.url, account_id)
    # An older event arriving late still leaves the truth: the handler re-reads the account.
    status, body = deliver_event(api_module, {"id": "evt_1", "type": "account.updated", "data": {"object": stale}})
    assert status == 200 and body["outcome"] == "payouts_enabled"
    assert ConnectAccountModel.get("r1").payouts_enabled and ConnectAccountModel.get("r1").details_submitted
    status, body = call(api_module, "GET", "/api/me", ("r1", "reader"))
    assert status == 200
    unknown = {"id": "acct_unknown", "object": "account", "metadata": {}}
    status, body = deliver_event(api_module, {"id": "evt_2", "type": "account.updated", "data": {"object": unknown}})
    assert status == 200 and body["outcome"] == "ignored"


@pytest.mark.parametrize(
    "odd",
    [
        {"metadata": "reader_id=r1"},
        {"metadata": 7},
        {"metadata": ["r1"]},
        {"metadata": {"reader_id": {"nested": "r1"}}},
        {"metadata": {"reader_id": "r2"}},  # names another reader: not their account
        {"id": {"acct": 1}},
        {"id": "acct_" + "x" * 3000},
    ],
    ids=["string", "number", "list", "nested-id", "other-reader", "object-id", "huge-id"],
)
def test_account_updated_with_odd_shapes_is_acknowledged_and_ignored(local_stripe, api_module, odd) -> None:
    """Signed, but not an account update we can apply: 2xx (Stripe would retry a 5xx for days), nothing changes."""
    _, made = call(api_module, "POST", "/api/admin/readers", ADMIN, body={"user_id": "r1", "display_name": "R"})
    connect.ensure_account("r2")
    account_id = made["connect"]["account_id"]
    onboard_at_stripe(local_stripe.url, account_id)
    account = {"id": account_id, "object": "account", "payouts_enabled": True, **odd}
    status, body = deliver_event(api_module, {"id": "evt_odd", "type": "account.updated", "data": {"object": account}})
    if odd.get("metadata") is not None and "id" not in odd and odd["metadata"] != {"reader_id": "r2"}:
        # the account id still names r1's account: the truth is read back from Stripe
        assert (status, body["outcome"]) == (200, "payouts_enabled")
    else:
        assert (status, body["outcome"]) == (200, "ignored")
        assert not ConnectAccountModel.get("r1").payouts_enabled
    assert not ConnectAccountModel.get("r2").payouts_enabled


def test_stats_come_from_the_ledger(local_stripe, api_module, monkeypatch) -> None:
    ended_reading("ses_a", "c1", "r1", minutes=3, rate=100)  # 300 charged: 210 to r1, 90 platform
    make_reader("r2", rate_cents=100)
    ReaderProfileModel("r2").update(actions=[ReaderProfileModel.status.set("busy")])
    connect.ensure_account("r1")
    onboard_at_stripe(local_stripe.url, connect.find("r1").stripe_account_id)
    connect.apply_account_update(connect.find("r1").stripe_account_id, None)
    old = utcnow() - timedelta(days=10)
    monkeypatch.setattr(core, "utcnow", lambda: old)
    fund("c_old", 5000, "pi_old")
    movement_id = "charge:ses_old:1"
    ledger.post(
        movement_id,
        "reading",
        [
            ledger.Entry(ledger.client_balance("c_old"), ledger.reader_pending("r1"), 1400),
            ledger.Entry(ledger.client_balance("c_old"), ledger.platform_revenue(movement_id), 600),
        ],
    )
    monkeypatch.undo()
    call(
        api_module,
        "POST",
        "/api/sessions/ses_a/dispute",
        ("c1", "client"),
        resource="/api/sessions/{id}/dispute",
        path_parameters={"id": "ses_a"},
        body={"reason": "The reader never answered my question."},
    )
    status, stats = call(api_module, "GET", "/api/admin/stats", ADMIN)
    assert status == 200, stats
    assert stats["revenue_cents"] == {"today": 90, "last_7_days": 90, "last_30_days": 690}
    assert stats["topups_cents"] == {"today": 300, "last_7_days": 300, "last_30_days": 5300}
    assert stats["readers"] == {"total": 2, "online": 1, "busy": 1}
    assert stats["readings"] == {"active": 1}
    assert stats["payouts"]["pending_cents"] == 1610
    assert (stats["payouts"]["eligible_readers"], stats["payouts"]["eligible_cents"]) == (1, 1610)
    assert stats["disputes"] == {"open": 1}
