"""Past readings: details for participants and admins, my readings, reviews."""

from __future__ import annotations

from typing import Any

from soulseer import readers, reviews
from soulseer.conditional import applied
from soulseer.errors import Conflict, Forbidden, NotFound, ValidationFailed
from soulseer.models import SessionModel, utcnow
from soulseer.pagination import newest_first
from soulseer.readings import lifecycle, room

MAX_REVIEW_CHARS = 2000


def details(session_id: str, user_id: str, role: str) -> dict[str, Any]:
    session = lifecycle.load(session_id)
    if lifecycle.role_of(session, user_id) is None and role != "admin":
        raise NotFound("No such reading.", code="session_not_found")
    return {**lifecycle.view(session), "transcript": room.transcript(session_id), "review": session.review_text}


def mine(user_id: str, role: str, limit: int, cursor: str | None) -> dict[str, Any]:
    index, key_name = (
        (SessionModel.by_reader, "reader_id") if role == "reader" else (SessionModel.by_client, "client_id")
    )
    keys = frozenset({"session_id", key_name, "created_key"})
    items, next_cursor = newest_first(index.query, user_id, key_name, keys, limit, cursor)
    return {"items": [lifecycle.view(item) for item in items], "next_cursor": next_cursor}


def review(session_id: str, user_id: str, rating: int, text: str, anonymous: bool = False) -> dict[str, Any]:
    """The client reviews once, after a reading with at least one paid minute."""
    session = lifecycle.load(session_id)
    if lifecycle.role_of(session, user_id) is None:
        raise NotFound("No such reading.", code="session_not_found")
    if user_id != session.client_id:
        raise Forbidden("Only the client reviews a reading.")
    if len(text) > MAX_REVIEW_CHARS:
        raise ValidationFailed(f"A review is at most {MAX_REVIEW_CHARS} characters.", code="review_too_long")
    if session.status != "ended" or int(session.paid_minutes) < 1:
        raise Conflict("Only a finished reading with a paid minute can be reviewed.", code="not_reviewable")
    if not applied(
        lambda: session.update(
            actions=[
                SessionModel.rating.set(rating),
                SessionModel.review_text.set(text),
                *reviews.publish_actions(session, anonymous),
            ],
            condition=SessionModel.rating.does_not_exist(),
        )
    ):
        raise Conflict("This reading has been reviewed already.", code="already_reviewed") from None
    readers.record_rating(session.reader_id, rating)
    return {**lifecycle.view(session), "review": text, "reviewed_at": utcnow().isoformat()}
