"""PynamoDB models. Table names come from the environment template.yaml sets."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import lru_cache

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.connection import Connection
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
    stripe_customer_id = UnicodeAttribute(null=True)
    payment_disputed = BooleanAttribute(default=False)
    intro_used = BooleanAttribute(default=False)
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


class LedgerAccountModel(Model):
    """One balance per account; changed only inside a movement's transaction."""

    class Meta:
        table_name = settings().ledger_accounts_table
        region = _REGION

    account_id = UnicodeAttribute(hash_key=True)
    balance = NumberAttribute(default=0)
    updated_at = UTCDateTimeAttribute(default=utcnow)


class LedgerEntryModel(Model):
    """An immutable posting of one movement to one account; `position` sorts newest last."""

    class Meta:
        table_name = settings().ledger_entries_table
        region = _REGION

    account_id = UnicodeAttribute(hash_key=True)
    position = UnicodeAttribute(range_key=True)  # <iso time>#<movement id>
    movement_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    amount = NumberAttribute()  # signed cents: + credit to this account, - debit
    counterparts = ListAttribute(of=UnicodeAttribute, default=list)
    memo = MapAttribute(default=dict)
    created_at = UTCDateTimeAttribute(default=utcnow)


class LedgerMovementModel(Model):
    """The movement itself, keyed by its deterministic id: written once, ever."""

    class Meta:
        table_name = settings().ledger_movements_table
        region = _REGION

    movement_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    entries = ListAttribute(of=MapAttribute, default=list)  # [{debit, credit, amount}]
    memo = MapAttribute(default=dict)
    created_at = UTCDateTimeAttribute(default=utcnow)


class PaymentModel(Model):
    """A Stripe PaymentIntent for a top-up and what its webhooks told us."""

    class Meta:
        table_name = settings().payments_table
        region = _REGION

    payment_id = UnicodeAttribute(hash_key=True)  # the PaymentIntent id
    user_id = UnicodeAttribute()
    amount_cents = NumberAttribute()
    status = UnicodeAttribute(default="requires_payment_method")
    charge_id = UnicodeAttribute(null=True)
    refunded_cents = NumberAttribute(default=0)
    dispute_id = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)


class SessionsByClient(GlobalSecondaryIndex["SessionModel"]):
    class Meta:
        index_name = "by-client"
        projection = AllProjection()

    client_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class SessionsByReader(GlobalSecondaryIndex["SessionModel"]):
    class Meta:
        index_name = "by-reader"
        projection = AllProjection()

    reader_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class SessionModel(Model):
    """A reading: requested -> active -> ended (or cancelled), with its billing summary."""

    class Meta:
        table_name = settings().sessions_table
        region = _REGION

    session_id = UnicodeAttribute(hash_key=True)
    client_id = UnicodeAttribute()
    reader_id = UnicodeAttribute()
    created_key = UnicodeAttribute()  # <iso created_at>#<session id>, for newest-first listings
    kind = UnicodeAttribute()  # chat | voice | video
    rate_cents = NumberAttribute()
    free_minutes = NumberAttribute(default=0)
    status = UnicodeAttribute(default="requested")
    client_connection = UnicodeAttribute(null=True)
    reader_connection = UnicodeAttribute(null=True)
    client_away_since = NumberAttribute(null=True)  # epoch seconds a participant dropped
    reader_away_since = NumberAttribute(null=True)
    minutes = NumberAttribute(default=0)  # minutes elapsed, free ones included
    paid_minutes = NumberAttribute(default=0)
    total_cents = NumberAttribute(default=0)
    reader_share_cents = NumberAttribute(default=0)
    end_reason = UnicodeAttribute(null=True)
    messages = NumberAttribute(default=0)
    rating = NumberAttribute(null=True)
    review_text = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    started_at = UTCDateTimeAttribute(null=True)
    ended_at = UTCDateTimeAttribute(null=True)

    by_client = SessionsByClient()
    by_reader = SessionsByReader()


class TranscriptModel(Model):
    class Meta:
        table_name = settings().transcripts_table
        region = _REGION

    session_id = UnicodeAttribute(hash_key=True)
    position = NumberAttribute(range_key=True)  # 1, 2, 3 ... in the order the server accepted them
    sender = UnicodeAttribute()  # client | reader
    sender_id = UnicodeAttribute()
    text = UnicodeAttribute()
    sent_at = UTCDateTimeAttribute(default=utcnow)


class ConnectionModel(Model):
    """An open WebSocket connection and the reading room it joined."""

    class Meta:
        table_name = settings().connections_table
        region = _REGION

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    session_id = UnicodeAttribute(null=True)
    session_role = UnicodeAttribute(null=True)  # client | reader within that reading
    connected_at = UTCDateTimeAttribute(default=utcnow)
    expires_at = NumberAttribute()  # TTL: API Gateway closes connections after 2 h


@lru_cache(maxsize=1)
def transactions_connection() -> Connection:
    """The connection TransactWrite needs; built once per warm container."""
    return Connection(region=_REGION)
