"""The console's users: search by id, email or display name; a user's money and history; role changes and
blocks, each logged in the action log in the same transaction as the change (no change, no entry); a
blocked client is refused readings, gifts and purchases with 403 `account_blocked`."""

from __future__ import annotations

from typing import Any

import pytest

from soulseer import users
from soulseer.admin import actions
from soulseer.admin.actions import ActionKind
from soulseer.errors import DomainError, ErrorCode
from soulseer.models import ProductModel, StreamModel, UserModel
from soulseer.stores.admin_actions import AdminActionModel
from soulseer.stores.readings import SessionModel
from tests.support.operations import call, ended_reading
from tests.support.readings import fund, make_reader

ADMIN = ("boss", "admin")


def admin_call(api_module: Any, method: str, path: str, body: Any = None, **kwargs: Any) -> tuple[int, Any]:
    resource = path
    params = None
    parts = path.split("/")
    if len(parts) > 4 and parts[3] == "users":
        resource = "/".join([*parts[:4], "{id}", *parts[5:]])
        params = {"id": parts[4]}
    return call(api_module, method, path, ADMIN, resource=resource, path_parameters=params, body=body, **kwargs)


def logged(user_id: str | None = None) -> list[dict[str, Any]]:
    return [item.model_dump() for item in actions.listing(user_id, 100, None).items]


def test_search_finds_users_by_id_display_name_and_email(aws, api_module) -> None:
    UserModel("user_2abc", role="client", display_name="Luna Moon").save()
    UserModel("user_9xyz", role="client", email="Star.Gazer@example.com").save()
    UserModel("user_other", role="reader", display_name="Someone").save()
    for q, expected in [("luna", ["user_2abc"]), ("star.gazer@", ["user_9xyz"]), ("user_2ABC", ["user_2abc"])]:
        status, page = admin_call(api_module, "GET", "/api/admin/users", query={"q": q})
        assert status == 200, page
        assert [row["user_id"] for row in page["items"]] == expected, q
    status, page = admin_call(api_module, "GET", "/api/admin/users", query={"q": "nobody-like-this"})
    assert (status, page) == (200, {"items": [], "next_cursor": None})
    status, page = admin_call(api_module, "GET", "/api/admin/users", query={"q": "user_", "limit": "2"})
    assert status == 200 and len(page["items"]) == 2 and page["next_cursor"]
    status, rest = admin_call(
        api_module, "GET", "/api/admin/users", query={"q": "user_", "cursor": page["next_cursor"]}
    )
    found = {row["user_id"] for row in page["items"] + rest["items"]}
    assert found == {"user_2abc", "user_9xyz", "user_other"}
    status, error = admin_call(api_module, "GET", "/api/admin/users", query={"q": "x", "cursor": "garbage"})
    assert (status, error["error"]["code"]) == (400, "invalid_cursor")


def test_a_users_page_shows_money_ledger_readings_disputes_and_actions(aws, api_module) -> None:
    ended_reading("ses_a", "c1", "r1", minutes=3, rate=100)
    fund("c1", 700, "pi_more")
    call(
        api_module,
        "POST",
        "/api/sessions/ses_a/dispute",
        ("c1", "client"),
        resource="/api/sessions/{id}/dispute",
        path_parameters={"id": "ses_a"},
        body={"reason": "It was wrong."},
    )
    admin_call(api_module, "POST", "/api/admin/users/c1/block", {"reason": "Chargeback fraud"})
    status, page = admin_call(api_module, "GET", "/api/admin/users/c1")
    assert status == 200, page
    assert page["role"] == "client" and page["blocked"] is True and page["block"]["reason"] == "Chargeback fraud"
    assert page["money"] == {"balance_cents": 700, "owed_cents": 0, "held_cents": 0, "earnings": None}
    assert [(e["type"], e["amount_cents"]) for e in page["ledger"]] == [
        ("topup", 700),
        ("reading", -100),
        ("reading", -100),
        ("reading", -100),
        ("topup", 300),
    ]
    assert [r["session_id"] for r in page["readings"]] == ["ses_a"]
    assert [(d["dispute_id"], d["status"]) for d in page["disputes"]] == [("dsp_a", "open")]
    assert [(a["action"], a["actor_id"], a["reason"]) for a in page["actions"]] == [
        ("user_blocked", "boss", "Chargeback fraud")
    ]
    status, reader = admin_call(api_module, "GET", "/api/admin/users/r1")
    assert reader["money"]["earnings"] == {"pending_cents": 210, "paid_out_cents": 0, "owed_back_cents": 0}
    assert reader["reader"]["listed"] is True and reader["reader"]["suspension"] is None
    status, error = admin_call(api_module, "GET", "/api/admin/users/nobody")
    assert (status, error["error"]["code"]) == (404, "user_not_found")


def test_a_role_change_is_logged_with_who_what_and_why(aws, api_module) -> None:
    users.ensure_user("u1")
    status, page = admin_call(api_module, "PUT", "/api/admin/users/u1/role", {"role": "admin", "reason": "New ops"})
    assert status == 200 and page["role"] == "admin"
    assert UserModel.get("u1").role == "admin"
    [entry] = logged("u1")
    assert entry["action"] == "role_changed" and entry["actor_id"] == "boss" and entry["reason"] == "New ops"
    assert entry["details"] == {"from": "client", "to": "admin"} and entry["status"] == "done"
    status, _ = admin_call(api_module, "PUT", "/api/admin/users/u1/role", {"role": "admin", "reason": "again"})
    assert status == 200 and len(logged("u1")) == 1  # nothing changed, nothing logged
    for body, code in [
        ({"role": "god", "reason": "x"}, "validation_failed"),
        ({"role": "client"}, "validation_failed"),
    ]:
        status, error = admin_call(api_module, "PUT", "/api/admin/users/u1/role", body)
        assert (status, error["error"]["code"]) == (400, code)
    status, error = admin_call(api_module, "PUT", "/api/admin/users/boss/role", {"role": "client", "reason": "oops"})
    assert (status, error["error"]["code"]) == (409, "own_role")
    assert UserModel.get("u1").role == "admin" and len(logged()) == 1


def test_the_log_entry_is_written_only_with_its_change(aws) -> None:
    users.ensure_user("u2")
    failing = actions.record("boss", ActionKind.ROLE_CHANGED, target_id="u2", details={"to": "admin"})

    def stale(transaction: Any) -> None:  # the role was read as reader, but it is client now
        transaction.update(UserModel("u2"), actions=[UserModel.role.set("admin")], condition=UserModel.role == "reader")

    assert actions.commit(stale, failing) is False
    assert AdminActionModel.count() == 0 and UserModel.get("u2").role == "client"
    succeeding = actions.record("boss", ActionKind.ROLE_CHANGED, target_id="u2", details={"to": "admin"})

    def fresh(transaction: Any) -> None:
        transaction.update(UserModel("u2"), actions=[UserModel.role.set("admin")], condition=UserModel.role == "client")

    assert actions.commit(fresh, succeeding) is True
    assert UserModel.get("u2").role == "admin"
    assert [entry["action_id"] for entry in logged("u2")] == [succeeding.action_id]
    assert actions.commit(fresh, succeeding) is False  # the same entry twice: the log refuses it, no change
    assert AdminActionModel.count() == 1


def test_contention_is_a_503_to_retry(aws, monkeypatch) -> None:
    from soulseer.ledger import transaction as tx

    def conflicted(self: Any) -> None:
        raise tx.Cancelled([tx.Reason("TransactionConflict"), tx.Reason("None")])

    monkeypatch.setattr(tx.OrderedTransaction, "commit", conflicted)
    with pytest.raises(DomainError) as raised:
        actions.commit(lambda t: None, actions.record("boss", ActionKind.USER_BLOCKED, target_id="x"))
    assert raised.value.code == ErrorCode.BUSY and raised.value.status == 503


def start_reading(api_module: Any, client: str, reader: str) -> tuple[int, Any]:
    return call(
        api_module, "POST", "/api/sessions/start", (client, "client"), body={"reader_id": reader, "type": "chat"}
    )


def test_a_blocked_client_cannot_start_readings_gift_or_buy(state_machines, agora_secret, api_module) -> None:
    make_reader("r1", rate_cents=100)
    fund("c1", 5_000, "pi_c1")
    stream = StreamModel(
        "str_1",
        reader_id="r1",
        channel="soulseer_str_1",
        status="live",
        live_listing="live",
        started_key="2026-01-01T00:00:00+00:00#str_1",
    )
    stream.save()
    ProductModel(
        "prd_1",
        owner_id="platform",
        name="Candle",
        kind="digital",
        price_cents=500,
        inventory=5,
        status="active",
        listing="active",
        created_key="2026-01-01#prd_1",
    ).save()
    status, started = start_reading(api_module, "c1", "r1")
    assert status == 200, started
    sid = started["session"]["session_id"]
    status, page = admin_call(api_module, "POST", "/api/admin/users/c1/block", {"reason": "Abusive messages"})
    assert status == 200 and page["blocked"] is True
    assert SessionModel.get(sid).status == "cancelled" and SessionModel.get(sid).end_reason == "client_blocked"
    refusals = [
        start_reading(api_module, "c1", "r1"),
        call(
            api_module,
            "POST",
            "/api/streams/str_1/gift",
            ("c1", "client"),
            resource="/api/streams/{id}/gift",
            path_parameters={"id": "str_1"},
            body={"gift": "rose"},
        ),
        call(
            api_module,
            "POST",
            "/api/products/prd_1/purchase",
            ("c1", "client"),
            resource="/api/products/{id}/purchase",
            path_parameters={"id": "prd_1"},
            body={"quantity": 1},
        ),
    ]
    for status, error in refusals:
        assert (status, error["error"]["code"]) == (403, "account_blocked"), error
    assert StreamModel.get("str_1").gift_count == 0 and ProductModel.get("prd_1").sold == 0
    assert [a["action"] for a in logged("c1")] == ["user_blocked"]
    status, _ = admin_call(api_module, "POST", "/api/admin/users/c1/block", {"reason": "twice"})
    assert status == 200 and len(logged("c1")) == 1
    status, page = admin_call(api_module, "POST", "/api/admin/users/c1/unblock", {"reason": "Apologised"})
    assert status == 200 and page["blocked"] is False and page["block"] is None
    assert [a["action"] for a in logged("c1")] == ["user_unblocked", "user_blocked"]
    status, started = start_reading(api_module, "c1", "r1")
    assert status == 200, started
    call(
        api_module,
        "POST",
        f"/api/sessions/end/{started['session']['session_id']}",
        ("c1", "client"),
        resource="/api/sessions/end/{id}",
        path_parameters={"id": started["session"]["session_id"]},
    )


def test_admins_cannot_be_blocked(aws, api_module) -> None:
    users.set_role("ops2", "admin")
    status, error = admin_call(api_module, "POST", "/api/admin/users/ops2/block", {"reason": "x"})
    assert (status, error["error"]["code"]) == (409, "user_is_admin")
    assert logged() == []
