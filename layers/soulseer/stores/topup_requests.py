"""Add-balance requests by their Idempotency-Key: the first answer, kept so a retry is answered from it
(before any rate limit and without calling Stripe). Items live in the payments table as `key#<digest>`."""

from __future__ import annotations

import hashlib

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from soulseer.conditional import applied
from soulseer.models import utcnow
from soulseer.records import record
from soulseer.stores.binding import BoundTable


class TopupRequestModel(Model):
    class Meta(BoundTable):
        table_setting = "PAYMENTS_TABLE"

    payment_id = UnicodeAttribute(hash_key=True)  # key#<sha256 of the user and their key>
    user_id = UnicodeAttribute()
    amount_cents = NumberAttribute()
    intent_id = UnicodeAttribute()
    client_secret = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute(default=utcnow)


@record
class TopupRequest:
    amount_cents: int
    intent_id: str
    client_secret: str
    status: str


def _item_id(user_id: str, key: str) -> str:
    return "key#" + hashlib.sha256(f"{user_id}\n{key}".encode()).hexdigest()


def find(user_id: str, key: str) -> TopupRequest | None:
    try:
        item = TopupRequestModel.get(_item_id(user_id, key), consistent_read=True)
    except TopupRequestModel.DoesNotExist:
        return None
    if item.user_id != user_id:
        return None
    return TopupRequest(int(item.amount_cents), item.intent_id, item.client_secret, item.status)


def remember(user_id: str, key: str, request: TopupRequest) -> None:
    """Kept once: a concurrent first request with the same key made the same intent (Stripe's key)."""
    item = TopupRequestModel(
        _item_id(user_id, key),
        user_id=user_id,
        amount_cents=request.amount_cents,
        intent_id=request.intent_id,
        client_secret=request.client_secret,
        status=request.status,
    )
    applied(lambda: item.save(condition=TopupRequestModel.payment_id.does_not_exist()))
