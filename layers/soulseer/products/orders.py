"""After a purchase: a physical order's shipping address (editable by the buyer until it ships), the
seller's moves paid -> shipped (with tracking words) -> delivered, each told to the buyer (`order-updated`),
a digital order's short-lived download link, and the seller's sales page."""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, ConfigDict, Field

from soulseer import presence, uploads
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import OrderStatus
from soulseer.products.catalog import PLATFORM, seller_of
from soulseer.schemas.products import AddressView, DownloadView, OrderView, ProductKind, SalePage, SaleView
from soulseer.stores import products as store
from soulseer.stores.products import Order

Line = Field(min_length=1, max_length=120)


class Address(BaseModel):
    """Where a physical order goes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    line1: str = Field(min_length=1, max_length=120)
    line2: str | None = Field(default=None, max_length=120)
    city: str = Field(min_length=1, max_length=80)
    region: str | None = Field(default=None, max_length=80, description="State, province or county.")
    postal_code: str = Field(min_length=1, max_length=20)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, e.g. US.")


def view(order: Order) -> OrderView:
    address = order.shipping_address
    return OrderView(
        order_id=order.order_id,
        product_id=order.product_id,
        product_name=order.product_name,
        kind=cast(ProductKind, order.kind),  # validated when the product was listed
        seller=seller_of(order.owner_id, order.seller_name),
        quantity=order.quantity,
        unit_price_cents=order.unit_price_cents,
        total_cents=order.total_cents,
        status=order.status,
        shipping_address=AddressView(**address) if address else None,
        tracking=order.tracking,
        shipped_at=order.shipped_at.isoformat() if order.shipped_at else None,
        delivered_at=order.delivered_at.isoformat() if order.delivered_at else None,
        created_at=order.created_at.isoformat(),
    )


def sale_view(order: Order) -> SaleView:
    """The order as its seller sees it: with their share."""
    return SaleView(**dict(view(order)), reader_share_cents=order.reader_share_cents)


def _load(order_id: str) -> Order:
    order = store.find_order(order_id)
    if order is None:
        raise DomainError(ErrorCode.ORDER_NOT_FOUND)
    return order


def _as_buyer(order_id: str, buyer_id: str) -> Order:
    order = _load(order_id)
    if order.buyer_id != buyer_id:
        raise DomainError(ErrorCode.ORDER_NOT_FOUND)  # another's order is not revealed
    return order


def _as_seller(order_id: str, user_id: str, role: str) -> Order:
    order = _load(order_id)
    if order.owner_id != user_id and not (role == "admin" and order.owner_id == PLATFORM):
        raise DomainError(ErrorCode.ORDER_NOT_FOUND)
    return order


def _tell_buyer(order: Order) -> None:
    presence.push_to_user(order.buyer_id, {"event": "order-updated", "order": view(order).model_dump(mode="json")})


def change_address(order_id: str, buyer_id: str, address: Address) -> OrderView:
    """The buyer corrects where a physical order goes, until the seller ships it."""
    order = _as_buyer(order_id, buyer_id)
    if order.kind != "physical":
        raise DomainError(ErrorCode.NOT_PHYSICAL)
    changed = store.set_address(order.order_id, address.model_dump())
    if changed is None:
        raise DomainError(ErrorCode.ORDER_NOT_PAID, "This order has shipped; its address can no longer change.")
    return view(changed)


def ship(order_id: str, user_id: str, role: str, tracking: str) -> SaleView:
    """The seller ships a paid physical order; the buyer is told with the tracking words."""
    order = _as_seller(order_id, user_id, role)
    if order.kind != "physical":
        raise DomainError(ErrorCode.NOT_PHYSICAL)
    if order.status == OrderStatus.SHIPPED and order.tracking == tracking:
        return sale_view(order)  # the same request again
    shipped = store.mark_shipped(order.order_id, tracking)
    if shipped is None:
        raise DomainError(ErrorCode.ORDER_NOT_PAID)
    _tell_buyer(shipped)
    return sale_view(shipped)


def deliver(order_id: str, user_id: str, role: str) -> SaleView:
    """The seller marks a shipped order delivered; the buyer is told."""
    order = _as_seller(order_id, user_id, role)
    if order.status == OrderStatus.DELIVERED:
        return sale_view(order)
    delivered = store.mark_delivered(order.order_id)
    if delivered is None:
        raise DomainError(ErrorCode.ORDER_NOT_SHIPPED)
    _tell_buyer(delivered)
    return sale_view(delivered)


def download(order_id: str, buyer_id: str) -> DownloadView:
    """A digital order's file: a link valid for a few minutes, for its buyer only."""
    order = _as_buyer(order_id, buyer_id)
    if order.kind != "digital":
        raise DomainError(ErrorCode.NOT_DIGITAL)
    product = store.find_product(order.product_id)
    if product is None or not product.file_key:
        raise DomainError(ErrorCode.FILE_NOT_FOUND)
    extension = {"application/pdf": ".pdf", "application/epub+zip": ".epub", "application/zip": ".zip",
                 "audio/mpeg": ".mp3", "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}  # fmt: skip
    filename = order.product_name + extension.get(str(product.file_type), "")
    return DownloadView(
        order_id=order.order_id,
        url=uploads.download_url(product.file_key, filename),
        expires_in_seconds=uploads.DOWNLOAD_TTL_SECONDS,
    )


def sales(user_id: str, role: str, limit: int, cursor: str | None) -> SalePage:
    """The caller's sales, newest first (an admin's: the platform's), with where each goes."""
    owner = PLATFORM if role == "admin" else user_id
    items, next_cursor = store.orders_of_seller(owner, limit, cursor)
    return SalePage(items=[sale_view(item) for item in items], next_cursor=next_cursor)
