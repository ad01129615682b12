"""A stream's chat, its mutes and its recent gifts, kept per stream in the stream audience table beside the
audience (`chat#<message id>`, `mute#<user>`, `gift#<time>#<gift id>`). The only importer of these models;
the domain (soulseer.streams.chat) works with the frozen records below.

A message id is `<ms since the epoch, 13 digits>-<8 hex>`: ids sort in the order they were sent, so the
newest messages are one query of the partition read backwards."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from soulseer.clock import utcnow
from soulseer.conditional import applied
from soulseer.records import record
from soulseer.stores.binding import BoundTable

CHAT_PREFIX = "chat#"
MUTE_PREFIX = "mute#"
GIFT_PREFIX = "gift#"


class StreamChatModel(Model):
    class Meta(BoundTable):
        table_setting = "STREAM_AUDIENCE_TABLE"

    stream_id = UnicodeAttribute(hash_key=True)
    member = UnicodeAttribute(range_key=True)  # chat#<message id>
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    role = UnicodeAttribute()  # reader | viewer
    text = UnicodeAttribute()
    sent_at = UTCDateTimeAttribute(default=utcnow)


class StreamMuteModel(Model):
    class Meta(BoundTable):
        table_setting = "STREAM_AUDIENCE_TABLE"

    stream_id = UnicodeAttribute(hash_key=True)
    member = UnicodeAttribute(range_key=True)  # mute#<user id>
    user_id = UnicodeAttribute()
    muted_by = UnicodeAttribute()
    muted_at = UTCDateTimeAttribute(default=utcnow)


class StreamGiftNoteModel(Model):
    """A gift as the audience was told of it, so a page opened later (or signed out) shows recent gifts."""

    class Meta(BoundTable):
        table_setting = "STREAM_AUDIENCE_TABLE"

    stream_id = UnicodeAttribute(hash_key=True)
    member = UnicodeAttribute(range_key=True)  # gift#<iso sent_at>#<gift id>
    user_id = UnicodeAttribute()
    gift_id = UnicodeAttribute()
    gift = UnicodeAttribute()
    from_name = UnicodeAttribute()
    amount_cents = NumberAttribute()
    sent_at = UTCDateTimeAttribute()


@record
class ChatMessage:
    stream_id: str
    message_id: str
    user_id: str
    display_name: str
    role: str
    text: str
    sent_at: datetime


@record
class GiftNote:
    stream_id: str
    gift_id: str
    gift: str
    user_id: str
    from_name: str
    amount_cents: int
    sent_at: datetime


def _message(item: StreamChatModel) -> ChatMessage:
    return ChatMessage(
        stream_id=item.stream_id,
        message_id=item.member.removeprefix(CHAT_PREFIX),
        user_id=item.user_id,
        display_name=item.display_name,
        role=item.role,
        text=item.text,
        sent_at=item.sent_at,
    )


def new_message_id(now: datetime) -> str:
    return f"{int(now.timestamp() * 1000):013d}-{secrets.token_hex(4)}"


def is_message_id(value: str) -> bool:
    stamp, _, tail = value.partition("-")
    return len(stamp) == 13 and stamp.isdigit() and len(tail) == 8 and all(c in "0123456789abcdef" for c in tail)


def add_message(stream_id: str, user_id: str, display_name: str, role: str, text: str) -> ChatMessage:
    now = utcnow()
    item = StreamChatModel(
        stream_id,
        CHAT_PREFIX + new_message_id(now),
        user_id=user_id,
        display_name=display_name,
        role=role,
        text=text,
        sent_at=now,
    )
    item.save(condition=StreamChatModel.member.does_not_exist())
    return _message(item)


def recent_messages(stream_id: str, limit: int) -> list[ChatMessage]:
    """The newest `limit` messages, oldest first (as a chat reads)."""
    items = StreamChatModel.query(
        stream_id,
        StreamChatModel.member.startswith(CHAT_PREFIX),
        scan_index_forward=False,
        limit=limit,
        consistent_read=True,
    )
    return [_message(item) for item in items][::-1]


def remove_message(stream_id: str, message_id: str) -> ChatMessage | None:
    """Deletes one message; None when there was none (removed already)."""
    try:
        item = StreamChatModel.get(stream_id, CHAT_PREFIX + message_id, consistent_read=True)
    except StreamChatModel.DoesNotExist:
        return None
    if not applied(lambda: item.delete(condition=StreamChatModel.member.exists())):
        return None
    return _message(item)


def mute(stream_id: str, user_id: str, muted_by: str) -> None:
    StreamMuteModel(stream_id, MUTE_PREFIX + user_id, user_id=user_id, muted_by=muted_by).save()


def unmute(stream_id: str, user_id: str) -> None:
    StreamMuteModel(stream_id, MUTE_PREFIX + user_id).delete()  # a no-op when not muted


def muted_users(stream_id: str) -> list[str]:
    items = StreamMuteModel.query(stream_id, StreamMuteModel.member.startswith(MUTE_PREFIX), consistent_read=True)
    return [item.user_id for item in items]


def is_muted(stream_id: str, user_id: str) -> bool:
    try:
        StreamMuteModel.get(stream_id, MUTE_PREFIX + user_id, consistent_read=True, attributes_to_get=["member"])
    except StreamMuteModel.DoesNotExist:
        return False
    return True


def note_gift(
    stream_id: str, gift_id: str, gift: str, user_id: str, from_name: str, amount_cents: int, sent_at: datetime
) -> None:
    StreamGiftNoteModel(
        stream_id,
        f"{GIFT_PREFIX}{sent_at.astimezone(UTC).isoformat()}#{gift_id}",
        user_id=user_id,
        gift_id=gift_id,
        gift=gift,
        from_name=from_name,
        amount_cents=amount_cents,
        sent_at=sent_at,
    ).save()


def recent_gifts(stream_id: str, limit: int) -> list[GiftNote]:
    """The newest `limit` gifts, newest first (as the gift feed reads)."""
    items = StreamGiftNoteModel.query(
        stream_id,
        StreamGiftNoteModel.member.startswith(GIFT_PREFIX),
        scan_index_forward=False,
        limit=limit,
        consistent_read=True,
    )
    return [
        GiftNote(
            stream_id=item.stream_id,
            gift_id=item.gift_id,
            gift=item.gift,
            user_id=item.user_id,
            from_name=item.from_name,
            amount_cents=int(item.amount_cents),
            sent_at=item.sent_at,
        )
        for item in items
    ]
