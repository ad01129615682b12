"""The reading room over the WebSocket API: joins, signaling relay, chat transcript, ending."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from soulseer import presence, users
from soulseer.adapters.push import push
from soulseer.errors import DomainError, ErrorCode
from soulseer.jsonbody import parse_object
from soulseer.lifecycles import READING_OPEN
from soulseer.readings import asking, lifecycle, notify
from soulseer.readings.notify import ChatAck, ChatMessage, Signal, UserJoined
from soulseer.readings.rules import rules
from soulseer.stores import connections
from soulseer.stores import readings as store
from soulseer.stores.connections import Connection
from soulseer.stores.readings import Reading, Role, TranscriptEntry

CONNECTION_TTL_SECONDS = connections.TTL_SECONDS
RELAYED = ("offer", "answer", "ice-candidate")
MAX_FRAME_CHARS = 32 * 1024  # API Gateway's WebSocket frame limit


def connect(connection_id: str, user_id: str, role: str) -> None:
    connections.open_connection(connection_id, user_id, role)


def disconnect(connection_id: str) -> None:
    """Forget the connection; a participant's drop pauses billing (never ends it by itself)."""
    connection = connections.find(connection_id)
    if connection is None:
        return
    connections.forget(connection_id)
    if connection.session_id and connection.session_role:
        lifecycle.mark_away(connection.session_id, connection.session_role, connection_id)  # type: ignore[arg-type]


def handle(connection_id: str, raw_body: str | None) -> None:
    """Applies one client message; problems go back to the sender as an `error` event."""
    try:
        message = _parse(raw_body)
        action = message["action"]
        handler = ACTIONS.get(action)
        if handler is None:
            raise DomainError(ErrorCode.UNKNOWN_ACTION, f"Unknown action {action!r}.")
        handler(_connection(connection_id), message)
    except DomainError as error:
        push(connection_id, {"event": "error", "code": error.code, "message": error.message})


def _parse(raw_body: str | None) -> dict[str, Any]:
    if raw_body is not None and len(raw_body) > MAX_FRAME_CHARS:
        raise DomainError(ErrorCode.MESSAGE_TOO_LARGE)
    try:
        message = parse_object(raw_body or "", what="A message")
    except DomainError:
        raise DomainError(ErrorCode.INVALID_MESSAGE, "Messages are JSON objects.") from None
    if not isinstance(message.get("action"), str):
        raise DomainError(ErrorCode.INVALID_MESSAGE, "Messages are JSON objects with an action.")
    return message


def _connection(connection_id: str) -> Connection:
    connection = connections.find(connection_id)
    if connection is None:
        raise DomainError(ErrorCode.CONNECTION_UNKNOWN)
    return connection


def _session_id(message: dict[str, Any]) -> str:
    session_id = message.get("session_id")
    if not isinstance(session_id, str) or not session_id or len(session_id) > 128:
        raise DomainError(ErrorCode.INVALID_MESSAGE, "session_id is required.")
    return session_id


def _joined(connection: Connection, message: dict[str, Any]) -> tuple[Reading, Role]:
    """The session this connection joined (the only room it may talk in) and its role there."""
    session_id = _session_id(message)
    if connection.session_id != session_id or not connection.session_role:
        raise DomainError(ErrorCode.NOT_IN_SESSION, "Join the reading before sending to it.")
    session = lifecycle.load(session_id)
    if session.status not in READING_OPEN:
        raise DomainError(ErrorCode.SESSION_ENDED)
    if session.connection_of(connection.session_role) != connection.connection_id:
        raise DomainError(ErrorCode.NOT_IN_SESSION, "This connection is no longer in the reading.")
    return session, "client" if connection.session_role == "client" else "reader"


def _other(role: Role) -> Role:
    return "reader" if role == "client" else "client"


def join_reading(connection: Connection, message: dict[str, Any]) -> None:
    session, role = lifecycle.join(_session_id(message), connection.user_id, connection.connection_id)
    connections.enter_reading(connection.connection_id, session.session_id, role)
    peer_present = session.connection_of(_other(role)) is not None
    joined = UserJoined(
        event="user-joined",
        session_id=session.session_id,
        role=role,
        user_id=connection.user_id,
        status=session.status,
        peer_present=peer_present,
    )
    push(connection.connection_id, joined)
    if peer_present:
        notify.to_role(session, _other(role), joined)


SDP_MAX_CHARS = 24_000  # a frame is at most 32 KB
CANDIDATE_MAX_CHARS = 1_000
CANDIDATE_FIELDS = {"candidate": str, "sdpMid": str, "sdpMLineIndex": int, "usernameFragment": str}


def relay(connection: Connection, message: dict[str, Any]) -> None:
    """Only the signaling payload travels: the event is the action, `from` and `session_id` are the server's."""
    session, role = _joined(connection, message)
    action = message["action"]
    event: Signal = {"event": action, "session_id": session.session_id, "from": role}
    if action == "ice-candidate":
        event["candidate"] = _candidate(message.get("candidate"))
    else:
        event["sdp"] = _sdp(action, message.get("sdp"))
    if not notify.to_role(session, _other(role), event):
        raise DomainError(ErrorCode.PEER_NOT_CONNECTED)


def _sdp(action: str, value: Any) -> str | dict[str, str]:
    """An SDP string, or a session description {type, sdp} whose type is the action."""
    if isinstance(value, dict) and set(value) <= {"type", "sdp"}:
        if value.get("type", action) != action:
            raise DomainError(ErrorCode.INVALID_MESSAGE, f"An {action}'s description has type {action!r}.")
        return {"type": action, "sdp": _bounded(value.get("sdp"), SDP_MAX_CHARS, "sdp")}
    return _bounded(value, SDP_MAX_CHARS, "sdp")


def _candidate(value: Any) -> str | dict[str, Any]:
    """An ICE candidate line, or an RTCIceCandidateInit with only its own fields."""
    if not isinstance(value, dict):
        return _bounded(value, CANDIDATE_MAX_CHARS, "candidate")
    if not set(value) <= set(CANDIDATE_FIELDS) or "candidate" not in value:
        raise DomainError(
            ErrorCode.INVALID_MESSAGE, "A candidate has candidate, sdpMid, sdpMLineIndex, usernameFragment."
        )
    kept: dict[str, Any] = {"candidate": _bounded(value["candidate"], CANDIDATE_MAX_CHARS, "candidate", empty=True)}
    for name in ("sdpMid", "usernameFragment"):
        if value.get(name) is not None:
            kept[name] = _bounded(value[name], 256, name)
    index = value.get("sdpMLineIndex")
    if index is not None:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < 1024:
            raise DomainError(ErrorCode.INVALID_MESSAGE, "sdpMLineIndex is a small whole number.")
        kept["sdpMLineIndex"] = index
    return kept


def _bounded(value: Any, limit: int, name: str, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or (not value and not empty):
        raise DomainError(ErrorCode.INVALID_MESSAGE, f"{name} is a string of at most {limit} characters.")
    return value


def chat_message(connection: Connection, message: dict[str, Any]) -> None:
    session, role = _joined(connection, message)
    text = message.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > rules().message_max_chars:
        raise DomainError(ErrorCode.INVALID_MESSAGE, f"A chat message is 1 to {rules().message_max_chars} characters.")
    position = store.count_message(session.session_id, rules().transcript_max_messages)
    if position is None:
        raise DomainError(ErrorCode.TRANSCRIPT_FULL)
    sent_at = datetime.now(UTC)
    store.add_line(session.session_id, TranscriptEntry(position, role, connection.user_id, text, sent_at))
    chat: ChatMessage = {
        "event": "chat-message",
        "session_id": session.session_id,
        "message_id": position,
        "from": role,
        "text": text,
        "sent_at": sent_at.isoformat(),
    }
    notify.to_role(session, _other(role), chat)
    push(connection.connection_id, ChatAck(event="chat-ack", session_id=session.session_id, message_id=position))


def end_session(connection: Connection, message: dict[str, Any]) -> None:
    """The role is read fresh: an admin demoted after connecting can no longer end others' readings."""
    role = users.get_user(connection.user_id).role if connection.role == "admin" else connection.role
    lifecycle.end_by_participant(_session_id(message), connection.user_id, role)


def accept_reading(connection: Connection, message: dict[str, Any]) -> None:
    asking.accept(_session_id(message), connection.user_id)


def decline_reading(connection: Connection, message: dict[str, Any]) -> None:
    asking.decline(_session_id(message), connection.user_id, message.get("reason"))


def heartbeat(connection: Connection, message: dict[str, Any]) -> None:
    """The connection is alive (presence); in a reading it marks the participant as present (billing liveness)."""
    presence.heard_from(connection.user_id, connection.connection_id)
    if connection.session_id and connection.session_role:
        lifecycle.record_heartbeat(connection.session_id, connection.session_role, connection.connection_id)  # type: ignore[arg-type]
    push(connection.connection_id, {"event": "heartbeat", "at": int(time.time())})


ACTIONS: dict[str, Callable[[Connection, dict[str, Any]], None]] = {
    "join-reading": join_reading,
    "offer": relay,
    "answer": relay,
    "ice-candidate": relay,
    "chat-message": chat_message,
    "end-session": end_session,
    "accept-reading": accept_reading,
    "decline-reading": decline_reading,
    "heartbeat": heartbeat,
}
