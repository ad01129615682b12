"""Mirroring products to Stripe: one Product each, and a new Price whenever the price changes.
Every call carries an idempotency key derived from the product id and its revision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from soulseer.adapters.stripe_api import call_stripe, stripe_client
from soulseer.errors import DomainError, ErrorCode

CURRENCY = "usd"
T = TypeVar("T")


@dataclass(frozen=True)
class StripeIds:
    product_id: str
    price_id: str


def _call(action: Callable[[], T]) -> T:
    return call_stripe(
        action, DomainError(ErrorCode.STRIPE_SYNC_FAILED, "Stripe did not accept the product change; try again.")
    )


def _describe(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "description": description} if description else {"name": name}


def create_product(
    product_id: str, owner_id: str, name: str, description: str, kind: str, price_cents: int
) -> StripeIds:
    client = stripe_client()
    product = _call(
        lambda: client.v1.products.create(
            params={
                **_describe(name, description),  # type: ignore[typeddict-item]
                "shippable": kind == "physical",
                "metadata": {"product_id": product_id, "owner_id": owner_id},
                "default_price_data": {"currency": CURRENCY, "unit_amount": price_cents},
            },
            options={"idempotency_key": f"product:{product_id}:create"},
        )
    )
    return StripeIds(product_id=product.id, price_id=str(product.default_price))


def update_product(
    product_id: str,
    ids: StripeIds,
    revision: int,
    *,
    name: str,
    description: str,
    new_price: tuple[int, int] | None,
) -> StripeIds:
    """Name and description changes; `new_price` (version, cents) creates a Price, makes it the default
    and deactivates the previous one."""
    client = stripe_client()
    params: dict[str, Any] = {"name": name, "description": description or ""}
    price_id = ids.price_id
    if new_price is not None:
        version, cents = new_price
        price = _call(
            lambda: client.v1.prices.create(
                params={
                    "product": ids.product_id,
                    "currency": CURRENCY,
                    "unit_amount": cents,
                    "metadata": {"product_id": product_id, "price_version": str(version)},
                },
                options={"idempotency_key": f"price:{product_id}:v{version}"},
            )
        )
        price_id = price.id
        params["default_price"] = price_id
    _call(
        lambda: client.v1.products.update(
            ids.product_id,
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": f"product:{product_id}:r{revision}"},
        )
    )
    if new_price is not None and ids.price_id != price_id:
        _call(
            lambda: client.v1.prices.update(
                ids.price_id,
                params={"active": False},
                options={"idempotency_key": f"price:{product_id}:{ids.price_id}:retire"},
            )
        )
    return StripeIds(product_id=ids.product_id, price_id=price_id)


def archive_product(product_id: str, stripe_product_id: str) -> None:
    client = stripe_client()
    _call(
        lambda: client.v1.products.update(
            stripe_product_id, params={"active": False}, options={"idempotency_key": f"product:{product_id}:archive"}
        )
    )
