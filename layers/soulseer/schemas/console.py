"""The operator console's shapes: the action log, users and their money, suspensions, daily stats,
payout history."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from soulseer.lifecycles import PayoutStatus
from soulseer.schemas.common import Out
from soulseer.schemas.payments import EarningsView, TransactionView
from soulseer.schemas.products import OrderView
from soulseer.schemas.readers import ReaderView
from soulseer.schemas.readings import DisputeView, SessionDetails, SessionView
from soulseer.stores.admin_actions import ActionStatus
from soulseer.users import Role


class ActionView(Out):
    action_id: str
    at: str
    actor_id: str = Field(description="The admin who acted.")
    action: str = Field(description="role_changed, user_blocked, reader_suspended, dispute_resolved, payout_run, ...")
    target_id: str | None = Field(description="The user or reader acted on.")
    subject: str | None = Field(description="What else it names: a dispute, a payout date, a payout.")
    reason: str | None = Field(description="Why, in the admin's words.")
    status: ActionStatus = Field(description="intent: logged before a remote call; its outcome follows.")
    intent_id: str | None = Field(description="On an outcome: the intent it completes.")
    details: dict[str, Any]


class ActionPage(Out):
    items: list[ActionView]
    next_cursor: str | None


class BlockView(Out):
    blocked_at: str
    reason: str | None


class UserRow(Out):
    user_id: str
    role: Role
    display_name: str | None
    email: str | None
    blocked: bool
    created_at: str


class UserSearchPage(Out):
    items: list[UserRow]
    next_cursor: str | None = Field(description="More users left to search: pass it back to continue.")


class UserMoney(Out):
    balance_cents: int
    owed_cents: int = Field(description="Debt: refunds or chargebacks beyond the balance.")
    held_cents: int = Field(description="Held while a card chargeback is open.")
    earnings: EarningsView | None = Field(description="Readers only.")


class SuspensionView(Out):
    suspended_at: str
    reason: str | None


class AdminReaderView(ReaderView):
    listed: bool = Field(description="Shown in the public list (false while suspended).")
    suspension: SuspensionView | None


class AdminReaderList(Out):
    items: list[AdminReaderView]


class PayoutRecordView(Out):
    payout_id: str
    reader_id: str
    payout_date: str
    amount_cents: int
    status: PayoutStatus
    transfer_id: str | None
    failures: int
    last_error: str | None
    created_at: str
    updated_at: str


class AdminUserView(UserRow):
    block: BlockView | None
    money: UserMoney
    ledger: list[TransactionView] = Field(description="The newest entries of the balance (earnings for readers).")
    readings: list[SessionView]
    orders: list[OrderView]
    disputes: list[DisputeView]
    actions: list[ActionView] = Field(description="What admins did to this user, newest first.")
    reader: AdminReaderView | None
    payouts: list[PayoutRecordView] = Field(description="Readers only: their payouts, unfinished first, then newest.")


class DailyPoint(Out):
    date: str
    revenue_cents: int
    billed_minutes: int
    topups_cents: int
    refunds_cents: int
    payouts_cents: int


class DailyStats(Out):
    days: int
    series: list[DailyPoint] = Field(description="One point per UTC day, oldest first, today last.")


class PayoutRunSummary(Out):
    payout_date: str
    readers: int
    paid_count: int
    paid_cents: int
    failed_count: int
    pending_count: int
    cancelled_count: int


class PayoutRunPage(Out):
    items: list[PayoutRunSummary]


class PayoutRunDetail(PayoutRunSummary):
    payouts: list[PayoutRecordView]


class MyPayouts(Out):
    items: list[PayoutRecordView]
    next_cursor: str | None
    next_payout_at: str | None = Field(description="When the next daily run starts (UTC); null if unknown.")
    minimum_cents: int = Field(description="Earnings below this wait for a later run.")
    available_cents: int = Field(description="Pending earnings minus what is owed back: what the next run pays.")


class DisputeCase(Out):
    dispute: DisputeView
    reading: SessionDetails = Field(description="The reading's billing summary and transcript.")
