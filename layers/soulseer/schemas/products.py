"""Products, purchases and orders."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from soulseer.lifecycles import OrderStatus, ProductStatus
from soulseer.schemas.common import ImageView, Out

ProductKind = Literal["digital", "physical"]


class PlatformSeller(Out):
    type: Literal["platform"]
    name: str = Field(description="SoulSeer.")


class ReaderSeller(Out):
    type: Literal["reader"]
    id: str
    name: str = Field(description="The reader's display name.")


SellerView = ReaderSeller | PlatformSeller


class StripeRefs(Out):
    product_id: str | None
    price_id: str | None


class ProductView(Out):
    product_id: str
    seller: SellerView
    image: ImageView | None = Field(description="The uploaded image in fixed sizes; null until one is processed.")
    has_file: bool | None = Field(description="Digital products: whether the seller uploaded the file; else null.")
    name: str
    description: str
    kind: ProductKind
    price_cents: int
    currency: str
    inventory: int
    in_stock: bool
    status: ProductStatus
    stripe: StripeRefs
    created_at: str
    updated_at: str


class ProductPage(Out):
    items: list[ProductView]
    next_cursor: str | None


class AddressView(Out):
    name: str
    line1: str
    line2: str | None = None
    city: str
    region: str | None = None
    postal_code: str
    country: str


class OrderView(Out):
    order_id: str
    product_id: str
    product_name: str
    kind: ProductKind
    seller: SellerView
    quantity: int
    unit_price_cents: int
    total_cents: int
    status: OrderStatus = Field(description="paid -> shipped -> delivered (physical orders; set by the seller).")
    shipping_address: AddressView | None = Field(description="Physical orders only.")
    tracking: str | None = Field(description="The seller's words when shipping (carrier, tracking number).")
    shipped_at: str | None
    delivered_at: str | None
    created_at: str


class SaleView(OrderView):
    reader_share_cents: int = Field(description="The seller's 70% (0 for the platform's own products).")


class SalePage(Out):
    items: list[SaleView]
    next_cursor: str | None


class DownloadView(Out):
    order_id: str
    url: str = Field(description="The file; valid for `expires_in_seconds`, for this buyer's order only.")
    expires_in_seconds: int


class OrderPage(Out):
    items: list[OrderView]
    next_cursor: str | None


class PurchaseView(Out):
    order: OrderView
    balance_cents: int
    replayed: bool
