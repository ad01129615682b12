"""Readers and users as the API shows them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from soulseer.lifecycles import ReaderStatus, ReadingStatus
from soulseer.reader_inputs import Rates
from soulseer.schemas.common import ImageView, Out
from soulseer.users import Role


class RatesView(Out):
    chat_cents: int
    voice_cents: int
    video_cents: int


class RatingView(Out):
    count: int
    average: float | None = Field(description="Average stars, two decimals; null before the first review.")


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


class OtherParty(Out):
    user_id: str
    display_name: str


class OpenReadingView(Out):
    session_id: str
    status: Literal[ReadingStatus.REQUESTED, ReadingStatus.ACCEPTED, ReadingStatus.ACTIVE]
    type: Literal["chat", "voice", "video"]
    role: Literal["client", "reader"] = Field(description="The caller's side of the reading.")
    other_party: OtherParty = Field(description="The reader (for a client) or the client (for a reader).")
    rate_cents: int
    limit_cents: int | None = Field(description="The client's spending limit for this reading, if any.")


class ClientUserView(UserView):
    open_reading: OpenReadingView | None = Field(
        description="The caller's reading while requested, accepted or active (a reader's: once accepted)."
    )
    needs_display_name: bool = Field(description="True until the caller has chosen a display name: ask once.")


class ReaderUserView(ClientUserView):
    reader_profile: ReaderView | None
    payout_account: PayoutAccountView | None = Field(
        description="Null until an admin creates it or the reader asks for an onboarding link."
    )


class OnboardingLink(Out):
    url: str = Field(description="Stripe Connect's hosted onboarding; single use, expires within minutes.")
    expires_at: int = Field(description="Unix seconds.")
    payout_account: PayoutAccountView


Me = ReaderUserView | ClientUserView


class MeView(BaseModel):
    user_id: str
    role: str
    display_name: str | None
    created_at: str


class ReaderRating(BaseModel):
    count: int
    average: float | None


class FavoriteReader(BaseModel):
    reader_id: str
    display_name: str
    avatar_url: str | None
    specialties: list[str]
    rates: Rates
    status: str  # live: online | offline | busy
    rating: ReaderRating
    favorited_at: str


class FavoritesList(BaseModel):
    items: list[FavoriteReader]


class FavoriteState(BaseModel):
    reader_id: str
    favorited: bool


class NotifyState(BaseModel):
    reader_id: str
    pending: bool


class PublicReview(BaseModel):
    session_id: str
    rating: int
    text: str
    reviewed_at: str | None
    client_display_name: str  # or "Anonymous"
    verified: bool = Field(description="The review is of a reading the client paid for on SoulSeer.")
    reply: str | None
    replied_at: str | None


class ReviewPage(BaseModel):
    items: list[PublicReview]
    next_cursor: str | None
