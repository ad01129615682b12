"""Disputes: clients open them within 72 hours of the end; admins refund (fully or partly: the reader's
share from pending earnings, the platform's from revenue) or reject, with a note; the audit stays clean."""

from __future__ import annotations

from typing import Any

import pytest

from soulseer import ledger
from soulseer.ledger.accounts import all_shards
from soulseer.ledger.audit import run_audit
from soulseer.models import DisputeModel, UserModel
from soulseer.readings import lifecycle
from soulseer.stores.readings import SessionModel
from tests.support.operations import call, ended_reading
from tests.support.readings import accepted, fund, make_reader, open_room, session, wait_for

ADMIN = ("boss", "admin")
REASON = {"reason": "The reader never answered my question."}


def dispute(api_module: Any, sid: str, user: tuple[str, str] = ("c1", "client"), body: Any = None) -> tuple[int, Any]:
    return call(
        api_module,
        "POST",
        f"/api/sessions/{sid}/dispute",
        user,
        resource="/api/sessions/{id}/dispute",
        path_parameters={"id": sid},
        body=REASON if body is None else body,
    )


def resolve(api_module: Any, dispute_id: str, body: dict[str, Any]) -> tuple[int, Any]:
    return call(
        api_module,
        "POST",
        f"/api/admin/disputes/{dispute_id}/resolve",
        ADMIN,
        resource="/api/admin/disputes/{id}/resolve",
        path_parameters={"id": dispute_id},
        body=body,
    )


def balances(client: str = "c1", reader: str = "r1") -> dict[str, int]:
    got = ledger.balances_of(
        [
            ledger.client_balance(client),
            ledger.client_owed(client),
            ledger.reader_pending(reader),
            ledger.reader_owed(reader),
            *all_shards("platform:revenue"),
        ]
    )
    return {
        "client": got[ledger.client_balance(client)],
        "client_owed": got[ledger.client_owed(client)],
        "pending": got[ledger.reader_pending(reader)],
        "reader_owed": got[ledger.reader_owed(reader)],
        "revenue": sum(got[shard] for shard in all_shards("platform:revenue")),
    }


def test_a_full_refund_reverses_the_reading_exactly(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=3, rate=101)  # 303: reader 3 x 70 = 210, platform 93
    assert balances() == {"client": 0, "client_owed": 0, "pending": 210, "reader_owed": 0, "revenue": 93}
    status, opened = dispute(api_module, "ses_1")
    assert status == 200 and opened["status"] == "open" and opened["session_total_cents"] == 303
    status, listed = call(api_module, "GET", "/api/admin/disputes", ADMIN)
    assert status == 200 and [d["dispute_id"] for d in listed["items"]] == [opened["dispute_id"]]

    status, done = resolve(api_module, opened["dispute_id"], {"outcome": "refund", "note": "No answer given."})
    assert status == 200, done
    assert (done["status"], done["refund_cents"], done["reader_take_back_cents"]) == ("refunded", 303, 210)
    assert done["note"] == "No answer given." and done["resolved_by"] == "boss"
    assert balances() == {"client": 303, "client_owed": 0, "pending": 0, "reader_owed": 0, "revenue": 0}
    movement = ledger.core.find_movement("dispute:ses_1")
    assert movement is not None and movement.kind == "refund"
    assert run_audit().clean

    again = resolve(api_module, opened["dispute_id"], {"outcome": "refund", "note": "retry"})
    assert again == (200, done)  # the same decision again: the first result, nothing moves twice
    status, error = resolve(api_module, opened["dispute_id"], {"outcome": "reject", "note": "changed my mind"})
    assert (status, error["error"]["code"]) == (409, "dispute_resolved")
    assert balances()["client"] == 303
    assert call(api_module, "GET", "/api/admin/disputes", ADMIN)[1]["items"] == []
    refunded = call(api_module, "GET", "/api/admin/disputes", ADMIN, query={"status": "refunded"})[1]
    assert [d["dispute_id"] for d in refunded["items"]] == [opened["dispute_id"]]
    history = call(api_module, "GET", "/api/payments/transactions", ("c1", "client"))[1]["items"]
    assert history[0]["type"] == "refund" and history[0]["amount_cents"] == 303


def test_a_partial_refund_takes_70_30_of_the_refund(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=3, rate=100)  # 300: reader 210, platform 90
    _, opened = dispute(api_module, "ses_1")
    status, done = resolve(
        api_module, opened["dispute_id"], {"outcome": "refund", "amount_cents": 100, "note": "1 min"}
    )
    assert status == 200 and (done["refund_cents"], done["reader_take_back_cents"]) == (100, 70)
    assert balances() == {"client": 100, "client_owed": 0, "pending": 140, "reader_owed": 0, "revenue": 60}


def test_a_rejection_moves_no_money(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=2, rate=100)
    _, opened = dispute(api_module, "ses_1")
    before = balances()
    status, error = resolve(api_module, opened["dispute_id"], {"outcome": "reject", "amount_cents": 5, "note": "x"})
    assert (status, error["error"]["code"]) == (400, "amount_not_allowed")
    status, done = resolve(api_module, opened["dispute_id"], {"outcome": "reject", "note": "The reading happened."})
    assert status == 200 and done["status"] == "rejected" and done["refund_cents"] == 0
    assert balances() == before and ledger.core.find_movement("dispute:ses_1") is None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"outcome": "refund", "amount_cents": 0, "note": "x"}, 400, "amount_out_of_bounds"),
        ({"outcome": "refund", "amount_cents": 201, "note": "x"}, 400, "amount_out_of_bounds"),
        ({"outcome": "refund", "amount_cents": 10.5, "note": "x"}, 400, "validation_failed"),
        ({"outcome": "refund", "amount_cents": "10", "note": "x"}, 400, "validation_failed"),
        ({"outcome": "refund"}, 400, "validation_failed"),
        ({"outcome": "maybe", "note": "x"}, 400, "validation_failed"),
    ],
)
def test_bad_resolutions_change_nothing(aws, api_module, body, status, code) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=2, rate=100)
    _, opened = dispute(api_module, "ses_1")
    before = balances()
    got, error = resolve(api_module, opened["dispute_id"], body)
    assert (got, error["error"]["code"]) == (status, code)
    assert balances() == before and DisputeModel.get(opened["dispute_id"]).status == "open"


def test_unknown_dispute_is_404(aws, api_module) -> None:
    status, error = resolve(api_module, "dsp_nope", {"outcome": "reject", "note": "x"})
    assert (status, error["error"]["code"]) == (404, "dispute_not_found")


def test_only_the_client_disputes_within_72_hours_once(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=2, rate=100, ended_hours_ago=71.9)
    ended_reading("ses_2", "c2", "r2", minutes=2, rate=100, ended_hours_ago=72.1)
    assert dispute(api_module, "ses_1", ("r1", "reader"))[0] == 403
    assert dispute(api_module, "ses_1", ("c9", "client"))[1]["error"]["code"] == "session_not_found"
    assert dispute(api_module, "ses_1", body={"reason": ""})[1]["error"]["code"] == "validation_failed"
    assert dispute(api_module, "ses_1")[0] == 200
    assert dispute(api_module, "ses_1")[1]["error"]["code"] == "already_disputed"
    status, error = dispute(api_module, "ses_2", ("c2", "client"))
    assert (status, error["error"]["code"]) == (409, "dispute_window_closed")
    assert error["error"]["details"]["window_hours"] == 72
    assert DisputeModel.count() == 1


def test_readings_not_ended_or_free_cannot_be_disputed(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=1, rate=100)
    SessionModel("ses_1").update(actions=[SessionModel.status.set("active")])
    assert dispute(api_module, "ses_1")[1]["error"]["code"] == "not_disputable"
    SessionModel("ses_1").update(actions=[SessionModel.status.set("ended"), SessionModel.total_cents.set(0)])
    assert dispute(api_module, "ses_1")[1]["error"]["code"] == "nothing_to_refund"


def test_a_refund_beyond_pending_earnings_becomes_reader_debt(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=3, rate=100)  # reader pending 210
    ledger.post(
        "payout:r1:2020-01-01", "payout", [ledger.Entry(ledger.reader_pending("r1"), ledger.reader_paid_out("r1"), 150)]
    )
    _, opened = dispute(api_module, "ses_1")
    status, done = resolve(api_module, opened["dispute_id"], {"outcome": "refund", "note": "full"})
    assert status == 200 and (done["reader_take_back_cents"], done["reader_shortfall_cents"]) == (210, 150)
    assert balances() == {"client": 300, "client_owed": 0, "pending": 0, "reader_owed": -150, "revenue": 0}
    wallet = call(api_module, "GET", "/api/payments/balance", ("r1", "reader"))[1]
    assert wallet["earnings"]["owed_back_cents"] == 150
    assert run_audit().clean


def test_a_refund_first_settles_what_the_client_owes(aws, api_module) -> None:
    ended_reading("ses_1", "c1", "r1", minutes=2, rate=100)
    ledger.post("refund:ch_x:500", "refund", [ledger.Entry(ledger.client_owed("c1"), ledger.stripe_clearing("r"), 50)])
    _, opened = dispute(api_module, "ses_1")
    resolve(api_module, opened["dispute_id"], {"outcome": "refund", "note": "full"})
    assert balances()["client"] == 150 and balances()["client_owed"] == 0


def test_a_billed_reading_disputed_and_refunded_leaves_the_audit_clean(state_machines, api_module) -> None:
    make_reader("r1", rate_cents=200)
    UserModel("c1", role="client", intro_used=True).save()
    fund("c1", 1_000, "pi_1")
    sid = accepted("c1", "r1", "chat")
    open_room(sid, "c1", "r1")
    wait_for(lambda: int(session(sid).paid_minutes) >= 2)
    lifecycle.end_by_participant(sid, "c1", "client")
    charged = int(session(sid).total_cents)
    _, opened = dispute(api_module, sid)
    status, done = resolve(api_module, opened["dispute_id"], {"outcome": "refund", "note": "Bad connection."})
    assert status == 200 and done["refund_cents"] == charged
    assert balances()["client"] == 1_000 and balances()["pending"] == 0 and balances()["revenue"] == 0
    assert run_audit().clean
