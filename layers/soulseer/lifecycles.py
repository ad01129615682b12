"""Every lifecycle in one place: the statuses of readings, streams, orders, disputes, payouts, products and
readers, and the moves each allows. The stored conditions come from here too (`sources(X)`: the statuses
that may move to X), so a rule changes in this module only.

    if not can_move(session.status, ReadingStatus.ACTIVE): ...
    condition=SessionModel.status.is_in(*sources(ReadingStatus.ACTIVE))
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, TypeVar

# The kinds of reading a client can ask for (the API carries them as a union).
ReadingKind = Literal["chat", "voice", "video"]


class ReadingStatus(StrEnum):
    REQUESTED = "requested"  # the client asked; the reader was alerted
    ACCEPTED = "accepted"  # the reader said yes; not both in the room yet
    ACTIVE = "active"  # both joined; billing runs
    ENDED = "ended"
    CANCELLED = "cancelled"  # never active: declined, withdrawn or unanswered


class StreamStatus(StrEnum):
    LIVE = "live"
    ENDED = "ended"


class OrderStatus(StrEnum):
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"


class DisputeStatus(StrEnum):
    OPEN = "open"
    REFUNDED = "refunded"
    REJECTED = "rejected"


class PayoutStatus(StrEnum):
    PENDING = "pending"  # the intent is written; the transfer may or may not have happened
    FAILED = "failed"  # outstanding: the next run tries again
    PAID = "paid"
    CANCELLED = "cancelled"


class PayoutOutcome(StrEnum):
    """What a payout run did for one reader: the status it left the intent in, or why there is none."""

    PAID = PayoutStatus.PAID.value
    FAILED = PayoutStatus.FAILED.value  # outstanding: the next run tries again
    CANCELLED = PayoutStatus.CANCELLED.value
    PENDING = PayoutStatus.PENDING.value  # an intent another run is finishing right now
    REPAIRED = "repaired"  # an earlier run's transfer found at Stripe and its movement written
    ALREADY_PAID = "already_paid"
    PAYOUTS_DISABLED = "payouts_disabled"
    BELOW_MINIMUM = "below_minimum"
    WOULD_PAY = "would_pay"  # dry runs
    WOULD_CANCEL = "would_cancel"


class ProductStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class ReaderStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    BUSY = "busy"  # exactly while one of their readings is active


S = TypeVar("S", bound=StrEnum)

# Per lifecycle (members of different lifecycles may share a value: "active", "ended", "paid").
TRANSITIONS: dict[type[StrEnum], dict[str, frozenset[str]]] = {
    ReadingStatus: {
        ReadingStatus.REQUESTED: frozenset({ReadingStatus.ACCEPTED, ReadingStatus.ACTIVE, ReadingStatus.CANCELLED}),
        ReadingStatus.ACCEPTED: frozenset({ReadingStatus.ACTIVE, ReadingStatus.CANCELLED}),
        ReadingStatus.ACTIVE: frozenset({ReadingStatus.ENDED}),
    },
    StreamStatus: {StreamStatus.LIVE: frozenset({StreamStatus.ENDED})},
    OrderStatus: {
        OrderStatus.PAID: frozenset({OrderStatus.SHIPPED}),
        OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    },
    DisputeStatus: {DisputeStatus.OPEN: frozenset({DisputeStatus.REFUNDED, DisputeStatus.REJECTED})},
    PayoutStatus: {  # a failed transfer stays outstanding and is tried again
        PayoutStatus.PENDING: frozenset({PayoutStatus.PAID, PayoutStatus.FAILED, PayoutStatus.CANCELLED}),
        PayoutStatus.FAILED: frozenset({PayoutStatus.PAID, PayoutStatus.FAILED, PayoutStatus.CANCELLED}),
    },
    ProductStatus: {ProductStatus.ACTIVE: frozenset({ProductStatus.ARCHIVED})},
    ReaderStatus: {
        ReaderStatus.ONLINE: frozenset({ReaderStatus.OFFLINE, ReaderStatus.BUSY}),
        ReaderStatus.OFFLINE: frozenset({ReaderStatus.ONLINE}),
        ReaderStatus.BUSY: frozenset({ReaderStatus.ONLINE}),  # when the reading ends
    },
}

# not finished (at most one per client)
READING_OPEN = (ReadingStatus.REQUESTED, ReadingStatus.ACCEPTED, ReadingStatus.ACTIVE)
READING_WAITING = (ReadingStatus.REQUESTED, ReadingStatus.ACCEPTED)  # asked, not yet active


def can_move(current: str, to: S) -> bool:
    """Whether a thing in status `current` may move to `to` (a status of the same lifecycle)."""
    return to in TRANSITIONS[type(to)].get(current, frozenset())


def sources(to: S) -> tuple[S, ...]:
    """The statuses that may move to `to`, in declaration order: the condition of a stored move."""
    moves = TRANSITIONS[type(to)]
    return tuple(status for status in type(to) if to in moves.get(status, frozenset()))


def is_final(status: StrEnum) -> bool:
    return not TRANSITIONS[type(status)].get(status)
