"""The platform's cut, the one owner of the 70/30 rule: readings, gifts and products all split here."""

from __future__ import annotations

from soulseer import ledger

READER_SHARE_PERCENT = 70


def split(amount_cents: int) -> tuple[int, int]:
    """(reader share, platform share) of an amount in cents: the reader's 70% rounded down."""
    reader = amount_cents * READER_SHARE_PERCENT // 100
    return reader, amount_cents - reader


def reader_sale_entries(payer: str, reader_id: str, movement_id: str, amount_cents: int) -> list[ledger.Entry]:
    """The reader's share to their pending earnings and the rest to the platform's revenue shard of
    this movement; a share too small to exist is left out."""
    reader_share, platform_share = split(amount_cents)
    client = ledger.client_balance(payer)
    entries = []
    if reader_share:
        entries.append(ledger.Entry(client, ledger.reader_pending(reader_id), reader_share))
    if platform_share:
        entries.append(ledger.Entry(client, ledger.platform_revenue(movement_id), platform_share))
    return entries


def platform_sale_entries(payer: str, movement_id: str, amount_cents: int) -> list[ledger.Entry]:
    return [ledger.Entry(ledger.client_balance(payer), ledger.platform_revenue(movement_id), amount_cents)]
