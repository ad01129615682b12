"""Readers' Stripe Connect Express accounts: created once, onboarded through account links, and kept
current by `account.updated` webhooks (payouts go only to accounts with payouts enabled)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from soulseer.adapters.stripe_api import stripe_client, stripe_error
from soulseer.config import CorsSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.logs import SERVICE
from soulseer.stores import payouts as store
from soulseer.stores.payouts import PayoutAccount

if TYPE_CHECKING:  # loaded by `view` (the API's): the payout and webhook paths start without pydantic
    from soulseer.schemas.readers import PayoutAccountView

logger = Logger(service=SERVICE, child=True)
ONBOARDING_PATH = "/reader/onboarding"


def find(reader_id: str) -> PayoutAccount | None:
    return store.find_account(reader_id)


@dataclass(frozen=True)
class OnboardingLinkAtStripe:
    url: str
    expires_at: int  # unix seconds


def view(account: PayoutAccount | None) -> PayoutAccountView | None:
    from soulseer.schemas.readers import PayoutAccountView

    if account is None:
        return None
    return PayoutAccountView(
        account_id=account.stripe_account_id,
        payouts_enabled=account.payouts_enabled,
        details_submitted=account.details_submitted,
    )


def ensure_account(reader_id: str, email: str | None = None) -> PayoutAccount:
    """The reader's Express account, created at Stripe once (the idempotency key makes retries agree)."""
    existing = find(reader_id)
    if existing is not None:
        return existing
    params: dict[str, Any] = {
        "type": "express",
        "country": "US",
        "capabilities": {"transfers": {"requested": True}},
        "metadata": {"reader_id": reader_id},
    }
    if email:
        params["email"] = email
    try:
        account = stripe_client().v1.accounts.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": f"connect:{reader_id}"},
        )
    except stripe_error() as error:
        raise DomainError(
            ErrorCode.PAYMENT_PROVIDER_ERROR, "The payment provider refused to create the account; try again."
        ) from error
    return store.add_account(  # one created concurrently is returned instead
        reader_id, account.id, bool(account.payouts_enabled), bool(account.details_submitted)
    )


def _web_origin() -> str:
    return settings_for(CorsSettings).CORS_ALLOWED_ORIGINS[0]


def onboarding_link(account: PayoutAccount) -> OnboardingLinkAtStripe:
    """A fresh, single-use onboarding link (Stripe links expire within minutes; ask again when needed)."""
    base = _web_origin() + ONBOARDING_PATH
    try:
        link = stripe_client().v1.account_links.create(
            params={
                "account": account.stripe_account_id,
                "type": "account_onboarding",
                "refresh_url": f"{base}?refresh=1",
                "return_url": f"{base}?done=1",
            }
        )
    except stripe_error() as error:
        raise DomainError(
            ErrorCode.PAYMENT_PROVIDER_ERROR, "The payment provider refused the onboarding link; try again."
        ) from error
    return OnboardingLinkAtStripe(url=link.url, expires_at=int(link.expires_at))


def apply_account_update(account_id: object, metadata: object) -> str:
    """`account.updated`: re-reads the account (events may arrive out of order) and stores its flags.
    Odd shapes (metadata that is not an object, ids that are not strings) and accounts we do not hold are
    ignored and logged, never a failure: Stripe would retry a failed delivery for days."""
    if not isinstance(account_id, str) or not account_id.startswith("acct_") or len(account_id) > 255:
        logger.warning("account.updated without a usable account id")
        return "ignored"
    if metadata is not None and not isinstance(metadata, dict):
        logger.warning("account.updated with metadata that is not an object", extra={"account": account_id})
    named = metadata.get("reader_id") if isinstance(metadata, dict) else None
    reader_id = named if isinstance(named, str) and 0 < len(named) <= 255 else _reader_of(account_id)
    held = find(reader_id) if reader_id else None
    if held is None or held.stripe_account_id != account_id:
        logger.warning("account.updated for an account we do not hold", extra={"account": account_id})
        return "ignored"
    try:
        account = stripe_client().v1.accounts.retrieve(account_id)
    except stripe_error() as error:
        raise DomainError(
            ErrorCode.PAYMENT_PROVIDER_ERROR, "Could not read the account from the payment provider."
        ) from error
    if not store.set_account_flags(
        held.reader_id, account_id, bool(account.payouts_enabled), bool(account.details_submitted)
    ):
        logger.warning("account.updated for an account we do not hold", extra={"account": account_id})
        return "ignored"
    return "payouts_enabled" if account.payouts_enabled else "payouts_disabled"


def _reader_of(account_id: str) -> str | None:
    return store.reader_of_account(account_id)
