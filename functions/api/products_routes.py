"""Marketplace routes: products (public reads; sellers and admins write), purchases and my orders."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from soulseer import saved_cards
from soulseer.limits import rate_limited
from soulseer.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from soulseer.products import catalog, orders, purchase
from soulseer.schemas.common import errors
from soulseer.schemas.products import (
    DownloadView,
    OrderPage,
    OrderView,
    ProductPage,
    ProductView,
    PurchaseView,
    SalePage,
    SaleView,
)
from soulseer.web import PUBLIC, caller_of, fresh_caller, require_role

router = Router()
ProductId = Annotated[str, Path(min_length=1, max_length=128)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
Cursor = Annotated[str | None, Query(max_length=2000)]
TAGS = ["products"]


class PurchaseInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: StrictInt = Field(default=1, ge=1, le=purchase.MAX_QUANTITY)
    shipping_address: orders.Address | None = Field(default=None, description="Required for a physical product.")


class AddressInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shipping_address: orders.Address


class ShipInput(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    tracking: str = Field(
        min_length=1, max_length=200, description="Carrier and tracking number, as the buyer reads it."
    )


OrderId = Annotated[str, Path(min_length=1, max_length=128)]


def _idempotency_key() -> str | None:
    return router.current_event.headers.get("Idempotency-Key")


@router.get("/api/products", security=PUBLIC, responses=errors(400), tags=TAGS)
def list_products(
    reader_id: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
    cursor: Cursor = None,
) -> ProductPage:
    return catalog.list_products(reader_id, limit, cursor)


@router.post("/api/products", responses=errors(400, 401, 403, 409, 415, 502), tags=TAGS)
def create_product(body: catalog.ProductInput) -> ProductView:
    caller = require_role(fresh_caller(router), "reader", "admin")
    return catalog.create_product(caller.user_id, caller.role, body, _idempotency_key())


@router.get("/api/products/<id>", security=PUBLIC, responses=errors(400, 404), tags=TAGS)
def get_product(id: ProductId) -> ProductView:
    return catalog.get_product(id)


@router.put("/api/products/<id>", responses=errors(400, 401, 403, 404, 409, 415, 502), tags=TAGS)
def update_product(id: ProductId, body: catalog.ProductUpdate) -> ProductView:
    caller = require_role(fresh_caller(router), "reader", "admin")
    return catalog.update_product(id, caller.user_id, caller.role, body)


@router.post("/api/products/<id>/archive", responses=errors(400, 401, 403, 404, 409, 502), tags=TAGS)
def archive_product(id: ProductId) -> ProductView:
    caller = require_role(fresh_caller(router), "reader", "admin")
    return catalog.archive_product(id, caller.user_id, caller.role)


@router.post("/api/products/<id>/purchase", responses=errors(400, 401, 402, 403, 404, 409, 415, 429, 503), tags=TAGS)
@rate_limited(router, "purchase")
def purchase_product(id: ProductId, body: PurchaseInput) -> PurchaseView:
    caller = require_role(fresh_caller(router), "client")
    bought = purchase.purchase(
        id,
        caller.user_id,
        body.quantity,
        _idempotency_key(),
        caller.user,
        body.shipping_address.model_dump() if body.shipping_address else None,
    )
    saved_cards.queue_if_low(caller.user_id, bought.balance_cents)  # the automatic top-up, if it is on
    return bought


@router.get("/api/orders", responses=errors(400, 401), tags=TAGS)
def my_orders(limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None) -> OrderPage:
    return purchase.my_orders(caller_of(router).user_id, limit, cursor)


@router.get("/api/orders/sales", responses=errors(400, 401, 403), tags=TAGS)
def my_sales(limit: Limit = DEFAULT_PAGE_SIZE, cursor: Cursor = None) -> SalePage:
    """The seller's orders, newest first, with the addresses to ship to (admins: the platform's sales)."""
    caller = require_role(fresh_caller(router), "reader", "admin")
    return orders.sales(caller.user_id, caller.role, limit, cursor)


@router.post("/api/orders/<id>/ship", responses=errors(400, 401, 403, 404, 409, 415), tags=TAGS)
def ship_order(id: OrderId, body: ShipInput) -> SaleView:
    caller = require_role(fresh_caller(router), "reader", "admin")
    return orders.ship(id, caller.user_id, caller.role, body.tracking)


@router.post("/api/orders/<id>/deliver", responses=errors(400, 401, 403, 404, 409), tags=TAGS)
def deliver_order(id: OrderId) -> SaleView:
    caller = require_role(fresh_caller(router), "reader", "admin")
    return orders.deliver(id, caller.user_id, caller.role)


@router.put("/api/orders/<id>/address", responses=errors(400, 401, 404, 409, 415), tags=TAGS)
def change_address(id: OrderId, body: AddressInput) -> OrderView:
    return orders.change_address(id, caller_of(router).user_id, body.shipping_address)


@router.get("/api/orders/<id>/download", responses=errors(400, 401, 404), tags=TAGS)
def download(id: OrderId) -> DownloadView:
    """A link to a digital order's file, valid for a few minutes."""
    return orders.download(id, caller_of(router).user_id)
