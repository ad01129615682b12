"""Products and Prices (one-time or recurring), with `default_price` and `default_price_data`."""

from __future__ import annotations

import copy
from typing import Any

from ..app import Call, Route
from ..errors import invalid, required
from ..ids import now
from ..params import Params
from ..store import Store, changed
from ..views import page, render
from .base import deleted, new_object, set_strings

PRODUCT_STRINGS = ("name", "description", "statement_descriptor", "unit_label", "url", "tax_code")
PRICE_STRINGS = ("nickname", "lookup_key")
TAX_BEHAVIORS = ("exclusive", "inclusive", "unspecified")


def _new_price(store: Store, product_id: str, data: dict[str, Any], param: str) -> dict[str, Any]:
    """A price from `unit_amount`, `currency`, `recurring` etc. given as a dict (or nested params)."""
    p = Params(data)
    currency = p.currency()
    unit_amount = p.integer("unit_amount", minimum=0)
    if unit_amount is None:
        decimal = p.string("unit_amount_decimal")
        if decimal is None or not decimal.isdigit():
            raise required(f"{param}unit_amount" if param else "unit_amount")
        unit_amount = int(decimal)
    recurring = p.mapping("recurring")
    if recurring:
        interval = recurring.get("interval")
        if interval not in ("day", "week", "month", "year"):
            raise invalid("Invalid recurring[interval]: must be one of day, week, month, or year", param="recurring")
        recurring = {
            "interval": interval,
            "interval_count": int(recurring.get("interval_count") or 1),
            "usage_type": recurring.get("usage_type", "licensed"),
        }
    lookup_key = p.string("lookup_key")
    if lookup_key is not None:
        holder = next((x for x in store.all("price") if x["lookup_key"] == lookup_key), None)
        if holder is not None:
            if not p.boolean("transfer_lookup_key"):
                raise invalid(
                    f"A price ({holder['id']}) already uses that lookup key.",
                    param="lookup_key",
                    code="lookup_key_exists",
                )
            holder["lookup_key"] = None
    price = new_object(
        "price",
        "price",
        active=p.boolean("active", True),
        billing_scheme="per_unit",
        currency=currency,
        custom_unit_amount=None,
        lookup_key=lookup_key,
        metadata=p.metadata(),
        nickname=p.string("nickname"),
        product=product_id,
        recurring=recurring or None,
        tax_behavior=p.enum("tax_behavior", TAX_BEHAVIORS, "unspecified"),
        tiers_mode=None,
        transform_quantity=None,
        type="recurring" if recurring else "one_time",
        unit_amount=unit_amount,
        unit_amount_decimal=str(unit_amount),
    )
    return store.add(price)


def _new_product(store: Store, p: Params) -> dict[str, Any]:
    custom_id = p.string("id")
    if custom_id is not None and store.find(custom_id) is not None:
        raise invalid("Product already exists.", param="id", code="resource_already_exists")
    product = new_object(
        "prod",
        "product",
        object_id=custom_id,
        active=p.boolean("active", True),
        default_price=None,
        description=p.string("description"),
        images=[str(v) for v in p.array("images")],
        marketing_features=[],
        metadata=p.metadata(),
        name=p.req_string("name"),
        package_dimensions=None,
        shippable=p.boolean("shippable") if p.has("shippable") else None,
        statement_descriptor=p.string("statement_descriptor"),
        tax_code=p.string("tax_code"),
        type=p.enum("type", ("good", "service"), "service"),
        unit_label=p.string("unit_label"),
        updated=0,
        url=p.string("url"),
    )
    product["updated"] = product["created"]
    return store.add(product)


def create_product(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    product = _new_product(store, p)
    store.emit("product.created", product)
    if p.has("default_price_data"):
        price = _new_price(store, product["id"], p.mapping("default_price_data"), "default_price_data.")
        product["default_price"] = price["id"]
        store.emit("price.created", price)
    return render(store, product, p)


def retrieve_product(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("product", call.match["id"]), call.params)


def modify_product(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    product = store.get("product", call.match["id"])
    before = copy.deepcopy(product)
    set_strings(product, p, PRODUCT_STRINGS)
    if product["name"] is None:
        raise invalid("The product name cannot be empty.", param="name")
    if p.has("active"):
        product["active"] = p.boolean("active")
    if p.has("images"):
        product["images"] = [str(v) for v in p.array("images")]
    if p.has("default_price"):
        price_id = p.string("default_price")
        if price_id is not None:
            price = store.get("price", price_id, param="default_price", status=400)
            if price["product"] != product["id"]:
                raise invalid(f"The price {price_id} does not belong to this product.", param="default_price")
        product["default_price"] = price_id
    product["metadata"] = p.metadata(product["metadata"])
    previous = changed(before, product)
    if previous:
        product["updated"] = now()
        store.emit("product.updated", product, previous)
    return render(store, product, p)


def list_products(call: Call) -> dict[str, Any]:
    p = call.params
    items = call.store.all("product")
    if p.has("active"):
        items = [x for x in items if x["active"] == p.boolean("active")]
    if p.has("ids"):
        ids = {str(v) for v in p.array("ids")}
        items = [x for x in items if x["id"] in ids]
    return page(call.store, items, p, "/v1/products")


def delete_product(call: Call) -> dict[str, Any]:
    product = call.store.get("product", call.match["id"])
    if any(x["product"] == product["id"] for x in call.store.all("price")):
        raise invalid("This product cannot be deleted because it has one or more user-created prices.")
    call.store.emit("product.deleted", product)
    return deleted(product)


def create_price(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    product_id = p.string("product")
    if product_id is None:
        if not p.has("product_data"):
            raise required("product")
        product = _new_product(store, Params(p.mapping("product_data")))
        store.emit("product.created", product)
        product_id = product["id"]
    else:
        store.get("product", product_id, param="product", status=400)
    data = {k: v for k, v in p.data.items() if k not in ("product", "product_data", "expand")}
    price = _new_price(store, product_id, data, "")
    store.emit("price.created", price)
    return render(store, price, p)


def retrieve_price(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("price", call.match["id"]), call.params)


def modify_price(call: Call) -> dict[str, Any]:
    p, store = call.params, call.store
    price = store.get("price", call.match["id"])
    before = copy.deepcopy(price)
    set_strings(price, p, PRICE_STRINGS)
    if p.has("active"):
        price["active"] = p.boolean("active")
    if p.has("tax_behavior"):
        price["tax_behavior"] = p.enum("tax_behavior", TAX_BEHAVIORS)
    price["metadata"] = p.metadata(price["metadata"])
    previous = changed(before, price)
    if previous:
        store.emit("price.updated", price, previous)
    return render(store, price, p)


def list_prices(call: Call) -> dict[str, Any]:
    p = call.params
    items = call.store.all("price")
    for name in ("product", "currency", "type"):
        wanted = p.string(name)
        if wanted is not None:
            items = [x for x in items if x[name] == wanted]
    if p.has("active"):
        items = [x for x in items if x["active"] == p.boolean("active")]
    if p.has("lookup_keys"):
        keys = {str(v) for v in p.array("lookup_keys")}
        items = [x for x in items if x["lookup_key"] in keys]
    return page(call.store, items, p, "/v1/prices")


ROUTES = [
    Route("POST", "/v1/products", create_product, "ProductCreateParams"),
    Route("GET", "/v1/products", list_products, "ProductListParams"),
    Route("GET", "/v1/products/{id}", retrieve_product, "ProductRetrieveParams"),
    Route("POST", "/v1/products/{id}", modify_product, "ProductUpdateParams"),
    Route("DELETE", "/v1/products/{id}", delete_product),
    Route("POST", "/v1/prices", create_price, "PriceCreateParams"),
    Route("GET", "/v1/prices", list_prices, "PriceListParams"),
    Route("GET", "/v1/prices/{id}", retrieve_price, "PriceRetrieveParams"),
    Route("POST", "/v1/prices/{id}", modify_price, "PriceUpdateParams"),
]
