"""Helpers for reading tests: readers, money, WebSocket rooms and what moto recorded as pushed."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

from soulseer import ledger, presence, readers, users
from soulseer.models import UserModel
from soulseer.readings import asking, lifecycle, room
from soulseer.stores.readings import Reading, SessionModel

ACCOUNT, REGION = "123456789012", "us-east-1"


def make_reader(reader_id: str, rate_cents: int = 100) -> None:
    users.set_role(reader_id, "reader")
    profile = {
        "display_name": reader_id,
        "rates": {"chat_cents": rate_cents, "voice_cents": rate_cents, "video_cents": rate_cents},
    }
    readers.save_profile(reader_id, readers.ProfileInput.model_validate(profile))
    room.connect(f"app-{reader_id}", reader_id, "reader")  # the reader's app is open
    presence.connected(reader_id, f"app-{reader_id}", "reader")
    readers.set_status(reader_id, "online")


def fund(user_id: str, cents: int, ref: str) -> None:
    users.ensure_user(user_id)
    movement_id = f"topup:{ref}"
    ledger.post(
        movement_id, "topup", [ledger.Entry(ledger.stripe_clearing(movement_id), ledger.client_balance(user_id), cents)]
    )


def send(connection_id: str, action: str, **fields: Any) -> None:
    room.handle(connection_id, json.dumps({"action": action, **fields}))


def open_room(session_id: str, client: str, reader: str) -> tuple[str, str]:
    """Both participants connect and join; returns their connection ids."""
    client_conn, reader_conn = f"conn-{client}-{session_id[-6:]}", f"conn-{reader}-{session_id[-6:]}"
    room.connect(client_conn, client, "client")
    room.connect(reader_conn, reader, "reader")
    send(client_conn, "join-reading", session_id=session_id)
    send(reader_conn, "join-reading", session_id=session_id)
    return client_conn, reader_conn


def pushed(connection_id: str) -> list[dict[str, Any]]:
    """Every event moto recorded as posted to a connection, in order."""
    data = apigatewaymanagementapi_backends[ACCOUNT][REGION].connections[connection_id].data.decode()
    decoder, events, index = json.JSONDecoder(), [], 0
    while index < len(data):
        event, index = decoder.raw_decode(data, index)
        events.append(event)
    return events


def events_of(connection_id: str, name: str) -> list[dict[str, Any]]:
    return [event for event in pushed(connection_id) if event.get("event") == name]


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def active_reading(
    rate_cents: int = 100, funds: int = 10_000, kind: lifecycle.ReadingKind = "chat"
) -> tuple[str, str, str]:
    """Reader r1 online, client c1 (intro used) funded, a reading started and joined by both; returns the
    session id and the client's and the reader's connection ids."""
    make_reader("r1", rate_cents=rate_cents)
    UserModel("c1", role="client", intro_used=True).save()
    fund("c1", funds, "pi_1")
    sid = accepted("c1", "r1", kind)
    client_conn, reader_conn = open_room(sid, "c1", "r1")
    return sid, client_conn, reader_conn


def request(client_id: str, reader_id: str, kind: lifecycle.ReadingKind = "chat") -> str:
    """The client asks for a reading as `POST /api/sessions/start` does (it rings the reader); its session id."""
    return asking.request_reading(client_id, reader_id, kind).session.session_id


def accepted(client_id: str, reader_id: str, kind: lifecycle.ReadingKind = "chat") -> str:
    """A request the reader accepted: both may join the room now (`open_room`); its session id."""
    sid = request(client_id, reader_id, kind)
    asking.accept(sid, reader_id)
    return sid


def session(session_id: str) -> Reading:
    return lifecycle.load(session_id)


def stored(session_id: str) -> SessionModel:
    """The stored item itself, for a test that changes it behind the domain's back."""
    return SessionModel.get(session_id, consistent_read=True)


def executions(state_machine_arn: str) -> list[dict[str, Any]]:
    return boto3.client("stepfunctions").list_executions(stateMachineArn=state_machine_arn)["executions"]
