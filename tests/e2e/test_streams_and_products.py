"""Streams and the marketplace through `soulseer dev`: a reader goes live, viewers join with real WebSocket
clients, a gift over REST reaches every one of them; a product lands in the local Stripe and is bought
from a balance; the ledger audit stays clean."""

from __future__ import annotations

import asyncio

import pytest
import requests
import stripe

from soulseer_tools.localcloud.backends import LOCAL_AGORA_APP_ID, LOCAL_AGORA_CERTIFICATE
from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import RoomClient, api, auth, funded_client, online_reader
from tests.support.agora import decode

pytestmark = pytest.mark.e2e


def stripe_at(cloud: LocalCloud) -> stripe.StripeClient:
    return stripe.StripeClient(
        str(cloud.state["stripe_secret_key"]), base_addresses={"api": str(cloud.state["stripe_url"])}
    )


def assert_audit_clean(cloud: LocalCloud) -> None:
    audit = cloud.cli("audit", "--json")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert '"clean": true' in audit.stdout


def test_a_gift_over_rest_reaches_every_websocket_client_in_the_stream(local_cloud: LocalCloud) -> None:
    reader_token = online_reader(local_cloud, "user_e2e_streamer", (150, 250, 350))
    fan_token = funded_client(local_cloud, "user_e2e_fan", 1000)
    lurker_token = funded_client(local_cloud, "user_e2e_lurker", 500)
    outsider_token = local_cloud.token("user_e2e_outsider", "client")

    live = api(local_cloud, "POST", "/api/streams/create", reader_token, {"title": "Tarot under the full moon"})
    stream, grant = live["stream"], live["agora"]
    stream_id = stream["stream_id"]
    publisher = decode(grant["token"], LOCAL_AGORA_CERTIFICATE, stream["channel"], grant["uid"])
    assert publisher.app_id == LOCAL_AGORA_APP_ID and publisher.role == "publisher"
    joined = api(local_cloud, "POST", f"/api/streams/{stream_id}/join", fan_token)
    subscriber = decode(joined["agora"]["token"], LOCAL_AGORA_CERTIFICATE, stream["channel"], joined["agora"]["uid"])
    assert subscriber.role == "subscriber" and subscriber.expires_at == joined["agora"]["expires_at"]
    api(local_cloud, "POST", f"/api/streams/{stream_id}/join", lurker_token)

    async def scenario() -> dict[str, object]:
        url = local_cloud.websocket_url
        clients = [await RoomClient.connect(url, token) for token in (reader_token, fan_token, lurker_token)]
        outsider = await RoomClient.connect(url, outsider_token)
        try:
            for client in clients:
                await client.send("join-stream", stream_id=stream_id)
                await client.expect("stream-joined", stream_id=stream_id)
            # counted by their sockets in the audience: the fan and the lurker (the reader does not count)
            listed = await asyncio.to_thread(lambda: requests.get(local_cloud.url("/api/streams/live"), timeout=10))
            assert any(s["stream_id"] == stream_id and s["viewer_count"] == 2 for s in listed.json()["items"])
            sent = await asyncio.to_thread(
                api, local_cloud, "POST", f"/api/streams/{stream_id}/gift", fan_token, {"gift": "star"}
            )
            for client in clients:
                event = await client.expect("gift", gift_id=sent["gift_id"])
                assert (event["gift"], event["amount_cents"], event["from_user_id"]) == ("star", 500, "user_e2e_fan")
            refused = await asyncio.to_thread(
                requests.post,
                local_cloud.url(f"/api/streams/{stream_id}/gift"),
                json={"gift": "full-moon"},
                headers=auth(lurker_token),
                timeout=10,
            )
            assert refused.status_code == 402 and refused.json()["error"]["code"] == "insufficient_funds"
            await asyncio.to_thread(api, local_cloud, "POST", f"/api/streams/{stream_id}/end", reader_token)
            for client in clients:
                await client.expect("stream-ended")
            assert not [e for e in outsider.events if e.get("event") in ("gift", "stream-ended")]
            return sent
        finally:
            for client in [*clients, outsider]:
                await client.close()

    sent = asyncio.run(scenario())
    assert sent["reader_share_cents"] == 350
    assert api(local_cloud, "GET", "/api/payments/balance", fan_token)["balance_cents"] == 500
    assert api(local_cloud, "GET", "/api/payments/balance", lurker_token)["balance_cents"] == 500
    earnings = api(local_cloud, "GET", "/api/payments/balance", reader_token)["earnings"]
    assert earnings["pending_cents"] == 350
    assert_audit_clean(local_cloud)


def test_a_product_is_in_the_local_stripe_and_bought_from_a_balance(local_cloud: LocalCloud) -> None:
    seller_token = online_reader(local_cloud, "user_e2e_seller", (150, 250, 350))
    buyer_token = funded_client(local_cloud, "user_e2e_buyer", 3000)
    product = api(
        local_cloud,
        "POST",
        "/api/products",
        seller_token,
        {"name": "Rose quartz", "description": "Polished.", "kind": "physical", "price_cents": 1200, "inventory": 2},
    )
    client = stripe_at(local_cloud)
    remote = client.v1.products.retrieve(product["stripe"]["product_id"])
    price = client.v1.prices.retrieve(product["stripe"]["price_id"])
    assert remote.name == "Rose quartz" and remote.metadata["product_id"] == product["product_id"]
    assert (price.unit_amount, price.currency, price.product) == (1200, "usd", remote.id)

    path = f"/api/products/{product['product_id']}"
    public = requests.get(local_cloud.url(path), timeout=10)
    assert public.status_code == 200 and public.json()["inventory"] == 2
    listing = requests.get(local_cloud.url("/api/products"), params={"reader_id": "user_e2e_seller"}, timeout=10)
    assert [p["product_id"] for p in listing.json()["items"]] == [product["product_id"]]
    anonymous = requests.post(local_cloud.url("/api/products"), json={}, timeout=10)
    assert anonymous.status_code == 401
    repriced = api(local_cloud, "PUT", path, seller_token, {"price_cents": 1000})
    assert client.v1.prices.retrieve(repriced["stripe"]["price_id"]).unit_amount == 1000
    assert client.v1.products.retrieve(remote.id).default_price == repriced["stripe"]["price_id"]

    address = {"name": "E2E Buyer", "line1": "1 Main St", "city": "Springfield", "postal_code": "1", "country": "US"}
    bought = api(local_cloud, "POST", f"{path}/purchase", buyer_token, {"quantity": 2, "shipping_address": address})
    assert bought["order"]["total_cents"] == 2000 and bought["balance_cents"] == 1000
    sold_out = requests.post(local_cloud.url(f"{path}/purchase"), json={}, headers=auth(buyer_token), timeout=10)
    assert sold_out.status_code == 409 and sold_out.json()["error"]["code"] == "out_of_stock"
    orders = api(local_cloud, "GET", "/api/orders", buyer_token)["items"]
    assert [order["order_id"] for order in orders] == [bought["order"]["order_id"]]
    assert api(local_cloud, "GET", "/api/payments/balance", seller_token)["earnings"]["pending_cents"] == 1400
    assert_audit_clean(local_cloud)
