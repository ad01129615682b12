"""Paid gifts in a live stream: one ledger movement `gift:<gift_id>` each, 70% to the reader."""

from __future__ import annotations

from soulseer import chargebacks, ledger, monitoring, users
from soulseer.clock import utcnow
from soulseer.errors import DomainError, ErrorCode
from soulseer.idempotency import derived_id
from soulseer.ledger.core import InsufficientFunds, Movement, PreconditionFailed, find_movement
from soulseer.ledger.kinds import MovementKind
from soulseer.sales import reader_sale_entries, split
from soulseer.schemas.streams import GiftEvent, SentGift
from soulseer.stores import streams as store
from soulseer.stores.streams import Stream
from soulseer.streams import audience, chat
from soulseer.streams.audience import load
from soulseer.streams.catalog import label_of, price_of
from soulseer.streams.lifecycle import LIVE


def send_gift(stream_id: str, user_id: str, gift: str, key: str | None, sender: users.User | None = None) -> SentGift:
    """Pays for one gift from the viewer's balance and broadcasts it to the stream's audience. `sender`:
    the viewer's record as read (consistently) earlier in this request."""
    gift_id = derived_id("gft", key, user_id, stream_id)
    price = price_of(gift)
    stream = load(stream_id)
    movement_id = f"gift:{gift_id}"
    earlier = find_movement(movement_id) if key is not None else None
    if earlier is not None:  # a retried request: the answer it got, even if the stream ended since
        return _result(stream, earlier, user_id, gift)
    if user_id == stream.reader_id:
        raise DomainError(ErrorCode.OWN_STREAM)
    if stream.status != LIVE:
        raise DomainError(ErrorCode.STREAM_ENDED)
    users.refuse_if_blocked(user_id, sender)
    chargebacks.refuse_if_disputed(user_id, sender if sender is not None and sender.user_id == user_id else None)
    reader_share, _ = split(price)
    memo = {"stream": stream_id, "gift": gift, "from": user_id, "reader": stream.reader_id}
    try:
        movement = ledger.post(
            movement_id,
            MovementKind.GIFT,
            reader_sale_entries(user_id, stream.reader_id, movement_id, price),
            memo=memo,
            extra_writes=[store.gift_write(stream_id, price, reader_share)],
        )
    except InsufficientFunds:
        balance = ledger.balance_of(ledger.client_balance(user_id))
        raise InsufficientFunds(
            message="Your balance does not cover this gift; please top up.",
            details={"required_cents": price, "balance_cents": balance},
        ) from None
    except PreconditionFailed:
        raise DomainError(ErrorCode.STREAM_ENDED) from None
    result = _result(stream, movement, user_id, gift)
    if not movement.replayed:  # a retried request already told the audience and the metrics
        monitoring.count(monitoring.GIFTS)
        monitoring.cents(monitoring.GIFT_CENTS, price)
        monitoring.cents(monitoring.REVENUE_CENTS, price - reader_share)
        from_name = _name_of(user_id, sender)
        chat.note_gift(stream_id, result.gift_id, gift, user_id, from_name, price, movement.created_at or utcnow())
        audience.broadcast(stream_id, gift_event(result, user_id, from_name))
    return result


def _result(stream: Stream, movement: Movement, user_id: str, gift: str) -> SentGift:
    """The answer to a gift request, read from its movement (so a replay answers exactly as before)."""
    if movement.memo.get("gift") != gift or movement.memo.get("from") != user_id:
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with a different gift.")
    return SentGift(
        gift_id=movement.movement_id.removeprefix("gift:"),
        stream_id=stream.stream_id,
        gift=gift,
        amount_cents=-movement.amount_to(ledger.client_balance(user_id)),
        reader_share_cents=movement.amount_to(ledger.reader_pending(stream.reader_id)),
        replayed=movement.replayed,
        balance_cents=ledger.balance_of(ledger.client_balance(user_id)),
        sent_at=(movement.created_at or utcnow()).isoformat(),
    )


def _name_of(user_id: str, sender: users.User | None) -> str:
    """The viewer's display name as the audience sees it ("A viewer" until they set one)."""
    if sender is None or sender.user_id != user_id:
        sender = users.ensure_user(user_id)
    return sender.display_name or "A viewer"


def gift_event(result: SentGift, user_id: str, from_name: str = "A viewer") -> GiftEvent:
    """The `gift` event the stream's audience (the reader included) receives: the wire form of a sent gift."""
    label, icon = label_of(result.gift)
    return GiftEvent(
        event="gift",
        stream_id=result.stream_id,
        gift_id=result.gift_id,
        gift=result.gift,
        label=label,
        icon=icon,
        from_name=from_name,
        amount_cents=result.amount_cents,
        from_user_id=user_id,
        sent_at=result.sent_at,
    )
