"""Reviews as stored: on the reading they review (the sessions table, whose model the readings store
holds), listed through the sparse `reviews` index. The only module that reads or writes a reading's
review attributes; callers get `Review` values."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from soulseer.clock import utcnow
from soulseer.conditional import applied
from soulseer.lifecycles import ReadingStatus
from soulseer.pagination import newest_first
from soulseer.records import record
from soulseer.stores.binding import transactions_connection
from soulseer.stores.readings import SessionModel
from soulseer.stores.users import Write

_CURSOR_KEYS = frozenset({"session_id", "review_reader", "review_key"})
Publication = list[Action]  # what publishes a review, written with the review itself (stores.readings.review)


@record
class Review:
    session_id: str
    client_id: str
    reader_id: str
    rating: int | None  # None: the reading is not reviewed
    text: str
    name: str | None  # the client's display name as published, or "Anonymous"
    published: bool  # listed publicly (the `reviews` index holds it)
    reviewed_at: datetime | None
    paid_minutes: int
    reply: str | None
    replied_at: datetime | None


def _review(item: SessionModel) -> Review:
    return Review(
        session_id=item.session_id,
        client_id=item.client_id,
        reader_id=item.reader_id,
        rating=int(item.rating) if item.rating is not None else None,
        text=item.review_text or "",
        name=item.review_name,
        published=item.review_reader is not None,
        reviewed_at=item.reviewed_at,
        paid_minutes=int(item.paid_minutes),
        reply=item.review_reply,
        replied_at=item.replied_at,
    )


def publish_actions(session_id: str, reader_id: str, name: str) -> Publication:
    """What a review adds to its reading so it is listed publicly (written with the review itself)."""
    now = utcnow()
    return [
        SessionModel.review_reader.set(reader_id),
        SessionModel.review_key.set(f"{now.isoformat()}#{session_id}"),
        SessionModel.review_name.set(name),
        SessionModel.reviewed_at.set(now),
    ]


def import_review(review_id: str, reader_id: str, client_name: str, stars: int, text: str, rated: Write) -> bool:
    """A review from before SoulSeer held the reading, stored as a closed reading that carries it, with the
    reader's rating (`rated`) in the same transaction. Once per `review_id`; False if it exists."""
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
            rated(transaction)
    except TransactWriteError as error:
        if error.cancellation_reasons and error.cancellation_reasons[0] is not None:
            return False  # imported already
        raise
    return True


def reviews_page(reader_id: str, limit: int, cursor: str | None) -> tuple[list[Review], str | None]:
    """A reader's published reviews, newest first, one page at a time."""
    items, next_cursor = newest_first(
        SessionModel.reviews.query, reader_id, "review_reader", _CURSOR_KEYS, limit, cursor
    )
    return [_review(item) for item in items], next_cursor


def find(session_id: str) -> Review | None:
    try:
        return _review(SessionModel.get(session_id, consistent_read=True))
    except SessionModel.DoesNotExist:
        return None


def add_reply(session_id: str, text: str) -> Review | None:
    """The reader's one reply; None when the reading has a reply already (or no review)."""
    replied_at = utcnow()
    if not applied(
        lambda: SessionModel(session_id).update(
            actions=[SessionModel.review_reply.set(text), SessionModel.replied_at.set(replied_at)],
            condition=SessionModel.review_reply.does_not_exist() & SessionModel.rating.exists(),
        )
    ):
        return None
    return find(session_id)
