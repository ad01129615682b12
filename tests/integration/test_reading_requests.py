"""The live request flow: the request rings every open connection of the reader at once; the reader
accepts or declines (WebSocket or REST); declined, withdrawn and unanswered requests are cancelled at
no charge and both sides are told; one open request per client, several clients per reader."""

from __future__ import annotations

import json
from typing import Any

import pytest

from soulseer import ledger, users
from soulseer.models import SessionModel, UserModel
from soulseer.readings import lifecycle
from soulseer.readings import requests as reading_requests
from soulseer.readings.rules import rules
from tests.support.apigw import LambdaContext, rest_event
from tests.support.presence import action, connect
from tests.support.readings import events_of, fund, make_reader, send, session, wait_for

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
        resource="/api/sessions/{id}/decline", path_parameters={"id": sid}, body={"reason": "On a break"},
    )  # fmt: skip
    assert status == 200 and body["status"] == "cancelled" and body["end_reason"] == "declined"
    declined = events_of("c1-app", "reading-declined")
    assert declined == [{"event": "reading-declined", "session_id": sid, "reason": "On a break"}]
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
    action("app-r1", "r1", "reader", "decline-reading", session_id=other, reason="Busy soon")
    assert events_of("c2-app", "reading-declined")[0]["reason"] == "Busy soon"
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
    reading_requests.accept(sid, "r1")
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
