"""Users: the Clerk user id is the identity; the role lives here, set by admins, never from a claim."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

from soulseer.conditional import applied
from soulseer.errors import DomainError, ErrorCode
from soulseer.models import UserModel, utcnow

Role = Literal["client", "reader", "admin"]
ROLES: tuple[str, ...] = get_args(Role)


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


def _to_user(item: UserModel) -> User:
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


def from_item(item: UserModel) -> User:
    """The user from a record already read or returned by a write (e.g. an update's ALL_NEW)."""
    return _to_user(item)


def get_user(user_id: str) -> User:
    try:
        return _to_user(UserModel.get(user_id, consistent_read=True))
    except UserModel.DoesNotExist:
        raise DomainError(ErrorCode.USER_NOT_FOUND, f"User {user_id} does not exist.") from None


def ensure_user(user_id: str) -> User:
    """The user's record, created with role client on their first authenticated call."""
    try:
        return _to_user(UserModel.get(user_id, consistent_read=True))
    except UserModel.DoesNotExist:
        pass
    item = UserModel(user_id=user_id, role="client")
    if not applied(lambda: item.save(condition=UserModel.user_id.does_not_exist())):
        return get_user(user_id)  # created concurrently by another request
    return _to_user(item)


def refuse_if_blocked(user_id: str, known: User | None = None) -> None:
    """403 `account_blocked` for a user an admin blocked (readings, gifts and purchases).
    `known`: the user's record as read (consistently) earlier in this request, instead of a new read."""
    if known is None or known.user_id != user_id:
        try:
            item = UserModel.get(user_id, consistent_read=True, attributes_to_get=["blocked_at"])
        except UserModel.DoesNotExist:
            return
        blocked = item.blocked_at is not None
    else:
        blocked = known.blocked
    if blocked:
        raise DomainError(ErrorCode.ACCOUNT_BLOCKED)


def set_role(user_id: str, role: str) -> User:
    """Admin operation: creates the user if needed and sets the role."""
    if role not in ROLES:
        raise DomainError(ErrorCode.INVALID_ROLE, f"Role must be one of {', '.join(ROLES)}.")
    now = utcnow()
    try:
        item = UserModel.get(user_id, consistent_read=True)
        item.update(actions=[UserModel.role.set(role), UserModel.updated_at.set(now)])
    except UserModel.DoesNotExist:
        item = UserModel(user_id=user_id, role=role, created_at=now, updated_at=now)
        item.save()
    return _to_user(item)


DISPLAY_NAME_MAX = 40


def set_display_name(user_id: str, display_name: str) -> User:
    """The name readers see on requests and the public sees on reviews (unless a review is anonymous)."""
    name = " ".join(display_name.split())
    if not 1 <= len(name) <= DISPLAY_NAME_MAX or not name.isprintable():
        raise DomainError(
            ErrorCode.INVALID_DISPLAY_NAME, f"A display name is 1 to {DISPLAY_NAME_MAX} printable characters."
        )
    ensure_user(user_id)
    item = UserModel(user_id)
    item.update(actions=[UserModel.display_name.set(name), UserModel.updated_at.set(utcnow())])
    return _to_user(UserModel.get(user_id, consistent_read=True))
