"""The users and readers aggregate: user records (role, name, Stripe customer, open chargebacks, block).
The only importer of their PynamoDB models; callers get `User` values and write through these functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.transactions import TransactWrite

from soulseer.conditional import applied
from soulseer.models import UserModel, utcnow

Write = Callable[[TransactWrite], None]  # a write added to a transaction (e.g. a ledger movement's)


@dataclass(frozen=True)
class User:
    user_id: str
    role: str
    created_at: datetime
    intro_used: bool = False  # the free intro minutes of a first reading were given
    display_name: str | None = None
    open_request: str | None = None  # the client's latest reading request (open while it waits)
    open_disputes: int = 0  # card payments of theirs disputed with their bank, still open
    blocked: bool = False  # an admin blocked them: no readings, gifts or purchases
    stripe_customer_id: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "user_id": self.user_id,
            "role": self.role,
            "display_name": self.display_name,
            "created_at": self.created_at.isoformat(),
        }


def from_item(item: UserModel) -> User:
    """The user from a record already read or returned by a write (e.g. an update's ALL_NEW)."""
    return User(
        user_id=item.user_id,
        role=item.role,
        created_at=item.created_at,
        intro_used=bool(item.intro_used),
        display_name=item.display_name,
        open_request=item.open_request,
        open_disputes=len(item.open_chargebacks or ()),
        blocked=item.blocked_at is not None,
        stripe_customer_id=item.stripe_customer_id,
    )


def find(user_id: str) -> User | None:
    """The user's record, read consistently; None when there is none."""
    try:
        return from_item(UserModel.get(user_id, consistent_read=True))
    except UserModel.DoesNotExist:
        return None


def create(user_id: str, role: str = "client") -> User | None:
    """A new record; None when one exists already (created concurrently)."""
    item = UserModel(user_id=user_id, role=role)
    if not applied(lambda: item.save(condition=UserModel.user_id.does_not_exist())):
        return None
    return from_item(item)


def is_blocked(user_id: str) -> bool:
    """Whether an admin blocked the user (one attribute read; no record: not blocked)."""
    try:
        item = UserModel.get(user_id, consistent_read=True, attributes_to_get=["blocked_at"])
    except UserModel.DoesNotExist:
        return False
    return item.blocked_at is not None


def open_disputes(user_id: str) -> int:
    """How many of the user's card payments are disputed with their bank and still open."""
    try:
        item = UserModel.get(user_id, consistent_read=True, attributes_to_get=["open_chargebacks"])
    except UserModel.DoesNotExist:
        return 0
    return len(item.open_chargebacks or ())


def set_role(user_id: str, role: str) -> User:
    """Creates the user if needed and sets the role."""
    now = utcnow()
    try:
        item = UserModel.get(user_id, consistent_read=True)
        item.update(actions=[UserModel.role.set(role), UserModel.updated_at.set(now)])
    except UserModel.DoesNotExist:
        item = UserModel(user_id=user_id, role=role, created_at=now, updated_at=now)
        item.save()
    return from_item(item)


def set_display_name(user_id: str, name: str) -> User:
    """Sets the name of an existing user and returns the record as it is now."""
    UserModel(user_id).update(actions=[UserModel.display_name.set(name), UserModel.updated_at.set(utcnow())])
    return from_item(UserModel.get(user_id, consistent_read=True))


def keep_stripe_customer(user_id: str, customer_id: str) -> str:
    """Records the user's Stripe customer once; the customer id kept (the first one recorded wins)."""
    if applied(
        lambda: UserModel(user_id).update(
            actions=[UserModel.stripe_customer_id.set(customer_id), UserModel.updated_at.set(utcnow())],
            condition=UserModel.user_id.exists() & UserModel.stripe_customer_id.does_not_exist(),
        )
    ):
        return customer_id
    return str(UserModel.get(user_id, consistent_read=True).stripe_customer_id or customer_id)


def chargeback_write(user_id: str, dispute_id: str, *, opening: bool) -> Write:
    """Adds the dispute to (or takes it from) the user's open chargebacks, inside a transaction."""

    def write(transaction: Any) -> None:
        change = {dispute_id}
        attribute = UserModel.open_chargebacks
        action = attribute.add(change) if opening else attribute.delete(change)
        transaction.update(UserModel(user_id), actions=[action, UserModel.updated_at.set(utcnow())])

    return write
