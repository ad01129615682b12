"""Reviews in public: a reader's reviews newest first (the client's display name, or "Anonymous"), and
the reader's one reply to each."""

from __future__ import annotations

from typing import Any

from pynamodb.expressions.update import Action

from soulseer import users
from soulseer.conditional import applied
from soulseer.errors import DomainError, ErrorCode
from soulseer.models import utcnow
from soulseer.pagination import newest_first
from soulseer.stores.readings import Reading, SessionModel

ANONYMOUS = "Anonymous"
MAX_REPLY_CHARS = 1000
_CURSOR_KEYS = frozenset({"session_id", "review_reader", "review_key"})


def publish_actions(session: Reading, anonymous: bool) -> list[Action]:
    """What a review adds to its reading so it is listed publicly (written with the review itself)."""
    now = utcnow()
    name = ANONYMOUS if anonymous else (users.ensure_user(session.client_id).display_name or ANONYMOUS)
    return [
        SessionModel.review_reader.set(session.reader_id),
        SessionModel.review_key.set(f"{now.isoformat()}#{session.session_id}"),
        SessionModel.review_name.set(name),
        SessionModel.reviewed_at.set(now),
    ]


def import_review(review_id: str, reader_id: str, client_name: str, stars: int, text: str) -> bool:
    """A review written before SoulSeer held the reading (the demo data): stored as a closed reading that
    carries the review, never verified (no paid minute here), with the reader's rating in the same
    transaction, so rating and count stay the reviews stored. Once per `review_id`; False if it exists."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from soulseer import readers
    from soulseer.lifecycles import ReadingStatus
    from soulseer.models import transactions_connection

    now = utcnow()
    session_id = f"ses_imported_{review_id}"
    record = SessionModel(
        session_id,
        client_id=f"imported:{review_id}",
        reader_id=reader_id,
        created_key=f"{now.isoformat()}#{session_id}",
        kind="chat",
        rate_cents=0,
        status=ReadingStatus.CANCELLED,
        open_state=None,
        end_reason="imported_review",
        rating=stars,
        review_text=text,
        review_reader=reader_id,
        review_key=f"{now.isoformat()}#{session_id}",
        review_name=client_name,
        reviewed_at=now,
        created_at=now,
        ended_at=now,
    )
    try:
        with TransactWrite(connection=transactions_connection()) as transaction:
            transaction.save(record, condition=SessionModel.session_id.does_not_exist())
            readers.rating_write(reader_id, stars)(transaction)
    except TransactWriteError as error:
        if error.cancellation_reasons and error.cancellation_reasons[0] is not None:
            return False  # imported already
        raise
    return True


def public_view(session: SessionModel) -> dict[str, Any]:
    return {
        "session_id": session.session_id,
        "rating": int(session.rating) if session.rating is not None else 0,
        "text": session.review_text or "",
        "reviewed_at": session.reviewed_at.isoformat() if session.reviewed_at else None,
        "client_display_name": session.review_name or ANONYMOUS,
        "verified": int(session.paid_minutes) >= 1,  # a paid reading on SoulSeer, not a review from elsewhere
        "reply": session.review_reply,
        "replied_at": session.replied_at.isoformat() if session.replied_at else None,
    }


def list_reviews(reader_id: str, limit: int, cursor: str | None) -> dict[str, Any]:
    items, next_cursor = newest_first(
        SessionModel.reviews.query, reader_id, "review_reader", _CURSOR_KEYS, limit, cursor
    )
    return {"items": [public_view(item) for item in items], "next_cursor": next_cursor}


def reply(session_id: str, reader_id: str, text: str) -> dict[str, Any]:
    """The reader answers a review of one of their readings, once."""
    body = text.strip()
    if not 1 <= len(body) <= MAX_REPLY_CHARS:
        raise DomainError(ErrorCode.INVALID_REPLY, f"A reply is 1 to {MAX_REPLY_CHARS} characters.")
    try:
        session = SessionModel.get(session_id, consistent_read=True)
    except SessionModel.DoesNotExist:
        raise DomainError(ErrorCode.SESSION_NOT_FOUND) from None
    if reader_id not in (session.reader_id, session.client_id):
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if reader_id != session.reader_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the reader replies to a review.")
    if session.rating is None or session.review_reader is None:
        raise DomainError(ErrorCode.NOT_REVIEWED)
    if not applied(
        lambda: session.update(
            actions=[SessionModel.review_reply.set(body), SessionModel.replied_at.set(utcnow())],
            condition=SessionModel.review_reply.does_not_exist() & SessionModel.rating.exists(),
        )
    ):
        raise DomainError(ErrorCode.ALREADY_REPLIED) from None
    return public_view(session)
