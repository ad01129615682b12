"""Buying a product from the balance: stock, money and the order change in one transaction, or none do."""

from __future__ import annotations

from typing import Any

from soulseer import chargebacks, ledger, notify, users
from soulseer.clock import utcnow
from soulseer.errors import DomainError, ErrorCode
from soulseer.idempotency import derived_id
from soulseer.ledger.core import InsufficientFunds, Movement, PreconditionFailed, find_movement
from soulseer.ledger.kinds import MovementKind
from soulseer.products.catalog import ACTIVE, PLATFORM, load, seller_of
from soulseer.products.orders import view as order_view
from soulseer.sales import platform_sale_entries, reader_sale_entries, split
from soulseer.schemas.products import OrderPage, PurchaseView
from soulseer.stores import products as store
from soulseer.stores.products import Order

MAX_QUANTITY = 100
_RETRIES = 8


def _replay(movement: Movement, buyer_id: str, product_id: str, quantity: int) -> PurchaseView:
    if movement.memo.get("product") != product_id or movement.memo.get("quantity") != str(quantity):
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED)
    order = store.find_order(movement.memo["order"])
    if order is None:  # the order is written in the movement's transaction: never absent
        raise DomainError(ErrorCode.ORDER_NOT_FOUND)
    return PurchaseView(order=order_view(order), replayed=True, balance_cents=_balance(buyer_id))


def _balance(user_id: str) -> int:
    return ledger.balance_of(ledger.client_balance(user_id))


def purchase(
    product_id: str,
    buyer_id: str,
    quantity: int,
    key: str | None,
    buyer: users.User | None = None,
    address: dict[str, Any] | None = None,
) -> PurchaseView:
    """Pays `quantity` items from the buyer's balance; a reader's product pays the reader 70%. `buyer`: the
    buyer's record as read (consistently) earlier in this request. A physical product needs `address`
    (refused before anything moves); it is kept on the order."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise DomainError(ErrorCode.INVALID_QUANTITY, f"Buy 1 to {MAX_QUANTITY} at a time.")
    order_id = derived_id("ord", key, buyer_id, product_id)
    movement_id = f"purchase:{order_id}"
    earlier = find_movement(movement_id) if key is not None else None
    if earlier is not None:
        return _replay(earlier, buyer_id, product_id, quantity)
    users.refuse_if_blocked(buyer_id, buyer)
    chargebacks.refuse_if_disputed(buyer_id, buyer if buyer is not None and buyer.user_id == buyer_id else None)
    for _ in range(_RETRIES):
        product = load(product_id)
        if product.status != ACTIVE:
            raise DomainError(ErrorCode.PRODUCT_ARCHIVED)
        if product.owner_id == buyer_id:
            raise DomainError(ErrorCode.OWN_PRODUCT)
        if product.inventory < quantity:
            raise DomainError(ErrorCode.OUT_OF_STOCK, details={"available": product.inventory, "requested": quantity})
        if product.kind == "physical" and not address:
            raise DomainError(ErrorCode.ADDRESS_REQUIRED)
        unit = product.price_cents
        total = unit * quantity
        reader_share = 0 if product.owner_id == PLATFORM else split(total)[0]
        entries = (
            platform_sale_entries(buyer_id, movement_id, total)
            if product.owner_id == PLATFORM
            else reader_sale_entries(buyer_id, product.owner_id, movement_id, total)
        )
        order = Order(
            order_id=order_id,
            buyer_id=buyer_id,
            product_id=product_id,
            product_name=product.name,
            kind=product.kind,
            owner_id=product.owner_id,
            quantity=quantity,
            unit_price_cents=unit,
            total_cents=total,
            reader_share_cents=reader_share,
            movement_id=movement_id,
            seller_name=seller_of(product.owner_id, product.seller_name).name,
            shipping_address=address if product.kind == "physical" else None,
            created_at=utcnow(),
        )
        memo = {"order": order_id, "product": product_id, "quantity": str(quantity), "seller": product.owner_id}
        try:
            movement = ledger.post(
                movement_id,
                MovementKind.PURCHASE,
                entries,
                memo=memo,
                extra_writes=[store.stock_write(product, quantity), store.order_write(order)],
            )
        except InsufficientFunds:
            raise InsufficientFunds(
                message="Your balance does not cover this purchase; please top up.",
                details={"required_cents": total, "balance_cents": _balance(buyer_id)},
            ) from None
        except PreconditionFailed:
            continue  # stock, price or status changed meanwhile: read again and decide
        if movement.replayed:
            return _replay(movement, buyer_id, product_id, quantity)
        _receipt(order)
        return PurchaseView(order=order_view(order), replayed=False, balance_cents=_balance(buyer_id))
    raise DomainError(ErrorCode.PRODUCT_BUSY)


def _receipt(order: Order) -> None:
    """After the purchase committed: the buyer's order receipt, queued (once per order)."""
    data = {
        "order_id": order.order_id,
        "product_name": order.product_name,
        "quantity": order.quantity,
        "total_cents": order.total_cents,
        "seller_name": order.seller_name,
    }
    notify.enqueue_email(order.buyer_id, "order", data, dedupe=order.order_id)


def my_orders(buyer_id: str, limit: int, cursor: str | None) -> OrderPage:
    items, next_cursor = store.orders_of_buyer(buyer_id, limit, cursor)
    return OrderPage(items=[order_view(item) for item in items], next_cursor=next_cursor)
