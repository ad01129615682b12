"""push(): a gone connection is forgotten; any other refusal (Forbidden: permissions or endpoint) raises,
is counted for the PushFailures alarm, and keeps the connection's state."""

from __future__ import annotations

import os

import pytest
from botocore.stub import Stubber

from soulseer import monitoring
from soulseer.adapters import push as push_module
from soulseer.adapters.push import PushFailed, push
from soulseer.stores.connections import ConnectionModel


@pytest.fixture
def stubbed(aws) -> Stubber:
    ConnectionModel(
        "c1", user_id="u1", role="client", session_id="s1", session_role="client", expires_at=4102444800
    ).save()
    client = push_module._client(os.environ["WEBSOCKET_MANAGEMENT_URL"])
    with Stubber(client) as stubber:
        yield stubber


def test_a_delivered_push_returns_true(stubbed: Stubber) -> None:
    stubbed.add_response("post_to_connection", {}, {"ConnectionId": "c1", "Data": b'{"event":"x"}'})
    assert push("c1", {"event": "x"}) is True
    assert ConnectionModel.get("c1").session_id == "s1"


def test_a_gone_connection_is_removed(stubbed: Stubber) -> None:
    stubbed.add_client_error("post_to_connection", service_error_code="GoneException", http_status_code=410)
    assert push("c1", {"event": "x"}) is False
    assert ConnectionModel.count() == 0


def test_forbidden_raises_is_counted_and_keeps_the_connection(stubbed: Stubber, monkeypatch) -> None:
    counted: list[str] = []
    monkeypatch.setattr(monitoring, "count", lambda name, value=1: counted.append(name))
    stubbed.add_client_error("post_to_connection", service_error_code="ForbiddenException", http_status_code=403)
    with pytest.raises(PushFailed, match="ForbiddenException"):
        push("c1", {"event": "x"})
    assert counted == ["PushFailures"]
    assert ConnectionModel.get("c1").session_id == "s1"


def test_throttling_is_not_taken_for_a_gone_connection(stubbed: Stubber) -> None:
    stubbed.add_client_error("post_to_connection", service_error_code="LimitExceededException", http_status_code=429)
    with pytest.raises(PushFailed):
        push("c1", {"event": "x"})
    assert ConnectionModel.count() == 1
