"""Reviews in public: a reader's reviews newest first (the client's display name, or "Anonymous"), and
the reader's one reply to each. Stored on the reading they review (soulseer.stores.reviews)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from soulseer import users
from soulseer.errors import DomainError, ErrorCode
from soulseer.stores import reviews as store
from soulseer.stores.readings import Reading
from soulseer.stores.reviews import Review

if TYPE_CHECKING:  # the API's shapes, loaded by the calls that return them
    from soulseer.schemas.readers import PublicReview, ReviewPage

ANONYMOUS = "Anonymous"
MAX_REPLY_CHARS = 1000


def publish_actions(session: Reading, anonymous: bool) -> store.Publication:
    """What a review adds to its reading so it is listed publicly (written with the review itself)."""
    name = ANONYMOUS if anonymous else (users.ensure_user(session.client_id).display_name or ANONYMOUS)
    return store.publish_actions(session.session_id, session.reader_id, name)


def import_review(review_id: str, reader_id: str, client_name: str, stars: int, text: str) -> bool:
    """A review written before SoulSeer held the reading (the demo data): stored as a closed reading that
    carries the review, never verified (no paid minute here), with the reader's rating in the same
    transaction, so rating and count stay the reviews stored. Once per `review_id`; False if it exists."""
    from soulseer import readers

    return store.import_review(review_id, reader_id, client_name, stars, text, readers.rating_write(reader_id, stars))


def public_view(review: Review) -> PublicReview:
    from soulseer.schemas.readers import PublicReview

    return PublicReview(
        session_id=review.session_id,
        rating=review.rating or 0,
        text=review.text,
        reviewed_at=review.reviewed_at.isoformat() if review.reviewed_at else None,
        client_display_name=review.name or ANONYMOUS,
        verified=review.paid_minutes >= 1,  # a paid reading on SoulSeer, not a review from elsewhere
        reply=review.reply,
        replied_at=review.replied_at.isoformat() if review.replied_at else None,
    )


def list_reviews(reader_id: str, limit: int, cursor: str | None) -> ReviewPage:
    from soulseer.schemas.readers import ReviewPage

    found, next_cursor = store.reviews_page(reader_id, limit, cursor)
    return ReviewPage(items=[public_view(review) for review in found], next_cursor=next_cursor)


def reply(session_id: str, reader_id: str, text: str) -> PublicReview:
    """The reader answers a review of one of their readings, once."""
    body = text.strip()
    if not 1 <= len(body) <= MAX_REPLY_CHARS:
        raise DomainError(ErrorCode.INVALID_REPLY, f"A reply is 1 to {MAX_REPLY_CHARS} characters.")
    review = store.find(session_id)
    if review is None or reader_id not in (review.reader_id, review.client_id):
        raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    if reader_id != review.reader_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the reader replies to a review.")
    if review.rating is None or not review.published:
        raise DomainError(ErrorCode.NOT_REVIEWED)
    replied = store.add_reply(session_id, body)
    if replied is None:
        raise DomainError(ErrorCode.ALREADY_REPLIED)
    return public_view(replied)
