"""What a person has open right now: the reading a client or a reader is in (or waiting for), for the bar
every page shows, and the requests still ringing a reader, with their real expiry, for a reconnect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from soulseer import users
from soulseer.errors import DomainError
from soulseer.lifecycles import READING_OPEN, ReadingStatus
from soulseer.readings.asking import ANONYMOUS_CLIENT, ringing
from soulseer.readings.rules import rules
from soulseer.schemas.readers import OpenReadingView, OtherParty
from soulseer.schemas.readings import ReadingRequestView
from soulseer.stores import readings as store
from soulseer.stores.readings import Reading

READER_SCAN = 25  # a reader's newest readings looked at: an open one is among them (busy readers get no requests)


def reader_name(reader_id: str) -> str:
    profile = store.reader(reader_id)
    return profile.display_name if profile is not None else "Your reader"


def client_name(client_id: str) -> str:
    try:
        return users.get_user(client_id).display_name or ANONYMOUS_CLIENT
    except DomainError:  # user_not_found
        return ANONYMOUS_CLIENT


def _open(session: Reading, role: Literal["client", "reader"]) -> OpenReadingView:
    other = session.reader_id if role == "client" else session.client_id
    return OpenReadingView(
        session_id=session.session_id,
        status=session.status,  # type: ignore[arg-type]  # one of READING_OPEN: the callers checked
        type=session.kind,
        role=role,
        other_party=OtherParty(
            user_id=other, display_name=reader_name(other) if role == "client" else client_name(other)
        ),
        rate_cents=session.rate_cents,
        limit_cents=session.limit_cents,
    )


def open_reading_of(user: users.User) -> OpenReadingView | None:
    """A client's request or reading while requested, accepted or active; a reader's reading once accepted
    (requests still ringing are `open_requests`)."""
    if user.role == "reader":
        for session in store.newest_of_reader(user.user_id, READER_SCAN):
            if session.status in (ReadingStatus.ACCEPTED, ReadingStatus.ACTIVE):
                return _open(session, "reader")
        return None
    if not user.open_request:
        return None
    requested = store.find(user.open_request)
    if requested is None or requested.status not in READING_OPEN or requested.client_id != user.user_id:
        return None
    return _open(requested, "client")


def open_requests(reader_id: str) -> list[ReadingRequestView]:
    """The requests ringing the reader now, newest first, as `reading-requested` told them (real `expires_at`)."""
    since = datetime.now(UTC) - timedelta(seconds=rules().join_timeout_seconds)
    found = [s for s in store.of_reader_since(reader_id, since) if s.status == ReadingStatus.REQUESTED]
    names = {client_id: client_name(client_id) for client_id in {s.client_id for s in found}}
    return [ringing(s, names[s.client_id]) for s in found]
