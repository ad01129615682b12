"""Pure pieces of streams and sales: the gift catalog, Agora uids, derived ids and the 70/30 entries."""

from __future__ import annotations

import pytest

from soulseer import ledger
from soulseer.adapters.agora import uid_for
from soulseer.errors import DomainError
from soulseer.idempotency import derived_id
from soulseer.sales import platform_sale_entries, reader_sale_entries
from soulseer.streams.catalog import parse_catalog


def test_the_gift_catalog_parses_names_and_whole_cents() -> None:
    assert parse_catalog("rose:100, crystal-ball:2500") == {"rose": 100, "crystal-ball": 2500}
    for bad in ("rose:1.5", "rose:0", "rose", "Rose:100", "rose:100,rose:200", ""):
        with pytest.raises(RuntimeError):
            parse_catalog(bad)


def test_agora_uids_are_stable_32_bit_and_never_zero() -> None:
    uids = {uid_for(f"user_{n}") for n in range(2_000)}
    assert len(uids) == 2_000 and all(1 <= uid <= 2**32 - 1 for uid in uids)
    assert uid_for("user_1") == uid_for("user_1")


def test_ids_derive_from_the_idempotency_key_within_their_scope() -> None:
    assert derived_id("gft", "k1", "u1", "s1") == derived_id("gft", "k1", "u1", "s1")
    assert derived_id("gft", "k1", "u1", "s1") != derived_id("gft", "k1", "u2", "s1")
    assert derived_id("gft", None, "u1") != derived_id("gft", None, "u1")
    with pytest.raises(DomainError) as refused:
        derived_id("gft", "x" * 201, "u1")
    assert refused.value.status == 400


@pytest.mark.parametrize(("amount", "reader", "platform"), [(100, 70, 30), (1, 0, 1), (2, 1, 1), (999, 699, 300)])
def test_reader_sales_split_70_30_in_whole_cents(amount: int, reader: int, platform: int) -> None:
    entries = reader_sale_entries("c1", "r1", "gift:g1", amount)
    credited = {entry.credit: entry.amount for entry in entries}
    assert credited.get(ledger.reader_pending("r1"), 0) == reader
    assert credited.get(ledger.platform_revenue("gift:g1"), 0) == platform
    assert all(entry.debit == ledger.client_balance("c1") for entry in entries)
    (whole,) = platform_sale_entries("c1", "purchase:o1", amount)
    assert whole.amount == amount and whole.credit == ledger.platform_revenue("purchase:o1")
