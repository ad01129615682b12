"""Past readings: details for participants and admins, my readings, reviews."""

from __future__ import annotations

import random
import time

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from soulseer import disputes, readers, reviews
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import ReadingStatus
from soulseer.models import SessionModel, transactions_connection, utcnow
from soulseer.pagination import newest_first
from soulseer.readings import lifecycle, room
from soulseer.readings.open import client_name, reader_name
from soulseer.schemas.readings import ReportView, ReviewedSession, SessionDetails, SessionPage, TranscriptLine

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
        transcript=[TranscriptLine.model_validate(line) for line in room.transcript(session_id)],
        review=session.review_text,
        report=ReportView(**report) if report else None,
    )


def mine(user_id: str, role: str, limit: int, cursor: str | None) -> SessionPage:
    index, key_name = (
        (SessionModel.by_reader, "reader_id") if role == "reader" else (SessionModel.by_client, "client_id")
    )
    keys = frozenset({"session_id", key_name, "created_key"})
    items, next_cursor = newest_first(index.query, user_id, key_name, keys, limit, cursor)
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
        try:
            with TransactWrite(connection=transactions_connection()) as transaction:
                transaction.update(
                    SessionModel(session.session_id),
                    actions=[
                        SessionModel.rating.set(rating),
                        SessionModel.review_text.set(text),
                        *reviews.publish_actions(session, anonymous),
                    ],
                    condition=SessionModel.rating.does_not_exist(),
                )
                reader_rated(transaction)
            break
        except TransactWriteError as error:
            reasons = [r.code if r else None for r in error.cancellation_reasons]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise DomainError(ErrorCode.ALREADY_REVIEWED) from None
            if not any(code == "ConditionalCheckFailed" for code in reasons[1:]):
                raise
            # another review of this reader landed meanwhile: read the rating again, after a short jitter
            time.sleep(random.uniform(0.01, 0.05))
    else:
        raise DomainError(ErrorCode.BUSY, "Reviews of this reader are busy; try again.")
    session.rating, session.review_text = rating, text  # as the transaction wrote them
    return ReviewedSession(**lifecycle.view_fields(session), review=text, reviewed_at=utcnow().isoformat())
