"""Users: the Clerk user id is the identity; the role lives here, set by admins, never from a claim."""

from __future__ import annotations

from typing import Any, Literal, get_args

from soulseer.errors import DomainError, ErrorCode
from soulseer.stores import users as store
from soulseer.stores.users import User

Role = Literal["client", "reader", "admin"]
ROLES: tuple[str, ...] = get_args(Role)


def from_item(item: Any) -> User:
    """The user from a record already read or returned by a write (e.g. an update's ALL_NEW)."""
    return store.from_item(item)


def get_user(user_id: str) -> User:
    user = store.find(user_id)
    if user is None:
        raise DomainError(ErrorCode.USER_NOT_FOUND, f"User {user_id} does not exist.")
    return user


def ensure_user(user_id: str) -> User:
    """The user's record, created with role client on their first authenticated call."""
    return store.find(user_id) or store.create(user_id) or get_user(user_id)  # or created concurrently


def refuse_if_blocked(user_id: str, known: User | None = None) -> None:
    """403 `account_blocked` for a user an admin blocked (readings, gifts and purchases).
    `known`: the user's record as read (consistently) earlier in this request, instead of a new read."""
    blocked = store.is_blocked(user_id) if known is None or known.user_id != user_id else known.blocked
    if blocked:
        raise DomainError(ErrorCode.ACCOUNT_BLOCKED)


def set_role(user_id: str, role: str) -> User:
    """Admin operation: creates the user if needed and sets the role."""
    if role not in ROLES:
        raise DomainError(ErrorCode.INVALID_ROLE, f"Role must be one of {', '.join(ROLES)}.")
    return store.set_role(user_id, role)


DISPLAY_NAME_MAX = 40


def set_display_name(user_id: str, display_name: str) -> User:
    """The name readers see on requests and the public sees on reviews (unless a review is anonymous)."""
    name = " ".join(display_name.split())
    if not 1 <= len(name) <= DISPLAY_NAME_MAX or not name.isprintable():
        raise DomainError(
            ErrorCode.INVALID_DISPLAY_NAME, f"A display name is 1 to {DISPLAY_NAME_MAX} printable characters."
        )
    ensure_user(user_id)
    return store.set_display_name(user_id, name)
