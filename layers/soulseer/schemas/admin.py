"""What admins see: new readers, stats, payout runs and the ledger audit."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from soulseer.lifecycles import PayoutOutcome
from soulseer.schemas.common import Out
from soulseer.schemas.readers import PayoutAccountView, ReaderView, UserView


class NewReader(Out):
    user: UserView
    reader: ReaderView
    connect: PayoutAccountView
    onboarding_url: str = Field(description="Stripe Connect onboarding; a fresh link on every call.")
    onboarding_expires_at: int = Field(description="Unix seconds.")


class ActiveReadings(Out):
    active: int


class ReaderCounts(Out):
    total: int
    online: int
    busy: int


class PeriodSums(Out):
    today: int
    last_7_days: int
    last_30_days: int


class PayoutStats(Out):
    pending_cents: int
    readers_owed_back_cents: int
    eligible_readers: int
    eligible_cents: int
    minimum_cents: int
    outstanding: int
    failed: int


class DisputeCounts(Out):
    open: int


class Stats(Out):
    generated_at: str
    readings: ActiveReadings
    readers: ReaderCounts
    revenue_cents: PeriodSums
    topups_cents: PeriodSums
    payouts: PayoutStats
    disputes: DisputeCounts


class PayoutResult(Out):
    reader_id: str
    payout_id: str
    outcome: PayoutOutcome
    amount_cents: int
    transfer_id: str | None
    error: str | None


class PayoutRunView(Out):
    payout_date: str
    dry_run: bool
    complete: bool = Field(description="False when the run stopped before its deadline; run it again.")
    minimum_cents: int
    paid_count: int
    paid_cents: int
    would_pay_cents: int
    failed_count: int
    below_minimum_count: int
    results: list[PayoutResult]


class AuditNeverRun(Out):
    status: Literal["never_run"]


class AuditReport(Out):
    status: Literal["done"]
    clean: bool
    cutoff: str
    accounts: int
    entries: int
    movements: int
    entries_total_cents: int
    problems: list[str]
    unverified: list[str] = Field(description="Accounts too busy to hold still during the run; not problems.")
    started_at: str
    finished_at: str


AuditLatest = AuditReport | AuditNeverRun


class AuditRequested(Out):
    status: Literal["requested"]
    requested_at: str
