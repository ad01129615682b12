"""Products synced to the local Stripe (a price change is a new Price), purchases paid from the balance
in one transaction with the stock, out of stock and too-little balance changing nothing, and my orders."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import stripe

from soulseer import ledger
from soulseer.ledger.accounts import all_shards
from soulseer.models import LedgerMovementModel, OrderModel, ProductModel
from soulseer.products import purchase
from tests.conftest import STRIPE_TEST_KEY
from tests.support.readings import fund, make_reader
from tests.support.streams import call, in_domain

READER = ("r1", "reader")
ADMIN = ("admin1", "admin")
CLIENT = ("c1", "client")
ADDRESS = {"name": "A Buyer", "line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"}
CANDLE = {"name": "Moon candle", "description": "Hand-poured.", "kind": "physical", "price_cents": 1500, "inventory": 5}


@pytest.fixture
def shop(local_stripe: Any, api_module: Any) -> Any:
    make_reader("r1")
    return api_module


def stripe_at(local_stripe: Any) -> stripe.StripeClient:
    return stripe.StripeClient(STRIPE_TEST_KEY, base_addresses={"api": local_stripe.url})


def create(api: Any, user: tuple[str, str] = READER, key: str | None = None, **fields: Any) -> dict[str, Any]:
    status, body = call(api, "POST", "/api/products", user, body={**CANDLE, **fields}, key=key)
    assert status == 200, body
    return body


def buy(api: Any, product_id: str, quantity: int = 1, user: tuple[str, str] = CLIENT, key: str | None = None):
    return call(
        api,
        "POST",
        f"/api/products/{product_id}/purchase",
        user,
        resource="/api/products/{id}/purchase",
        body={"quantity": quantity, "shipping_address": ADDRESS},
        key=key,
    )


def platform_revenue() -> int:
    return sum(ledger.balances_of(all_shards("platform:revenue")).values())


def test_a_product_is_synced_to_stripe_and_a_price_change_makes_a_new_price(shop, local_stripe) -> None:
    product = create(shop)
    assert product["seller"] == {"type": "reader", "id": "r1", "name": "r1"} and product["status"] == "active"
    client = stripe_at(local_stripe)
    remote = client.v1.products.retrieve(product["stripe"]["product_id"])
    assert remote.name == "Moon candle" and remote.metadata["product_id"] == product["product_id"]
    assert remote.default_price == product["stripe"]["price_id"]
    first_price = client.v1.prices.retrieve(product["stripe"]["price_id"])
    assert first_price.unit_amount == 1500 and first_price.currency == "usd" and first_price.active

    path = f"/api/products/{product['product_id']}"
    status, renamed = call(shop, "PUT", path, READER, resource="/api/products/{id}", body={"name": "Sun candle"})
    assert status == 200 and renamed["stripe"]["price_id"] == first_price.id
    assert client.v1.products.retrieve(remote.id).name == "Sun candle"
    status, repriced = call(shop, "PUT", path, READER, resource="/api/products/{id}", body={"price_cents": 1800})
    assert status == 200 and repriced["price_cents"] == 1800
    new_price = client.v1.prices.retrieve(repriced["stripe"]["price_id"])
    assert new_price.id != first_price.id and new_price.unit_amount == 1800 and new_price.product == remote.id
    assert client.v1.products.retrieve(remote.id).default_price == new_price.id
    assert not client.v1.prices.retrieve(first_price.id).active
    assert len(client.v1.prices.list(params={"product": remote.id}).data) == 2

    status, archived = call(shop, "POST", f"{path}/archive", READER, resource="/api/products/{id}/archive")
    assert status == 200 and archived["status"] == "archived"
    assert not client.v1.products.retrieve(remote.id).active
    _, listing = call(shop, "GET", "/api/products")
    assert listing["items"] == []
    status, error = buy(shop, product["product_id"])
    assert status == 409 and error["error"]["code"] == "product_archived"


def test_who_may_create_and_change_products(shop) -> None:
    status, error = call(shop, "POST", "/api/products", CLIENT, body=CANDLE)
    assert status == 403 and error["error"]["code"] == "forbidden"
    status, error = call(shop, "POST", "/api/products", READER, body={**CANDLE, "price_cents": 10.5})
    assert status == 400 and error["error"]["code"] == "validation_failed"
    status, error = call(shop, "POST", "/api/products", READER, body={**CANDLE, "price_cents": 49})
    assert status == 400 and error["error"]["code"] == "price_out_of_bounds"
    mine = create(shop)
    make_reader("r2")
    path = f"/api/products/{mine['product_id']}"
    status, error = call(shop, "PUT", path, ("r2", "reader"), resource="/api/products/{id}", body={"inventory": 1})
    assert status == 403 and error["error"]["code"] == "forbidden"
    status, error = call(shop, "PUT", path, READER, resource="/api/products/{id}", body={})
    assert status == 400 and error["error"]["code"] == "nothing_to_change"
    status, changed = call(shop, "PUT", path, ADMIN, resource="/api/products/{id}", body={"inventory": 9})
    assert status == 200 and changed["inventory"] == 9
    platform = create(shop, ADMIN, name="Tarot deck", kind="digital")
    assert platform["seller"] == {"type": "platform", "name": "SoulSeer"}
    assert ProductModel.count() == 2


def test_public_listing_and_idempotent_create(shop) -> None:
    first = create(shop, key="create-1")
    assert create(shop, key="create-1")["product_id"] == first["product_id"]
    second = create(shop, name="Crystal")
    make_reader("r2")
    third = create(shop, ("r2", "reader"), name="Sage")
    status, page = call(shop, "GET", "/api/products", query={"limit": "2"})
    assert status == 200 and [p["product_id"] for p in page["items"]] == [third["product_id"], second["product_id"]]
    _, rest = call(shop, "GET", "/api/products", query={"limit": "2", "cursor": page["next_cursor"]})
    assert [p["product_id"] for p in rest["items"]] == [first["product_id"]]
    _, by_r2 = call(shop, "GET", "/api/products", query={"reader_id": "r2"})
    assert [p["product_id"] for p in by_r2["items"]] == [third["product_id"]]
    status, one = call(shop, "GET", f"/api/products/{first['product_id']}", resource="/api/products/{id}")
    assert status == 200 and one["name"] == "Moon candle" and one["in_stock"]
    status, error = call(shop, "GET", "/api/products/prod_none", resource="/api/products/{id}")
    assert status == 404 and error["error"]["code"] == "product_not_found"


def test_buying_a_readers_product_pays_the_reader_70_percent(shop) -> None:
    product = create(shop)
    fund("c1", 5_000, "pi_c1")
    status, body = buy(shop, product["product_id"], quantity=3, key="buy-1")
    assert status == 200, body
    order = body["order"]
    assert (order["quantity"], order["unit_price_cents"], order["total_cents"]) == (3, 1500, 4500)
    assert body["balance_cents"] == 500
    assert ledger.balance_of(ledger.reader_pending("r1")) == 3150 and platform_revenue() == 1350
    assert int(ProductModel.get(product["product_id"]).inventory) == 2
    movement = LedgerMovementModel.get(f"purchase:{order['order_id']}")
    assert movement.kind == "purchase"
    _, again = buy(shop, product["product_id"], quantity=3, key="buy-1")
    assert again["replayed"] and again["order"] == order
    status, error = buy(shop, product["product_id"], quantity=1, key="buy-1")
    assert status == 400 and error["error"]["code"] == "idempotency_key_reused"
    assert ledger.balance_of(ledger.client_balance("c1")) == 500
    status, orders = call(shop, "GET", "/api/orders", CLIENT)
    assert status == 200 and orders["items"] == [order]
    _, history = call(shop, "GET", "/api/payments/transactions", CLIENT)
    assert history["items"][0]["type"] == "purchase" and history["items"][0]["amount_cents"] == -4500
    status, error = buy(shop, product["product_id"], user=READER)
    assert status == 403 and error["error"]["code"] == "forbidden"


def test_a_platform_product_pays_the_platform_in_full(shop) -> None:
    product = create(shop, ADMIN, name="Tarot deck", kind="digital", price_cents=999)
    fund("c1", 999, "pi_c1")
    status, _ = buy(shop, product["product_id"])
    assert status == 200
    assert platform_revenue() == 999 and ledger.balance_of(ledger.client_balance("c1")) == 0


def test_out_of_stock_and_too_little_balance_change_nothing(shop) -> None:
    product = create(shop, inventory=2)
    fund("c1", 2_000, "pi_c1")
    movements = LedgerMovementModel.count()
    status, error = buy(shop, product["product_id"], quantity=3)
    assert status == 409 and error["error"]["code"] == "out_of_stock"
    assert error["error"]["details"] == {"available": 2, "requested": 3}
    status, error = buy(shop, product["product_id"], quantity=2)
    assert status == 402 and error["error"]["code"] == "insufficient_funds"
    assert error["error"]["details"] == {"required_cents": 3000, "balance_cents": 2000}
    assert int(ProductModel.get(product["product_id"]).inventory) == 2
    assert ledger.balance_of(ledger.client_balance("c1")) == 2_000
    assert LedgerMovementModel.count() == movements and OrderModel.count() == 0


def test_twenty_concurrent_buyers_of_the_last_five_items_buy_exactly_five(shop) -> None:
    product = create(shop, inventory=5)
    buyers = [f"buyer{n}" for n in range(20)]
    for buyer in buyers:
        fund(buyer, 1_500, f"pi_{buyer}")
    with ThreadPoolExecutor(max_workers=20) as pool:
        pid = product["product_id"]
        results = list(pool.map(lambda b: in_domain(purchase.purchase, pid, b, 1, None, None, ADDRESS), buyers))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * 5 + [409] * 15
    assert {body["error"]["code"] for status, body in results if status == 409} == {"out_of_stock"}
    stored = ProductModel.get(product["product_id"])
    assert (int(stored.inventory), int(stored.sold)) == (0, 5)
    assert OrderModel.count() == 5
    paid = [b for b in buyers if ledger.balance_of(ledger.client_balance(b)) == 0]
    assert len(paid) == 5
    assert ledger.balance_of(ledger.reader_pending("r1")) == 5 * 1050 and platform_revenue() == 5 * 450
