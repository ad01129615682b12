"""PynamoDB models. Table names come from the environment template.yaml sets."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from pynamodb.attributes import (
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from soulseer.config import settings

_REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def utcnow() -> datetime:
    return datetime.now(UTC)


class UserModel(Model):
    class Meta:
        table_name = settings().users_table
        region = _REGION

    user_id = UnicodeAttribute(hash_key=True)
    role = UnicodeAttribute(default="client")
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)


class ReadersByRating(GlobalSecondaryIndex["ReaderProfileModel"]):
    class Meta:
        index_name = "by-rating"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    rating_rank = UnicodeAttribute(range_key=True)


class ReaderProfileModel(Model):
    class Meta:
        table_name = settings().reader_profiles_table
        region = _REGION

    reader_id = UnicodeAttribute(hash_key=True)
    display_name = UnicodeAttribute()
    bio = UnicodeAttribute(default="")
    specialties = ListAttribute(of=UnicodeAttribute, default=list)
    avatar_url = UnicodeAttribute(null=True)
    rate_chat_cents = NumberAttribute()
    rate_voice_cents = NumberAttribute()
    rate_video_cents = NumberAttribute()
    status = UnicodeAttribute(default="offline")
    rating_total = NumberAttribute(default=0)
    rating_count = NumberAttribute(default=0)
    listing = UnicodeAttribute(default="reader")
    rating_rank = UnicodeAttribute()
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)

    by_rating = ReadersByRating()
