"""Past readings: details for participants and admins, my readings, reviews."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime

from soulseer import disputes, readers, reviews
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReadingStatus
from soulseer.readings import lifecycle
from soulseer.readings.open import client_name, reader_name
from soulseer.schemas.readings import ReviewedSession, SessionDetails, SessionPage, TranscriptLine
from soulseer.stores import readings as store

MAX_REVIEW_CHARS = 2000
REVIEW_ATTEMPTS = 12


def details(session_id: str, user_id: str, role: str) -> SessionDetails:
    session = lifecycle.load(session_id)
    if lifecycle.role_of(session, user_id) is None and role != "admin":
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    report = disputes.report_of(session_id) if role == "admin" or user_id == session.client_id else None
    return SessionDetails(
        **lifecycle.view_fields(session),
        reader_name=reader_name(session.reader_id),
        client_name=client_name(session.client_id),
        transcript=[
            TranscriptLine(
                message_id=line.message_id, text=line.text, sent_at=line.sent_at.isoformat(), **{"from": line.sender}
            )
            for line in store.transcript(session_id)
        ],
        review=session.review_text,
        report=report,
    )


def mine(user_id: str, role: str, limit: int, cursor: str | None) -> SessionPage:
    items, next_cursor = store.page_of(user_id, "reader" if role == "reader" else "client", limit, cursor)
    return SessionPage(items=[lifecycle.view(item) for item in items], next_cursor=next_cursor)


def review(session_id: str, user_id: str, rating: int, text: str, anonymous: bool = False) -> ReviewedSession:
    """The client reviews once, after a reading with at least one paid minute; the review and the reader's
    rating (sum and count of the reviews stored) are one transaction."""
    session = lifecycle.load(session_id)
    if lifecycle.role_of(session, user_id) is None:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if user_id != session.client_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the client reviews a reading.")
    if len(text) > MAX_REVIEW_CHARS:
        raise DomainError(ErrorCode.REVIEW_TOO_LONG, f"A review is at most {MAX_REVIEW_CHARS} characters.")
    if session.status != ReadingStatus.ENDED or int(session.paid_minutes) < 1:
        raise DomainError(ErrorCode.NOT_REVIEWABLE)
    for _ in range(REVIEW_ATTEMPTS):
        reader_rated = readers.rating_write(session.reader_id, rating)
        outcome = store.review(session_id, rating, text, reviews.publish_actions(session, anonymous), reader_rated)
        if outcome == "already":
            raise DomainError(ErrorCode.ALREADY_REVIEWED)
        if outcome == "reviewed":
            break
        # another review of this reader landed meanwhile: read the rating again, after a short jitter
        time.sleep(random.uniform(0.01, 0.05))
    else:
        raise DomainError(ErrorCode.BUSY, "Reviews of this reader are busy; try again.")
    fields = {**lifecycle.view_fields(session), "rating": rating}  # as the transaction wrote it
    return ReviewedSession(**fields, review=text, reviewed_at=datetime.now(UTC).isoformat())
