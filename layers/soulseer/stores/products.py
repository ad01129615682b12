"""The products/orders aggregate's store: products (mirrored to Stripe by the domain) and the orders that buy
them. The only importer of their PynamoDB models; the domain (soulseer.products) works with `Product` and
`Order` records, and a purchase adds `stock_write` and `order_write` to its ledger transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pynamodb.attributes import MapAttribute
from pynamodb.expressions.update import Action

from soulseer.conditional import applied
from soulseer.lifecycles import OrderStatus, ProductStatus, sources
from soulseer.models import OrderModel, ProductModel, utcnow
from soulseer.pagination import newest_first
from soulseer.records import record

LISTING = "product"
_LISTING_KEYS = frozenset({"product_id", "listing", "created_key"})
_OWNER_KEYS = frozenset({"product_id", "owner_listing", "created_key"})
_BUYER_KEYS = frozenset({"order_id", "buyer_id", "created_key"})
_SELLER_KEYS = frozenset({"order_id", "owner_id", "created_key"})
ACTIVE = ProductStatus.ACTIVE

TransactionWrite = Callable[[Any], None]


@record
class Product:
    """A product as stored: mapped once from its item."""

    product_id: str
    owner_id: str  # the reader who sells it, or "platform"
    name: str
    description: str
    kind: str  # digital | physical
    price_cents: int
    inventory: int
    sold: int
    status: ProductStatus
    revision: int
    price_version: int
    stripe_product_id: str | None
    stripe_price_id: str | None
    seller_name: str | None
    image_id: str | None
    file_key: str | None
    file_type: str | None
    created_at: datetime
    updated_at: datetime


@record
class Order:
    """An order as stored: mapped once from its item (a new one is written by `order_write`)."""

    order_id: str
    buyer_id: str
    product_id: str
    product_name: str
    kind: str
    owner_id: str
    quantity: int
    unit_price_cents: int
    total_cents: int
    reader_share_cents: int
    movement_id: str
    seller_name: str | None
    created_at: datetime
    status: OrderStatus = OrderStatus.PAID
    shipping_address: dict[str, Any] | None = None
    tracking: str | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None


def _product(item: ProductModel) -> Product:
    return Product(
        product_id=item.product_id,
        owner_id=item.owner_id,
        name=item.name,
        description=item.description,
        kind=item.kind,
        price_cents=int(item.price_cents),
        inventory=int(item.inventory),
        sold=int(item.sold),
        status=ProductStatus(item.status),
        revision=int(item.revision),
        price_version=int(item.price_version),
        stripe_product_id=item.stripe_product_id,
        stripe_price_id=item.stripe_price_id,
        seller_name=item.seller_name,
        image_id=item.image_id,
        file_key=item.file_key,
        file_type=item.file_type,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def _address(value: Any) -> dict[str, Any] | None:
    if not value:
        return None
    return value.as_dict() if isinstance(value, MapAttribute) else dict(value)


def _order(item: OrderModel) -> Order:
    return Order(
        order_id=item.order_id,
        buyer_id=item.buyer_id,
        product_id=item.product_id,
        product_name=item.product_name,
        kind=item.kind,
        owner_id=item.owner_id,
        quantity=int(item.quantity),
        unit_price_cents=int(item.unit_price_cents),
        total_cents=int(item.total_cents),
        reader_share_cents=int(item.reader_share_cents),
        movement_id=item.movement_id,
        seller_name=item.seller_name,
        created_at=item.created_at,
        status=OrderStatus(item.status),
        shipping_address=_address(item.shipping_address),
        tracking=item.tracking,
        shipped_at=item.shipped_at,
        delivered_at=item.delivered_at,
    )


# -- products -------------------------------------------------------------------------------------------


def find_product(product_id: str) -> Product | None:
    try:
        return _product(ProductModel.get(product_id, consistent_read=True))
    except ProductModel.DoesNotExist:
        return None


def add_product(
    product_id: str,
    owner_id: str,
    *,
    name: str,
    description: str,
    kind: str,
    price_cents: int,
    inventory: int,
    stripe_product_id: str,
    stripe_price_id: str,
    seller_name: str | None,
) -> Product | None:
    """Lists a new product; None when one of that id exists already (the same request again)."""
    now = utcnow()
    item = ProductModel(
        product_id,
        owner_id=owner_id,
        name=name,
        description=description,
        kind=kind,
        price_cents=price_cents,
        inventory=inventory,
        status=ACTIVE,
        listing=LISTING,
        owner_listing=owner_id,
        created_key=f"{now.isoformat()}#{product_id}",
        stripe_product_id=stripe_product_id,
        stripe_price_id=stripe_price_id,
        seller_name=seller_name,
        created_at=now,
        updated_at=now,
    )
    if not applied(lambda: item.save(condition=ProductModel.product_id.does_not_exist())):
        return None
    return _product(item)


def listed_products(owner_id: str | None, limit: int, cursor: str | None) -> tuple[list[Product], str | None]:
    """Active products, newest first: all, or one seller's."""
    if owner_id is None:
        items, next_cursor = newest_first(ProductModel.listed.query, LISTING, "listing", _LISTING_KEYS, limit, cursor)
    else:
        items, next_cursor = newest_first(
            ProductModel.by_owner.query, owner_id, "owner_listing", _OWNER_KEYS, limit, cursor
        )
    return [_product(item) for item in items], next_cursor


def change_product(
    product: Product,
    *,
    name: str | None = None,
    description: str | None = None,
    price: tuple[int, int, str] | None = None,
    inventory: int | None = None,
) -> Product | None:
    """Writes the next revision of an active product; `price` is (cents, price version, Stripe Price id).
    None when it changed meanwhile (another revision, or archived)."""
    actions: list[Action] = [ProductModel.revision.set(product.revision + 1), ProductModel.updated_at.set(utcnow())]
    if name is not None:
        actions.append(ProductModel.name.set(name))
    if description is not None:
        actions.append(ProductModel.description.set(description))
    if price is not None:
        cents, version, price_id = price
        actions += [
            ProductModel.price_cents.set(cents),
            ProductModel.price_version.set(version),
            ProductModel.stripe_price_id.set(price_id),
        ]
    if inventory is not None:
        actions.append(ProductModel.inventory.set(inventory))
    item = ProductModel(product.product_id)
    if not applied(
        lambda: item.update(
            actions=actions, condition=(ProductModel.revision == product.revision) & (ProductModel.status == ACTIVE)
        )
    ):
        return None
    return _product(item)


def archive_product(product_id: str) -> Product | None:
    """Takes an active product off the listings; None when it was archived already."""
    item = ProductModel(product_id)
    if not applied(
        lambda: item.update(
            actions=[
                ProductModel.status.set(ProductStatus.ARCHIVED),
                ProductModel.listing.remove(),
                ProductModel.owner_listing.remove(),
                ProductModel.revision.add(1),
                ProductModel.updated_at.set(utcnow()),
            ],
            condition=ProductModel.status.is_in(*sources(ProductStatus.ARCHIVED)),
        )
    ):
        return None
    return _product(item)


def set_media(product_id: str, *, image_id: str | None = None, file: tuple[str, str] | None = None) -> None:
    """Records a processed image or an uploaded file (key, content type) of an existing product (a gone
    product: nothing)."""
    actions: list[Action] = [ProductModel.updated_at.set(utcnow())]
    if image_id is not None:
        actions.append(ProductModel.image_id.set(image_id))
    if file is not None:
        actions += [ProductModel.file_key.set(file[0]), ProductModel.file_type.set(file[1])]
    item = ProductModel(product_id)
    applied(lambda: item.update(actions=actions, condition=ProductModel.product_id.exists()))


def stock_write(product: Product, quantity: int) -> TransactionWrite:
    """A purchase's part of its ledger transaction: takes `quantity` from the stock only if it is there and
    the product (price included) is unchanged."""

    def write(transaction: Any) -> None:
        transaction.update(
            ProductModel(product.product_id),
            actions=[ProductModel.inventory.add(-quantity), ProductModel.sold.add(quantity)],
            condition=(ProductModel.status == ACTIVE)
            & (ProductModel.inventory >= quantity)
            & (ProductModel.price_version == product.price_version),
        )

    return write


# -- orders ---------------------------------------------------------------------------------------------


def order_write(order: Order) -> TransactionWrite:
    """A purchase's part of its ledger transaction: the new order, once."""
    item = OrderModel(
        order.order_id,
        buyer_id=order.buyer_id,
        product_id=order.product_id,
        product_name=order.product_name,
        kind=order.kind,
        owner_id=order.owner_id,
        quantity=order.quantity,
        unit_price_cents=order.unit_price_cents,
        total_cents=order.total_cents,
        reader_share_cents=order.reader_share_cents,
        movement_id=order.movement_id,
        seller_name=order.seller_name,
        status=order.status,
        shipping_address=order.shipping_address,
        created_key=f"{order.created_at.isoformat()}#{order.order_id}",
        created_at=order.created_at,
    )

    def write(transaction: Any) -> None:
        transaction.save(item, condition=OrderModel.order_id.does_not_exist())

    return write


def find_order(order_id: str) -> Order | None:
    try:
        return _order(OrderModel.get(order_id, consistent_read=True))
    except OrderModel.DoesNotExist:
        return None


def orders_of_buyer(buyer_id: str, limit: int, cursor: str | None) -> tuple[list[Order], str | None]:
    items, next_cursor = newest_first(OrderModel.by_buyer.query, buyer_id, "buyer_id", _BUYER_KEYS, limit, cursor)
    return [_order(item) for item in items], next_cursor


def orders_of_seller(owner_id: str, limit: int, cursor: str | None) -> tuple[list[Order], str | None]:
    items, next_cursor = newest_first(OrderModel.by_seller.query, owner_id, "owner_id", _SELLER_KEYS, limit, cursor)
    return [_order(item) for item in items], next_cursor


def _update_order(order_id: str, actions: list[Action], to: OrderStatus | None) -> Order | None:
    """One conditional change of an order: a move to `to` (from the statuses that may move there), or, with
    `to` None, a change allowed while it is paid. None when the order's status did not allow it."""
    item = OrderModel(order_id)
    condition = OrderModel.status.is_in(*sources(to)) if to is not None else OrderModel.status == OrderStatus.PAID
    if not applied(lambda: item.update(actions=actions, condition=condition)):
        return None
    return _order(item)


def set_address(order_id: str, address: dict[str, Any]) -> Order | None:
    """A paid (not yet shipped) order's new shipping address; None once it shipped."""
    return _update_order(order_id, [OrderModel.shipping_address.set(address)], None)


def mark_shipped(order_id: str, tracking: str) -> Order | None:
    return _update_order(
        order_id,
        [
            OrderModel.status.set(OrderStatus.SHIPPED),
            OrderModel.tracking.set(tracking),
            OrderModel.shipped_at.set(utcnow()),
        ],
        OrderStatus.SHIPPED,
    )


def mark_delivered(order_id: str) -> Order | None:
    return _update_order(
        order_id,
        [OrderModel.status.set(OrderStatus.DELIVERED), OrderModel.delivered_at.set(utcnow())],
        OrderStatus.DELIVERED,
    )
