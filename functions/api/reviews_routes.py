"""Reviews in public and the reader's reply."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from soulseer import reviews
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.schemas.common import errors
from soulseer.schemas.readers import PublicReview, ReviewPage
from soulseer.web import PUBLIC, caller_of

router = Router()


class ReplyInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=reviews.MAX_REPLY_CHARS)


@router.get("/api/readers/<id>/reviews", security=PUBLIC, responses=errors(400, 404))
def reader_reviews(
    id: Annotated[str, Path(min_length=1, max_length=128)],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> ReviewPage:
    return reviews.list_reviews(id, limit, cursor)


@router.post("/api/sessions/<id>/review/reply", responses=errors(400, 401, 403, 404, 409, 415))
def reply_to_review(id: Annotated[str, Path(min_length=1, max_length=128)], body: ReplyInput) -> PublicReview:
    return reviews.reply(id, caller_of(router).user_id, body.text)
