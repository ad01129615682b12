"""The daily run fans out: one message per reader to be paid, so every eligible reader is paid each
day however many there are (each message is one reader's `pay_reader`, within its own time budget).

A reader is sent when they have an unfinished intent (any date) or their payouts are enabled and
their available earnings reach the minimum. Paying is idempotent per reader and date, so a resent or
redelivered message, or a rerun of the same day, pays nobody twice."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from soulseer import ledger
from soulseer.adapters import aws
from soulseer.config import PayoutSettings, settings_for
from soulseer.payouts import records
from soulseer.payouts.run import minimum_cents
from soulseer.stores import payouts as store

_BATCH = 10  # SQS SendMessageBatch's limit
_CHUNK = 50  # readers per BatchGetItem of their two balances (100 keys)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _eligible(reader_ids: list[str]) -> set[str]:
    eligible: set[str] = set()
    for chunk in _chunks(reader_ids, _CHUNK):
        pending = [ledger.reader_pending(r) for r in chunk]
        owed = [ledger.reader_owed(r) for r in chunk]
        balances = ledger.balances_of(pending + owed)
        for reader, p, o in zip(chunk, pending, owed, strict=True):
            if balances[p] + balances[o] >= minimum_cents():
                eligible.add(reader)
    return eligible


def readers_to_pay() -> list[str]:
    """Readers with an unfinished intent, and readers with payouts enabled owed at least the minimum."""
    unfinished = {item.reader_id for item in records.outstanding()}
    enabled = [account.reader_id for account in store.all_accounts() if account.payouts_enabled]
    return sorted(unfinished | _eligible(enabled))


def enqueue(payout_date: str, reader_ids: Iterable[str]) -> int:
    """One message per reader on the payouts queue; returns how many were sent."""
    queue_url = settings_for(PayoutSettings).PAYOUTS_QUEUE_URL
    sqs, sent = aws.client("sqs"), 0
    for chunk in _chunks(list(reader_ids), _BATCH):
        entries = [
            {"Id": str(n), "MessageBody": json.dumps({"reader_id": reader, "payout_date": payout_date})}
            for n, reader in enumerate(chunk)
        ]
        response = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
        if response.get("Failed"):
            raise RuntimeError(f"SQS refused {len(response['Failed'])} payout message(s): {response['Failed']}")
        sent += len(entries)
    return sent


def fan_out(payout_date: str) -> dict[str, Any]:
    readers = readers_to_pay()
    return {"payout_date": payout_date, "readers": len(readers), "enqueued": enqueue(payout_date, readers)}
