"""The shop after the purchase: a physical order needs a shipping address (without one: 400, nothing moves),
the buyer edits it until it ships, the seller ships (tracking) and delivers, the buyer hears each step;
a digital order's short-lived download link for its buyer only; the seller's sales page."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest

from soulseer import ledger, presence
from soulseer.readings import room
from tests.conftest import TEST_ENV
from tests.support.readings import fund, make_reader, pushed
from tests.support.streams import call

BUCKET = TEST_ENV["MEDIA_BUCKET"]
DECK = {"name": "Moon deck", "description": "78 cards.", "kind": "physical", "price_cents": 2500, "inventory": 3}
GUIDE = {"name": "Ritual guide", "description": "A PDF.", "kind": "digital", "price_cents": 900, "inventory": 100}
HOME = {"name": "Ada Client", "line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"}
CLIENT, SELLER = ("c1", "client"), ("r1", "reader")


@pytest.fixture
def shop(local_stripe: Any, api_module: Any) -> Any:
    boto3.client("s3").create_bucket(Bucket=BUCKET)
    make_reader("r1")
    fund("c1", 10_000, "pi_shop")
    room.connect("tab-c1", "c1", "client")
    presence.connected("c1", "tab-c1", "client")
    return api_module


def product(api: Any, body: dict[str, Any]) -> str:
    status, created = call(api, "POST", "/api/products", SELLER, body=body)
    assert status == 200, created
    return str(created["product_id"])


def buy(api: Any, product_id: str, **body: Any) -> tuple[int, Any]:
    return call(api, "POST", f"/api/products/{product_id}/purchase", CLIENT,
                resource="/api/products/{id}/purchase", body={"quantity": 1, **body})  # fmt: skip


def on_order(api: Any, method: str, order_id: str, action: str, user: tuple[str, str], body: Any = None):
    return call(api, method, f"/api/orders/{order_id}/{action}", user, resource=f"/api/orders/{{id}}/{action}",
                body=body)  # fmt: skip


def balance(user: str) -> int:
    return ledger.balance_of(ledger.client_balance(user))


def test_a_physical_purchase_without_an_address_is_400_and_moves_nothing(shop) -> None:
    deck = product(shop, DECK)
    status, body = buy(shop, deck)
    assert status == 400 and body["error"]["code"] == "address_required"
    status, body = buy(shop, deck, shipping_address={**HOME, "country": "usa"})
    assert status == 400 and body["error"]["code"] == "validation_failed"
    assert balance("c1") == 10_000
    status, shown = call(shop, "GET", f"/api/products/{deck}", resource="/api/products/{id}")
    assert shown["inventory"] == 3
    status, mine = call(shop, "GET", "/api/orders", CLIENT)
    assert mine["items"] == []


def test_ship_and_deliver_with_the_buyer_told_each_step(shop) -> None:
    deck = product(shop, DECK)
    status, bought = buy(shop, deck, shipping_address=HOME)
    assert status == 200, bought
    order = bought["order"]
    assert order["status"] == "paid" and order["shipping_address"]["city"] == "Springfield"
    assert order["seller"] == {"type": "reader", "id": "r1", "name": "r1"} and balance("c1") == 7_500
    order_id = order["order_id"]

    moved = {**HOME, "line1": "2 Elm St"}
    status, changed = on_order(shop, "PUT", order_id, "address", CLIENT, {"shipping_address": moved})
    assert status == 200 and changed["shipping_address"]["line1"] == "2 Elm St"
    status, body = on_order(shop, "PUT", order_id, "address", ("c2", "client"), {"shipping_address": HOME})
    assert status == 404  # another's order is not revealed

    status, sales = call(shop, "GET", "/api/orders/sales", SELLER)
    assert [(s["order_id"], s["shipping_address"]["line1"], s["reader_share_cents"]) for s in sales["items"]] == [
        (order_id, "2 Elm St", 1750)
    ]
    status, body = on_order(shop, "POST", order_id, "deliver", SELLER)
    assert status == 409 and body["error"]["code"] == "order_not_shipped"
    status, body = on_order(shop, "POST", order_id, "ship", ("c1", "client"), {"tracking": "x"})
    assert status == 403
    status, shipped = on_order(shop, "POST", order_id, "ship", SELLER, {"tracking": "USPS 9400 1000"})
    assert status == 200 and shipped["status"] == "shipped" and shipped["tracking"] == "USPS 9400 1000"
    status, body = on_order(shop, "PUT", order_id, "address", CLIENT, {"shipping_address": HOME})
    assert status == 409 and body["error"]["code"] == "order_not_paid"
    status, delivered = on_order(shop, "POST", order_id, "deliver", SELLER)
    assert status == 200 and delivered["status"] == "delivered" and delivered["delivered_at"]
    status, mine = call(shop, "GET", "/api/orders", CLIENT)
    assert [(o["status"], o["tracking"]) for o in mine["items"]] == [("delivered", "USPS 9400 1000")]
    told = [e["order"] for e in pushed("tab-c1") if e["event"] == "order-updated"]
    assert [(o["order_id"], o["status"], o["tracking"]) for o in told] == [
        (order_id, "shipped", "USPS 9400 1000"),
        (order_id, "delivered", "USPS 9400 1000"),
    ]


def test_a_digital_order_downloads_through_a_short_lived_link_for_its_buyer_only(shop) -> None:
    guide = product(shop, GUIDE)
    status, bought = buy(shop, guide)
    assert status == 200 and bought["order"]["shipping_address"] is None
    order_id = bought["order"]["order_id"]
    status, body = on_order(shop, "GET", order_id, "download", CLIENT)
    assert status == 404 and body["error"]["code"] == "file_not_found"  # the seller has not uploaded it yet
    pdf = b"%PDF-1.4 rituals"
    status, form = call(shop, "POST", "/api/uploads", SELLER,
                        body={"purpose": "product-file", "product_id": guide, "content_type": "application/pdf",
                              "size": len(pdf)})  # fmt: skip
    assert status == 200, form
    from tests.integration.test_uploads import upload

    upload(form, pdf, "r1")
    status, link = on_order(shop, "GET", order_id, "download", CLIENT)
    assert status == 200 and link["expires_in_seconds"] == 300
    query = parse_qs(urlsplit(link["url"]).query)
    assert query["X-Amz-Expires"] == ["300"] and "attachment" in query["response-content-disposition"][0]
    assert "Ritual guide.pdf" in query["response-content-disposition"][0]
    status, body = on_order(shop, "GET", order_id, "download", ("c2", "client"))
    assert status == 404
    status, body = on_order(shop, "POST", order_id, "ship", SELLER, {"tracking": "n/a"})
    assert status == 409 and body["error"]["code"] == "not_physical"
