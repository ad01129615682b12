"""What a person has open right now: the reading a client or a reader is in (or waiting for), for the bar
every page shows, and the requests still ringing a reader, with their real expiry, for a reconnect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from soulseer import users
from soulseer.errors import DomainError
from soulseer.lifecycles import READING_OPEN, ReadingStatus
from soulseer.models import ReaderProfileModel, SessionModel, UserModel, utcnow
from soulseer.readings import lifecycle
from soulseer.readings.asking import ANONYMOUS_CLIENT, requested_event
from soulseer.readings.rules import rules

READER_SCAN = 25  # a reader's newest readings looked at: an open one is among them (busy readers get no requests)


@dataclass(frozen=True)
class OpenReading:
    session_id: str
    status: str  # requested | accepted | active
    type: str
    role: Literal["client", "reader"]
    other_party_id: str
    other_party_name: str
    rate_cents: int
    limit_cents: int | None

    def view(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "status": self.status,
            "type": self.type,
            "role": self.role,
            "other_party": {"user_id": self.other_party_id, "display_name": self.other_party_name},
            "rate_cents": self.rate_cents,
            "limit_cents": self.limit_cents,
        }


def reader_name(reader_id: str) -> str:
    try:
        return str(ReaderProfileModel.get(reader_id, attributes_to_get=["display_name"]).display_name)
    except ReaderProfileModel.DoesNotExist:
        return "Your reader"


def client_name(client_id: str) -> str:
    try:
        return UserModel.get(client_id, attributes_to_get=["display_name"]).display_name or ANONYMOUS_CLIENT
    except UserModel.DoesNotExist:
        return ANONYMOUS_CLIENT


def _open(session: SessionModel, role: Literal["client", "reader"]) -> OpenReading:
    other = session.reader_id if role == "client" else session.client_id
    return OpenReading(
        session_id=session.session_id,
        status=session.status,
        type=session.kind,
        role=role,
        other_party_id=other,
        other_party_name=reader_name(other) if role == "client" else client_name(other),
        rate_cents=int(session.rate_cents),
        limit_cents=int(session.limit_cents) if session.limit_cents is not None else None,
    )


def open_reading_of(user: users.User) -> OpenReading | None:
    """A client's request or reading while requested, accepted or active; a reader's reading once accepted
    (requests still ringing are `open_requests`)."""
    if user.role == "reader":
        for session in SessionModel.by_reader.query(user.user_id, scan_index_forward=False, limit=READER_SCAN):
            if session.status in (ReadingStatus.ACCEPTED, ReadingStatus.ACTIVE):
                return _open(session, "reader")
        return None
    if not user.open_request:
        return None
    try:
        session = lifecycle.load(user.open_request)
    except DomainError:  # session_not_found
        return None
    if session.status not in READING_OPEN or session.client_id != user.user_id:
        return None
    return _open(session, "client")


def open_requests(reader_id: str) -> list[dict[str, Any]]:
    """The requests ringing the reader now, newest first, as `reading-requested` told them (real `expires_at`)."""
    since = utcnow() - timedelta(seconds=rules().join_timeout_seconds)
    found = []
    for session in SessionModel.by_reader.query(
        reader_id, SessionModel.created_key >= since.isoformat(), scan_index_forward=False
    ):
        if session.status == ReadingStatus.REQUESTED:
            found.append(session)
    names = {client_id: client_name(client_id) for client_id in {s.client_id for s in found}}
    return [
        {name: value for name, value in requested_event(s, names[s.client_id]).items() if name != "event"}
        for s in found
    ]
