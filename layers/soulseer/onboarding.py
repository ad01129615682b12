"""Admins make a user a reader: the role, a starting profile, a Connect Express account and its link.
A reader asks for a fresh onboarding link (and the account, if there is none yet) themselves."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from soulseer import connect, reader_inputs, readers, users
from soulseer.config import ReaderRateSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.schemas.admin import NewReader
from soulseer.schemas.readers import OnboardingLink, PayoutAccountView, UserView

DEFAULT_RATES = {"chat_cents": 199, "voice_cents": 299, "video_cents": 399}


class NewReaderInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    user_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_\-]+$")
    display_name: str | None = Field(default=None, min_length=1, max_length=80)
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    rates: reader_inputs.Rates | None = None


def _starting_rates() -> reader_inputs.Rates:
    bounds = settings_for(ReaderRateSettings)
    low, high = bounds.READER_RATE_MIN_CENTS, bounds.READER_RATE_MAX_CENTS
    return reader_inputs.Rates(**{name: min(max(cents, low), high) for name, cents in DEFAULT_RATES.items()})


def _account_view(account: connect.PayoutAccount) -> PayoutAccountView:
    view = connect.view(account)
    assert view is not None
    return view


def reader_onboarding_link(reader_id: str) -> OnboardingLink:
    """The signed-in reader's own payout onboarding: their Express account (created on first ask) and a
    fresh, single-use link to Stripe's hosted onboarding."""
    account = connect.ensure_account(reader_id)
    link = connect.onboarding_link(account)
    return OnboardingLink(url=link.url, expires_at=link.expires_at, payout_account=_account_view(account))


def make_reader(body: NewReaderInput) -> NewReader:
    """Idempotent: a second call keeps the profile and the account and returns a fresh onboarding link."""
    try:
        if users.get_user(body.user_id).role == "admin":
            raise DomainError(ErrorCode.USER_IS_ADMIN)
    except DomainError as error:
        if error.code is not ErrorCode.USER_NOT_FOUND:  # a user we have not seen yet: set_role creates them
            raise
    profile = readers.find_profile(body.user_id)
    if profile is None and not body.display_name:
        raise DomainError(ErrorCode.DISPLAY_NAME_REQUIRED)
    rates = body.rates or _starting_rates()
    readers.check_rates(rates)
    account = connect.ensure_account(body.user_id, body.email)
    if profile is None:
        assert body.display_name is not None
        profile = readers.save_profile(
            body.user_id,
            reader_inputs.ProfileInput(display_name=body.display_name, rates=rates),
        )
    user = users.set_role(body.user_id, "reader")
    link = connect.onboarding_link(account)
    return NewReader(
        user=UserView.model_validate(user.to_dict()),
        reader=profile,
        connect=_account_view(account),
        onboarding_url=link.url,
        onboarding_expires_at=link.expires_at,
    )
