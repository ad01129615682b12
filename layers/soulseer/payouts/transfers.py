"""The Stripe side of a payout: find the transfer a payout already made, or make it."""

from __future__ import annotations

from typing import Any

from soulseer.adapters.stripe_api import stripe_client
from soulseer.payouts.records import idempotency_key
from soulseer.stores.payouts import Payout

CURRENCY = "usd"
_PAGE = 100


def _metadata(transfer: Any) -> dict[str, str]:
    metadata = getattr(transfer, "metadata", None)  # a StripeObject, not a dict
    return {str(key): str(value) for key, value in metadata.to_dict().items()} if metadata else {}


def find(item: Payout) -> Any | None:
    """The transfer made for this payout, if any (transfer group and metadata carry the payout id)."""
    transfers = stripe_client().v1.transfers.list(
        params={"destination": item.destination, "transfer_group": item.payout_id, "limit": _PAGE}
    )
    for transfer in transfers.auto_paging_iter():
        if _metadata(transfer).get("payout_id") == item.payout_id:
            return transfer
    return None


def create(item: Payout) -> Any:
    return stripe_client().v1.transfers.create(
        params={
            "amount": item.amount_cents,
            "currency": CURRENCY,
            "destination": item.destination,
            "transfer_group": item.payout_id,
            "description": f"SoulSeer earnings {item.payout_date}",
            "metadata": {"payout_id": item.payout_id, "reader_id": item.reader_id},
        },
        options={"idempotency_key": idempotency_key(item)},
    )
