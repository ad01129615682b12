"""`GET /api/me`: the caller as they see themselves (their open reading, and a reader's profile and payout
account), built once as the `Me` response; `PUT /api/me` sets their display name."""

from __future__ import annotations

from soulseer import connect, readers, users
from soulseer.readings.open import open_reading_of
from soulseer.schemas.readers import ClientUserView, Me, MeView, ReaderUserView, UserView


def me(user_id: str) -> Me:
    """The caller's record (made on their first call), with what they must see on every page."""
    user = users.ensure_user(user_id)
    opened = open_reading_of(user)
    common = UserView.model_validate(user.to_dict())
    if user.role != "reader":
        return ClientUserView(**common.model_dump(), open_reading=opened, needs_display_name=not user.display_name)
    profile = readers.find_profile(user.user_id)
    return ReaderUserView(
        **common.model_dump(),
        open_reading=opened,
        needs_display_name=not (user.display_name or (profile and profile.display_name)),
        reader_profile=profile,
        payout_account=connect.view(connect.find(user.user_id)),  # None until an admin makes one
    )


def set_display_name(user_id: str, display_name: str) -> MeView:
    """The name readers see on requests and the public sees on reviews; the caller's record as it is now."""
    user = users.set_display_name(user_id, display_name)
    return MeView(
        user_id=user.user_id, role=user.role, display_name=user.display_name, created_at=user.created_at.isoformat()
    )
