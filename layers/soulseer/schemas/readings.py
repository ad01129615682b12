"""Readings (sessions): start, summaries, details, reviews, disputes."""

from __future__ import annotations

from pydantic import Field

from soulseer.lifecycles import DisputeStatus, ReadingKind, ReadingStatus
from soulseer.schemas.common import Out


class SessionView(Out):
    session_id: str
    room_id: str
    client_id: str
    reader_id: str
    type: ReadingKind
    status: ReadingStatus
    rate_cents: int
    free_minutes: int
    limit_cents: int | None = Field(description="The client's spending limit: no paid minute passes it.")
    minutes: int
    paid_minutes: int
    total_cents: int
    reader_share_cents: int
    end_reason: str | None
    rating: int | None
    created_at: str
    started_at: str | None
    ended_at: str | None
    expires_at: str | None = Field(
        default=None, description="While requested or accepted: when the request lapses unless both have joined."
    )


class StunServer(Out):
    urls: list[str]


class TurnServer(Out):
    urls: list[str]
    username: str = Field(description="Time-limited TURN REST credentials.")
    credential: str


IceServer = TurnServer | StunServer


class StartedReading(Out):
    session: SessionView
    room_id: str
    websocket_url: str
    ice_servers: list[IceServer]


class ReadingIceServers(Out):
    ice_servers: list[IceServer] = Field(description="For the caller's RTCPeerConnection; TURN credentials expire.")


class SessionPage(Out):
    items: list[SessionView]
    next_cursor: str | None


class TranscriptLine(Out):
    message_id: int
    from_: str = Field(alias="from")
    text: str
    sent_at: str


class ReportView(Out):
    """The client's report of a reading (a dispute) and its outcome, as the client sees it."""

    status: DisputeStatus = Field(description="open, refunded or rejected.")
    reason: str
    refund_cents: int
    note: str | None = Field(description="The team's answer, once resolved.")
    opened_at: str
    resolved_at: str | None


class SessionDetails(SessionView):
    reader_name: str = Field(description="The reader's display name.")
    client_name: str = Field(description="The client's display name (or Anonymous).")
    transcript: list[TranscriptLine]
    review: str | None
    report: ReportView | None = Field(default=None, description="The client's report and its outcome (client, admin).")


class ReviewedSession(SessionView):
    review: str
    reviewed_at: str


class SessionSummary(Out):
    session_id: str
    status: ReadingStatus
    minutes: int
    paid_minutes: int
    total_cents: int
    reader_share_cents: int
    end_reason: str | None


class DisputeView(Out):
    dispute_id: str
    session_id: str
    client_id: str
    reader_id: str
    reason: str
    status: DisputeStatus
    session_total_cents: int
    refund_cents: int
    reader_take_back_cents: int
    reader_shortfall_cents: int
    note: str | None
    resolved_by: str | None
    opened_at: str
    resolved_at: str | None


class DisputePage(Out):
    items: list[DisputeView]
    next_cursor: str | None


class ReadingRequestClient(Out):
    user_id: str
    display_name: str


class ReadingRequestView(Out):
    """A request ringing the reader, as `reading-requested` announced it."""

    session_id: str
    client: ReadingRequestClient
    type: ReadingKind
    rate_cents: int
    free_minutes: int
    expires_at: str = Field(description="When it expires unanswered (ISO 8601).")


class ReadingRequestList(Out):
    items: list[ReadingRequestView]
