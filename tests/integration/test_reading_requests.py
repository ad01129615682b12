"""The live request flow: the request rings every open connection of the reader at once; the reader
accepts or declines (WebSocket or REST); declined, withdrawn and unanswered requests are cancelled at
no charge and both sides are told; one open request per client, several clients per reader."""

from __future__ import annotations

import json
from typing import Any

import pytest

from soulseer import ledger, users
from soulseer.models import UserModel
from soulseer.readings import asking, lifecycle
from soulseer.readings.rules import rules
from soulseer.stores.readings import SessionModel
from tests.support.apigw import LambdaContext, rest_event
from tests.support.presence import action, connect
from tests.support.readings import events_of, fund, make_reader, pushed, send, session, wait_for

pytestmark = pytest.mark.usefixtures("slow_minutes")


@pytest.fixture
def people(state_machines) -> None:
    make_reader("r1", rate_cents=100)  # connection app-r1
    connect("r1-phone", "r1", "reader")
    for client in ("c1", "c2"):
        UserModel(client, role="client", intro_used=True).save()
        fund(client, 1_000, f"pi_{client}")
        connect(f"{client}-app", client, "client")
    users.set_display_name("c1", "Ada L.")


def call(api_module: Any, method: str, path: str, user: tuple[str, str], **kwargs: Any) -> tuple[int, Any]:
    response = api_module.handler(rest_event(method, path, user=user, **kwargs), LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def start(api_module: Any, client: str) -> str:
    status, body = call(
        api_module, "POST", "/api/sessions/start", (client, "client"), body={"reader_id": "r1", "type": "chat"}
    )
    assert status == 200, body
    return str(body["session"]["session_id"])


def test_the_request_rings_every_reader_connection(people, api_module) -> None:
    sid = start(api_module, "c1")
    for connection in ("app-r1", "r1-phone"):
        (ring,) = events_of(connection, "reading-requested")
        assert ring["session_id"] == sid
        assert ring["client"] == {"user_id": "c1", "display_name": "Ada L."}
        assert (ring["type"], ring["rate_cents"], ring["free_minutes"]) == ("chat", 100, 0)
        expires = SessionModel.get(sid).created_at.timestamp() + rules().join_timeout_seconds
        assert ring["expires_at"].startswith(str(SessionModel.get(sid).created_at.year))
        from datetime import datetime

        assert datetime.fromisoformat(ring["expires_at"]).timestamp() == pytest.approx(expires)
    assert events_of("c1-app", "reading-requested") == []


def test_accept_over_the_websocket_then_both_join_and_it_bills(people, api_module) -> None:
    sid = start(api_module, "c1")
    action("r1-phone", "r1", "reader", "accept-reading", session_id=sid)
    assert session(sid).status == "accepted"
    assert events_of("c1-app", "reading-accepted") == [
        {"event": "reading-accepted", "session_id": sid, "reader_id": "r1"}
    ]
    assert events_of("app-r1", "reading-accepted")  # the reader's other devices stop ringing
    send("c1-app", "join-reading", session_id=sid)
    send("r1-phone", "join-reading", session_id=sid)
    wait_for(lambda: int(session(sid).paid_minutes) == 1)
    assert session(sid).status == "active"
    assert ledger.balance_of(ledger.client_balance("c1")) == 900


def test_decline_over_rest_cancels_at_no_charge(people, api_module) -> None:
    sid = start(api_module, "c1")
    status, body = call(
        api_module, "POST", f"/api/sessions/{sid}/decline", ("r1", "reader"),
        resource="/api/sessions/{id}/decline", path_parameters={"id": sid}, body={"reason": "on_a_break"},
    )  # fmt: skip
    assert status == 200 and body["status"] == "cancelled" and body["end_reason"] == "declined"
    declined = events_of("c1-app", "reading-declined")
    assert declined == [{"event": "reading-declined", "session_id": sid, "reason": "on_a_break"}]
    assert ledger.balance_of(ledger.client_balance("c1")) == 1_000
    assert int(session(sid).paid_minutes) == 0
    action("app-r1", "r1", "reader", "accept-reading", session_id=sid)
    assert events_of("app-r1", "error")[-1]["code"] == "request_closed"


def test_decline_over_the_websocket_and_accept_over_rest(people, api_module) -> None:
    first = start(api_module, "c1")
    action("app-r1", "r1", "reader", "decline-reading", session_id=first)
    assert events_of("c1-app", "reading-declined")[0]["reason"] == "declined"
    second = start(api_module, "c1")  # the declined request no longer counts as open
    status, body = call(
        api_module, "POST", f"/api/sessions/{second}/accept", ("r1", "reader"),
        resource="/api/sessions/{id}/accept", path_parameters={"id": second},
    )  # fmt: skip
    assert status == 200 and body["status"] == "accepted"
    assert events_of("c1-app", "reading-accepted")[0]["session_id"] == second


def test_only_the_reader_answers(people, api_module) -> None:
    sid = start(api_module, "c1")
    status, body = call(
        api_module, "POST", f"/api/sessions/{sid}/accept", ("c1", "client"),
        resource="/api/sessions/{id}/accept", path_parameters={"id": sid},
    )  # fmt: skip
    assert status == 403
    status, body = call(
        api_module, "POST", f"/api/sessions/{sid}/decline", ("c2", "client"),
        resource="/api/sessions/{id}/decline", path_parameters={"id": sid},
    )  # fmt: skip
    assert status == 404 and body["error"]["code"] == "session_not_found"
    action("c2-app", "c2", "client", "accept-reading", session_id=sid)
    assert events_of("c2-app", "error")[-1]["code"] == "session_not_found"
    assert session(sid).status == "requested"


def test_one_open_request_per_client_several_clients_per_reader(people, api_module) -> None:
    first = start(api_module, "c1")
    status, body = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"), body={"reader_id": "r1", "type": "video"}
    )
    assert status == 409 and body["error"]["code"] == "request_open"
    assert body["error"]["details"] == {"session_id": first}
    other = start(api_module, "c2")
    assert {r["session_id"] for r in events_of("app-r1", "reading-requested")} == {first, other}
    action("app-r1", "r1", "reader", "decline-reading", session_id=other, reason="busy_soon")
    assert events_of("c2-app", "reading-declined")[0]["reason"] == "busy_soon"
    assert events_of("c1-app", "reading-declined") == []  # each client gets their own answer


def test_withdrawn_request_tells_the_reader(people, api_module) -> None:
    sid = start(api_module, "c1")
    status, body = call(
        api_module, "POST", f"/api/sessions/end/{sid}", ("c1", "client"),
        resource="/api/sessions/end/{id}", path_parameters={"id": sid},
    )  # fmt: skip
    assert status == 200 and body["status"] == "cancelled"
    assert events_of("r1-phone", "reading-cancelled") == [
        {"event": "reading-cancelled", "session_id": sid, "reason": "withdrawn"}
    ]
    start(api_module, "c1")  # withdrawn: a new request may be made


def test_unanswered_request_expires_and_both_sides_are_told(people, api_module) -> None:
    sid = start(api_module, "c1")
    assert lifecycle.expire_request(sid) == "cancelled"
    expired = {"event": "reading-expired", "session_id": sid}
    assert events_of("c1-app", "reading-expired") == [expired]
    assert events_of("app-r1", "reading-expired") == [expired] == events_of("r1-phone", "reading-expired")
    assert session(sid).end_reason == "not_answered"
    assert ledger.balance_of(ledger.client_balance("c1")) == 1_000


def test_an_accepted_request_nobody_joins_expires_too(people, api_module) -> None:
    sid = start(api_module, "c1")
    asking.accept(sid, "r1")
    assert lifecycle.expire_request(sid) == "cancelled"
    assert session(sid).end_reason == "not_joined"
    assert events_of("c1-app", "reading-expired")


def test_a_failed_start_releases_the_claim(people, api_module) -> None:
    UserModel("c3", role="client", intro_used=True).save()
    status, _ = call(
        api_module, "POST", "/api/sessions/start", ("c3", "client"), body={"reader_id": "r1", "type": "chat"}
    )
    assert status == 402
    assert UserModel.get("c3").open_request is None


def test_a_start_reads_the_client_once_and_not_the_session_it_wrote(people, api_module, monkeypatch) -> None:
    """The fresh role read serves the request's open-request claim; the claim's ALL_NEW serves the
    dispute check and the intro minutes; the session just written is not read back."""
    import botocore.client

    reads: list[str] = []
    original = botocore.client.BaseClient._make_api_call

    def recording(self: Any, operation: str, params: dict[str, Any]) -> Any:
        if operation == "GetItem":
            reads.append(str(params["TableName"]))
        return original(self, operation, params)

    event = rest_event("POST", "/api/sessions/start", user=("c1", "client"), body={"reader_id": "r1", "type": "chat"})
    with monkeypatch.context() as patched:
        patched.setattr(botocore.client.BaseClient, "_make_api_call", recording)
        response = api_module.handler(event, LambdaContext())
    assert response["statusCode"] == 200, response["body"]
    assert sum(table.endswith("-users") for table in reads) == 1, reads
    assert not any(table.endswith("-sessions") for table in reads), reads


def test_a_decline_reason_comes_from_the_fixed_list(people, api_module) -> None:
    sid = start(api_module, "c1")
    status, body = call(
        api_module, "POST", f"/api/sessions/{sid}/decline", ("r1", "reader"),
        resource="/api/sessions/{id}/decline", path_parameters={"id": sid}, body={"reason": "You smell"},
    )  # fmt: skip
    assert (status, body["error"]["code"]) == (400, "validation_failed")
    action("app-r1", "r1", "reader", "decline-reading", session_id=sid, reason="You smell")
    error = events_of("app-r1", "error")[-1]
    assert error["code"] == "invalid_decline_reason" and "on_a_break" in error["message"]
    assert session(sid).status == "requested" and events_of("c1-app", "reading-declined") == []
    action("app-r1", "r1", "reader", "decline-reading", session_id=sid, reason="not_my_specialty")
    assert events_of("c1-app", "reading-declined")[0]["reason"] == "not_my_specialty"


@pytest.mark.parametrize(
    ("close", "words"),
    [
        ("withdraw", "The client withdrew this request."),
        ("expire", "This request expired before anyone answered it."),
        ("decline", "This request was declined."),
    ],
)
def test_accepting_a_closed_request_says_what_became_of_it(people, api_module, close: str, words: str) -> None:
    sid = start(api_module, "c1")
    if close == "withdraw":
        lifecycle.end_by_participant(sid, "c1", "client")
    elif close == "expire":
        lifecycle.expire_request(sid)
    else:
        asking.decline(sid, "r1", None)
    status, body = call(
        api_module, "POST", f"/api/sessions/{sid}/accept", ("r1", "reader"),
        resource="/api/sessions/{id}/accept", path_parameters={"id": sid},
    )  # fmt: skip
    assert (status, body["error"]["code"], body["error"]["message"]) == (409, "request_closed", words)
    action("r1-phone", "r1", "reader", "accept-reading", session_id=sid)
    assert events_of("r1-phone", "error")[-1]["message"] == words


def test_every_closed_request_reaches_every_connection_of_the_reader(people, api_module) -> None:
    withdrawn, expired = start(api_module, "c1"), start(api_module, "c2")
    lifecycle.end_by_participant(withdrawn, "c1", "client")
    lifecycle.expire_request(expired)
    declined = start(api_module, "c1")
    asking.decline(declined, "r1", "on_a_break")
    for connection in ("app-r1", "r1-phone"):
        closed = {
            (e["event"], e["session_id"])
            for e in pushed(connection)
            if e["event"] in ("reading-cancelled", "reading-expired", "reading-declined")
        }
        assert closed == {
            ("reading-cancelled", withdrawn),
            ("reading-expired", expired),
            ("reading-declined", declined),
        }


def test_a_reconnecting_reader_reads_the_requests_still_ringing(people, api_module) -> None:
    first = start(api_module, "c1")
    second = start(api_module, "c2")
    status, body = call(api_module, "GET", "/api/me/requests", ("r1", "reader"))
    assert status == 200
    rung = {e["session_id"]: e for e in events_of("app-r1", "reading-requested")}
    assert [item["session_id"] for item in body["items"]] == [second, first]  # newest first
    for item in body["items"]:
        assert item == {k: v for k, v in rung[item["session_id"]].items() if k != "event"}  # the real expires_at
    lifecycle.end_by_participant(first, "c1", "client")
    assert [i["session_id"] for i in call(api_module, "GET", "/api/me/requests", ("r1", "reader"))[1]["items"]] == [
        second
    ]
    assert call(api_module, "GET", "/api/me/requests", ("c1", "client"))[0] == 403


def test_me_names_the_open_reading_on_both_sides(people, api_module) -> None:
    def open_reading(user: tuple[str, str]) -> Any:
        status, body = call(api_module, "GET", "/api/me", user)
        assert status == 200
        return body["open_reading"]

    assert open_reading(("c1", "client")) is None
    sid = start(api_module, "c1")
    mine = open_reading(("c1", "client"))
    assert mine == {
        "session_id": sid, "status": "requested", "type": "chat", "role": "client",
        "other_party": {"user_id": "r1", "display_name": "r1"}, "rate_cents": 100, "limit_cents": None,
    }  # fmt: skip
    assert open_reading(("r1", "reader")) is None  # still ringing: the console lists it
    asking.accept(sid, "r1")
    assert open_reading(("c1", "client"))["status"] == "accepted"
    theirs = open_reading(("r1", "reader"))
    assert theirs["role"] == "reader" and theirs["other_party"] == {"user_id": "c1", "display_name": "Ada L."}
    send("c1-app", "join-reading", session_id=sid)
    send("r1-phone", "join-reading", session_id=sid)
    assert open_reading(("c1", "client"))["status"] == "active" == open_reading(("r1", "reader"))["status"]
    lifecycle.end_by_participant(sid, "r1", "reader")
    assert open_reading(("c1", "client")) is None and open_reading(("r1", "reader")) is None
    assert open_reading(("c2", "client")) is None


def test_me_says_when_a_display_name_is_still_to_be_chosen(people, api_module) -> None:
    assert call(api_module, "GET", "/api/me", ("c2", "client"))[1]["needs_display_name"] is True
    assert call(api_module, "GET", "/api/me", ("c1", "client"))[1]["needs_display_name"] is False
    call(api_module, "PUT", "/api/me", ("c2", "client"), body={"display_name": "Grace"})
    assert call(api_module, "GET", "/api/me", ("c2", "client"))[1]["needs_display_name"] is False
    assert call(api_module, "GET", "/api/me", ("r1", "reader"))[1]["needs_display_name"] is False  # their profile's


def test_the_reading_names_both_people_and_counts_down_while_requested(people, api_module) -> None:
    """The waiting screen counts down to the request's real expiry; the room and summary name both people."""
    sid = start(api_module, "c1")
    (ring,) = events_of("app-r1", "reading-requested")
    for caller in (("c1", "client"), ("r1", "reader")):
        status, body = call(api_module, "GET", f"/api/sessions/{sid}", caller, **_one(sid))
        assert status == 200, body
        assert body["expires_at"] == ring["expires_at"]
        assert (body["client_name"], body["reader_name"]) == ("Ada L.", "r1")  # make_reader names it by its id
    status, body = call(
        api_module, "POST", f"/api/sessions/{sid}/decline", ("r1", "reader"),
        resource="/api/sessions/{id}/decline", path_parameters={"id": sid}, body={},
    )  # fmt: skip
    assert status == 200, body
    status, body = call(api_module, "GET", f"/api/sessions/{sid}", ("c1", "client"), **_one(sid))
    assert (body["status"], body["expires_at"]) == ("cancelled", None)


def _one(sid: str) -> dict[str, Any]:
    return {"resource": "/api/sessions/{id}", "path_parameters": {"id": sid}}
