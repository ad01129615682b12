"""Notification settings and web push subscriptions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from soulseer.schemas.common import Out


class Receipts(BaseModel):
    """Which receipt and outcome emails the user gets (each on unless turned off)."""

    model_config = ConfigDict(extra="forbid")
    topup: bool = True
    reading: bool = True
    order: bool = True
    refund: bool = True
    dispute: bool = True
    payout: bool = True


class ReceiptChoices(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topup: bool | None = None
    reading: bool | None = None
    order: bool | None = None
    refund: bool | None = None
    dispute: bool | None = None
    payout: bool | None = None


class NotificationSettings(Out):
    email: str | None = Field(description="Where receipts go; none until the user gives one.")
    email_suppressed: bool = Field(description="The address bounced or complained: nothing is sent to it.")
    emails_enabled: bool = Field(description="False after the one-click unsubscribe link (or turned off here).")
    receipts: Receipts
    push_enabled: bool
    ring_when_away: bool = Field(description="Readers: stay requestable without an open tab; requests ring by push.")
    push_subscriptions: int = Field(description="Devices (browsers) that get pushes.")


class NotificationChoices(BaseModel):
    """A partial update; an empty string for `email` removes the address."""

    model_config = ConfigDict(extra="forbid")
    email: str | None = Field(default=None, max_length=254)
    receipts: ReceiptChoices | None = None
    emails_enabled: bool | None = None
    push_enabled: bool | None = None
    ring_when_away: bool | None = None


class PushKeys(BaseModel):
    model_config = ConfigDict(extra="forbid")
    p256dh: str = Field(min_length=80, max_length=100, description="The subscription's P-256 key, base64url.")
    auth: str = Field(min_length=16, max_length=32, description="The 16-byte auth secret, base64url.")


class PushSubscriptionInput(BaseModel):
    """`PushSubscription.toJSON()` as the browser gives it."""

    model_config = ConfigDict(extra="ignore")
    endpoint: str = Field(min_length=10, max_length=1024)
    keys: PushKeys
    expirationTime: int | None = None


class PushSubscriptionView(Out):
    id: str
    endpoint: str


class PushSubscriptionRemoved(Out):
    endpoint: str
    removed: bool


class Unsubscribed(Out):
    unsubscribed: bool
