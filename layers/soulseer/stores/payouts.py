"""The payouts aggregate's store: payout intents (the payouts table: written before the transfer, finished
with the ledger movement) and the readers' Stripe Connect accounts they are paid to. The only importer of
their PynamoDB models; the domain (soulseer.payouts, soulseer.connect) works with `Payout` and
`PayoutAccount` records."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from soulseer.conditional import applied
from soulseer.lifecycles import PayoutStatus, sources
from soulseer.models import ConnectAccountModel, PayoutModel, utcnow
from soulseer.records import record

OUTSTANDING = "1"
MAX_ERROR_CHARS = 500
_BATCH = 100  # BatchGetItem's limit


@record
class Payout:
    """A payout intent as stored: mapped once from its item."""

    payout_id: str  # payout:<reader>:<date>, also the movement id
    reader_id: str
    payout_date: str
    amount_cents: int
    destination: str  # the Connect account
    status: PayoutStatus
    outstanding: bool  # unfinished (pending or failed): the next run tries again
    transfer_id: str | None
    failures: int
    last_error: str | None
    created_at: datetime
    updated_at: datetime


@record
class PayoutAccount:
    """A reader's Stripe Connect Express account; `payouts_enabled` follows `account.updated`."""

    reader_id: str
    stripe_account_id: str
    payouts_enabled: bool
    details_submitted: bool


def _payout(item: PayoutModel) -> Payout:
    return Payout(
        payout_id=item.payout_id,
        reader_id=item.reader_id,
        payout_date=item.payout_date,
        amount_cents=int(item.amount_cents),
        destination=item.destination,
        status=PayoutStatus(item.status),
        outstanding=bool(item.outstanding),
        transfer_id=item.transfer_id,
        failures=int(item.failures),
        last_error=item.last_error,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _account(item: ConnectAccountModel) -> PayoutAccount:
    return PayoutAccount(
        reader_id=item.reader_id,
        stripe_account_id=item.stripe_account_id,
        payouts_enabled=bool(item.payouts_enabled),
        details_submitted=bool(item.details_submitted),
    )


# -- payout intents -------------------------------------------------------------------------------------


def find(payout_id: str) -> Payout | None:
    try:
        return _payout(PayoutModel.get(payout_id, consistent_read=True))
    except PayoutModel.DoesNotExist:
        return None


def record_intent(payout_id: str, reader_id: str, payout_date: str, amount_cents: int, destination: str) -> Payout:
    """The intent to pay; if a concurrent run wrote it first, that one is returned (and honoured)."""
    item = PayoutModel(
        payout_id,
        reader_id=reader_id,
        payout_date=payout_date,
        amount_cents=amount_cents,
        destination=destination,
        status=PayoutStatus.PENDING,
        outstanding=OUTSTANDING,
    )
    if not applied(lambda: item.save(condition=PayoutModel.payout_id.does_not_exist())):
        return _payout(PayoutModel.get(payout_id, consistent_read=True))
    return _payout(item)


def outstanding(reader_id: str | None = None) -> Iterator[Payout]:
    """Unfinished intents of any date (of one reader if given)."""
    for key in PayoutModel.outstanding_index.query(OUTSTANDING):
        if reader_id is not None and key.reader_id != reader_id:
            continue
        item = find(key.payout_id)  # the index is eventually consistent: read the item itself
        if item is not None and item.outstanding:
            yield item


def of_date(payout_date: str) -> list[Payout]:
    """A day's intents as the `by-date` index has them (it lags: `find` reads one as it is now)."""
    return [_payout(item) for item in PayoutModel.by_date.query(payout_date)]


def of_ids(payout_ids: list[str]) -> list[Payout]:
    """The intents of these ids that exist, in the given order."""
    found: dict[str, Payout] = {}
    for start in range(0, len(payout_ids), _BATCH):
        for item in PayoutModel.batch_get(payout_ids[start : start + _BATCH]):
            found[item.payout_id] = _payout(item)
    return [found[payout_id] for payout_id in payout_ids if payout_id in found]


def _finish(payout_id: str, to: PayoutStatus, actions: list[Any]) -> bool:
    """Moves an unfinished intent to `to`; False when it was finished meanwhile."""
    return applied(
        lambda: PayoutModel(payout_id).update(
            actions=[PayoutModel.status.set(to), PayoutModel.updated_at.set(utcnow()), *actions],
            condition=PayoutModel.outstanding.exists() & PayoutModel.status.is_in(*sources(to)),
        )
    )


def mark_failed(payout_id: str, error: str) -> bool:
    """Recorded per reader; the intent stays outstanding, so the next run tries again."""
    return _finish(
        payout_id,
        PayoutStatus.FAILED,
        [PayoutModel.failures.add(1), PayoutModel.last_error.set(error[:MAX_ERROR_CHARS] or "transfer failed")],
    )


def mark_cancelled(payout_id: str, reason: str) -> bool:
    return _finish(
        payout_id, PayoutStatus.CANCELLED, [PayoutModel.outstanding.remove(), PayoutModel.last_error.set(reason)]
    )


def paid_write(payout_id: str, transfer_id: str) -> Callable[[Any], None]:
    """Part of the payout movement's transaction: the intent is finished with the money."""

    def write(transaction: Any) -> None:
        transaction.update(
            PayoutModel(payout_id),
            actions=[
                PayoutModel.status.set(PayoutStatus.PAID),
                PayoutModel.transfer_id.set(transfer_id),
                PayoutModel.outstanding.remove(),
                PayoutModel.updated_at.set(utcnow()),
            ],
            condition=PayoutModel.outstanding.exists(),
        )

    return write


# -- Connect accounts -----------------------------------------------------------------------------------


def find_account(reader_id: str) -> PayoutAccount | None:
    try:
        return _account(ConnectAccountModel.get(reader_id, consistent_read=True))
    except ConnectAccountModel.DoesNotExist:
        return None


def add_account(
    reader_id: str, stripe_account_id: str, payouts_enabled: bool, details_submitted: bool
) -> PayoutAccount:
    """Keeps the reader's new account; if one was kept concurrently, that one is returned."""
    item = ConnectAccountModel(
        reader_id,
        stripe_account_id=stripe_account_id,
        payouts_enabled=payouts_enabled,
        details_submitted=details_submitted,
    )
    if not applied(lambda: item.save(condition=ConnectAccountModel.reader_id.does_not_exist())):
        return _account(ConnectAccountModel.get(reader_id, consistent_read=True))
    return _account(item)


def set_account_flags(reader_id: str, stripe_account_id: str, payouts_enabled: bool, details_submitted: bool) -> bool:
    """Stores what Stripe says of the account; False when the reader does not hold that account."""
    return applied(
        lambda: ConnectAccountModel(reader_id).update(
            actions=[
                ConnectAccountModel.payouts_enabled.set(payouts_enabled),
                ConnectAccountModel.details_submitted.set(details_submitted),
                ConnectAccountModel.updated_at.set(utcnow()),
            ],
            condition=ConnectAccountModel.stripe_account_id == stripe_account_id,
        )
    )


def reader_of_account(stripe_account_id: str) -> str | None:
    for item in ConnectAccountModel.by_stripe_account.query(stripe_account_id, limit=1):
        return str(item.reader_id)
    return None


def all_accounts() -> list[PayoutAccount]:
    """Every reader's account, by reader id (the daily run walks them)."""
    return sorted((_account(item) for item in ConnectAccountModel.scan()), key=lambda account: account.reader_id)


def accounts_of(reader_ids: list[str]) -> dict[str, PayoutAccount]:
    """The accounts these readers have (a reader without one is absent)."""
    found: dict[str, PayoutAccount] = {}
    for start in range(0, len(reader_ids), _BATCH):
        for item in ConnectAccountModel.batch_get(reader_ids[start : start + _BATCH]):
            found[item.reader_id] = _account(item)
    return found
