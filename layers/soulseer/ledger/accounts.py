"""Account ids. User accounts never go below zero; system accounts are sharded, never one hot item."""

from __future__ import annotations

import hashlib

from soulseer.ledger.kinds import AccountKind, account_kind

SYSTEM_SHARDS = 16


def client_balance(user_id: str) -> str:
    return f"{AccountKind.CLIENT}:{user_id}:balance"


def client_owed(user_id: str) -> str:
    """What a client owes the platform (a refund or chargeback larger than the balance); <= 0."""
    return f"{AccountKind.DEBT}:{user_id}:owed"


def client_held(user_id: str) -> str:
    """Money held from a client while a card chargeback is open (>= 0): released if the dispute is
    won, paid out to Stripe if it is lost."""
    return f"{AccountKind.HELD}:{user_id}:chargeback"


def reader_pending(reader_id: str) -> str:
    return f"{AccountKind.READER}:{reader_id}:pending"


def reader_paid_out(reader_id: str) -> str:
    return f"{AccountKind.READER}:{reader_id}:paid"


def reader_owed(reader_id: str) -> str:
    """What a reader owes back (a dispute refund larger than their pending earnings); <= 0.
    Settled from pending earnings by the next payout."""
    return f"{AccountKind.DEBT}:{reader_id}:reader"


def _shard(movement_id: str) -> int:
    return int.from_bytes(hashlib.sha256(movement_id.encode()).digest()[:4], "big") % SYSTEM_SHARDS


def platform_revenue(movement_id: str) -> str:
    """The platform's revenue shard a movement posts to (derived from its id, so retries agree)."""
    return f"{AccountKind.PLATFORM}:revenue:{_shard(movement_id):02d}"


def stripe_clearing(movement_id: str) -> str:
    """Money in transit to or from Stripe; negative while money sits in client balances."""
    return f"{AccountKind.STRIPE}:clearing:{_shard(movement_id):02d}"


def all_shards(prefix: str) -> list[str]:
    return [f"{prefix}:{shard:02d}" for shard in range(SYSTEM_SHARDS)]


def is_floored(account_id: str) -> bool:
    return account_kind(account_id).floored


def is_capped(account_id: str) -> bool:
    return account_kind(account_id).capped
