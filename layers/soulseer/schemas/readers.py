"""Readers and users as the API shows them."""

from __future__ import annotations

from pydantic import Field

from soulseer.lifecycles import ReaderStatus
from soulseer.schemas.common import Out
from soulseer.users import Role


class RatesView(Out):
    chat_cents: int
    voice_cents: int
    video_cents: int


class RatingView(Out):
    count: int
    average: float | None = Field(description="Average stars, two decimals; null before the first review.")


class ImageView(Out):
    """One processed image in its fixed sizes (WebP, metadata stripped), as paths on the web app's origin."""

    small: str = Field(description="96 px.")
    medium: str = Field(description="320 px.")
    large: str = Field(description="800 px.")


class ReaderView(Out):
    reader_id: str
    display_name: str
    bio: str
    specialties: list[str]
    avatar_url: str | None = Field(description="The photo's 320 px size (null without a photo); see `photo`.")
    photo: ImageView | None = Field(description="The reader's uploaded photo; null until one is processed.")
    languages: list[str]
    years_experience: int | None
    readings_completed: int = Field(description="Readings that became active and ended.")
    average_response_seconds: int | None = Field(description="From request to accept, on average; null before one.")
    is_new: bool = Field(description="Joined within the last 30 days.")
    joined_at: str
    rates: RatesView
    status: ReaderStatus
    rating: RatingView


class ReaderPage(Out):
    items: list[ReaderView]
    next_cursor: str | None


class UserView(Out):
    user_id: str
    role: Role
    display_name: str | None = Field(default=None, description="Shown to readers on requests and on reviews.")
    created_at: str


class PayoutAccountView(Out):
    account_id: str
    payouts_enabled: bool
    details_submitted: bool


class ReaderUserView(UserView):
    reader_profile: ReaderView | None
    payout_account: PayoutAccountView | None = Field(
        description="Null until an admin creates it or the reader asks for an onboarding link."
    )


class OnboardingLink(Out):
    url: str = Field(description="Stripe Connect's hosted onboarding; single use, expires within minutes.")
    expires_at: int = Field(description="Unix seconds.")
    payout_account: PayoutAccountView


Me = ReaderUserView | UserView
