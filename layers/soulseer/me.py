"""`GET /api/me`: the caller as they see themselves (their open reading, and a reader's profile and payout
account), built once as the `Me` response."""

from __future__ import annotations

from soulseer import connect, readers, users
from soulseer.readings.open import open_reading_of
from soulseer.schemas.readers import ClientUserView, Me, ReaderUserView, UserView


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
