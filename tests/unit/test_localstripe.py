"""The local Stripe, exercised with the real `stripe` SDK over http on 127.0.0.1."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import stripe

from soulseer_tools.localstripe import LocalStripeThread
from soulseer_tools.localstripe.__main__ import parse_args
from soulseer_tools.localstripe.encoding import parse_pairs
from soulseer_tools.localstripe.errors import StripeApiError
from tests.unit.conftest import SECRET, Receiver


@pytest.fixture
def server(receiver: Receiver) -> Iterator[LocalStripeThread]:
    s = LocalStripeThread(port=0, webhook_endpoints=[(receiver.url, SECRET)], retry_delays=(0.05, 0.1, 0.2))
    s.start()
    yield s
    s.stop()


@pytest.fixture
def client(server: LocalStripeThread) -> stripe.StripeClient:
    return stripe.StripeClient(
        "sk_test_local",
        base_addresses={"api": server.url, "connect": server.url, "files": server.url},
        max_network_retries=0,
    )


def http_json(url: str, method: str = "GET", body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def local_events(server: LocalStripeThread, event_type: str | None = None) -> list[dict[str, Any]]:
    query = f"?type={event_type}" if event_type else ""
    status, body = http_json(f"{server.url}/_local/events{query}")
    assert status == 200
    return body["data"]


def paid_intent(client: stripe.StripeClient, amount: int = 1000, **extra: Any) -> stripe.PaymentIntent:
    intent = client.v1.payment_intents.create(params={"amount": amount, "currency": "usd", **extra})
    return client.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})


def onboarded_account(client: stripe.StripeClient) -> stripe.Account:
    account = client.v1.accounts.create(params={"type": "express", "email": "reader@example.com"})
    client.raw_request("post", f"/v1/test_helpers/accounts/{account.id}/onboard")
    return client.v1.accounts.retrieve(account.id)


# -- encoding -----------------------------------------------------------------------------------


def test_form_encoding_decodes_nested_brackets_and_arrays() -> None:
    pairs = [
        ("amount", "1000"),
        ("metadata[user_id]", "u1"),
        ("metadata[0]", "zero"),
        ("expand[]", "latest_charge"),
        ("expand[]", "customer"),
        ("capabilities[transfers][requested]", "true"),
        ("items[0][price]", "price_1"),
        ("items[1][price]", "price_2"),
    ]
    assert parse_pairs(pairs) == {
        "amount": "1000",
        "metadata": {"user_id": "u1", "0": "zero"},
        "expand": ["latest_charge", "customer"],
        "capabilities": {"transfers": {"requested": "true"}},
        "items": [{"price": "price_1"}, {"price": "price_2"}],
    }
    with pytest.raises(StripeApiError):
        parse_pairs([("a", "1"), ("a[b]", "2")])


# -- auth and errors ----------------------------------------------------------------------------


def test_api_key_must_be_a_test_secret_key(server: LocalStripeThread) -> None:
    live = stripe.StripeClient("sk_live_nope", base_addresses={"api": server.url}, max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError):
        live.v1.customers.list()
    request = urllib.request.Request(f"{server.url}/v1/customers")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 401


def test_missing_object_and_unknown_parameter_errors(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.payment_intents.retrieve("pi_123")
    assert info.value.http_status == 404
    assert info.value.code == "resource_missing"
    assert info.value.user_message == "No such payment_intent: 'pi_123'"
    assert info.value.param == "id"
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.customers.create(params={"emial": "typo@example.com"})  # type: ignore[typeddict-unknown-key]
    assert info.value.code == "parameter_unknown"
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.payment_intents.create(params={"amount": 0, "currency": "usd"})
    assert info.value.param == "amount"
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.raw_request("get", "/v1/not_a_thing")
    assert info.value.http_status == 404


# -- customers ----------------------------------------------------------------------------------


def test_customer_create_retrieve_update_list(client: stripe.StripeClient) -> None:
    created = client.v1.customers.create(params={"email": "ada@example.com", "metadata": {"user_id": "u1"}})
    assert created.id.startswith("cus_")
    assert created.object == "customer"
    assert created.livemode is False
    fetched = client.v1.customers.retrieve(created.id)
    assert fetched.email == "ada@example.com"
    assert fetched.metadata.user_id == "u1"
    updated = client.v1.customers.update(created.id, params={"name": "Ada", "metadata": {"user_id": ""}})
    assert updated.name == "Ada"
    assert "user_id" not in updated.metadata
    client.v1.customers.create(params={"email": "other@example.com"})
    found = client.v1.customers.list(params={"email": "ada@example.com"})
    assert [c.id for c in found.data] == [created.id]
    assert found.object == "list"
    assert found.has_more is False


# -- payment intents ----------------------------------------------------------------------------


def test_payment_intent_confirm_with_visa_succeeds(client: stripe.StripeClient) -> None:
    customer = client.v1.customers.create(params={"email": "c@example.com"})
    intent = client.v1.payment_intents.create(
        params={
            "amount": 2500,
            "currency": "usd",
            "customer": customer.id,
            "metadata": {"user_id": "u1", "purpose": "topup"},
            "automatic_payment_methods": {"enabled": True},
        }
    )
    assert intent.id.startswith("pi_")
    assert intent.status == "requires_payment_method"
    assert intent.client_secret.startswith(f"{intent.id}_secret_")
    assert intent.automatic_payment_methods.enabled is True

    confirmed = client.v1.payment_intents.confirm(
        intent.id, params={"payment_method": "pm_card_visa", "expand": ["latest_charge"]}
    )
    assert confirmed.status == "succeeded"
    assert confirmed.amount_received == 2500
    charge = confirmed.latest_charge
    assert charge.id.startswith("ch_")
    assert charge.status == "succeeded"
    assert charge.payment_intent == intent.id
    assert charge.metadata.user_id == "u1"
    assert client.v1.payment_intents.retrieve(intent.id).latest_charge == charge.id

    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    assert info.value.http_status == 400
    assert info.value.code == "payment_intent_unexpected_state"


def test_create_with_confirm_true_processes_immediately(client: stripe.StripeClient) -> None:
    intent = client.v1.payment_intents.create(
        params={"amount": 700, "currency": "usd", "payment_method": "pm_card_mastercard", "confirm": True}
    )
    assert intent.status == "succeeded"
    assert intent.latest_charge.startswith("ch_")


def test_declined_card_raises_card_error(client: stripe.StripeClient, server: LocalStripeThread) -> None:
    intent = client.v1.payment_intents.create(params={"amount": 1000, "currency": "usd"})
    with pytest.raises(stripe.CardError) as info:
        client.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_chargeDeclined"})
    err = info.value
    assert err.http_status == 402
    assert err.code == "card_declined"
    assert err.user_message == "Your card was declined."
    assert err.error is not None
    assert err.error.decline_code == "generic_decline"
    assert err.error.payment_intent.id == intent.id
    assert err.error.payment_intent.status == "requires_payment_method"

    after = client.v1.payment_intents.retrieve(intent.id)
    assert after.status == "requires_payment_method"
    assert after.last_payment_error.code == "card_declined"
    assert [e["data"]["object"]["id"] for e in local_events(server, "payment_intent.payment_failed")] == [intent.id]

    retried = client.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    assert retried.status == "succeeded"
    assert retried.last_payment_error is None


def test_cancel_payment_intent(client: stripe.StripeClient) -> None:
    intent = client.v1.payment_intents.create(params={"amount": 1000, "currency": "usd"})
    canceled = client.v1.payment_intents.cancel(intent.id, params={"cancellation_reason": "abandoned"})
    assert canceled.status == "canceled"
    assert canceled.cancellation_reason == "abandoned"
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.payment_intents.cancel(intent.id)
    assert info.value.code == "payment_intent_unexpected_state"


# -- idempotency --------------------------------------------------------------------------------


def test_idempotency_key_replays_the_first_response(client: stripe.StripeClient, server: LocalStripeThread) -> None:
    params: Any = {"amount": 1500, "currency": "usd", "metadata": {"movement": "topup:u1:1"}}
    first = client.v1.payment_intents.create(params=params, options={"idempotency_key": "topup:u1:1"})
    second = client.v1.payment_intents.create(params=params, options={"idempotency_key": "topup:u1:1"})
    assert second.id == first.id
    assert second.client_secret == first.client_secret
    assert second.last_response is not None
    assert second.last_response.headers.get("Idempotent-Replayed") == "true"
    assert [pi.id for pi in client.v1.payment_intents.list().data] == [first.id]
    assert len(local_events(server, "payment_intent.created")) == 1


def test_idempotency_key_with_other_parameters_is_refused(client: stripe.StripeClient) -> None:
    client.v1.payment_intents.create(params={"amount": 1500, "currency": "usd"}, options={"idempotency_key": "k1"})
    with pytest.raises(stripe.IdempotencyError) as info:
        client.v1.payment_intents.create(params={"amount": 1600, "currency": "usd"}, options={"idempotency_key": "k1"})
    assert info.value.http_status == 400
    assert info.value.error is not None
    assert info.value.error.type == "idempotency_error"
    with pytest.raises(stripe.IdempotencyError):
        client.v1.customers.create(options={"idempotency_key": "k1"})
    assert len(client.v1.payment_intents.list().data) == 1


def test_declined_confirmation_is_replayed_too(client: stripe.StripeClient) -> None:
    intent = client.v1.payment_intents.create(params={"amount": 1000, "currency": "usd"})
    bodies = []
    for _ in range(2):
        with pytest.raises(stripe.CardError) as info:
            client.v1.payment_intents.confirm(
                intent.id, params={"payment_method": "pm_card_chargeDeclined"}, options={"idempotency_key": "c1"}
            )
        bodies.append(info.value.http_body)
    assert bodies[0] == bodies[1]
    charges = client.v1.charges.list(params={"payment_intent": intent.id})
    assert len(charges.data) == 1


# -- refunds and disputes -----------------------------------------------------------------------


def test_partial_refund_then_over_refund_is_refused(
    client: stripe.StripeClient, server: LocalStripeThread, receiver: Receiver
) -> None:
    intent = paid_intent(client, 1000, metadata={"user_id": "u7"})
    refund = client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 300})
    assert refund.id.startswith("re_")
    assert refund.status == "succeeded"
    assert refund.amount == 300
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert charge.amount_refunded == 300
    assert charge.refunded is False

    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 701})
    assert info.value.http_status == 400
    assert info.value.param == "amount"

    rest = client.v1.refunds.create(params={"charge": charge.id})
    assert rest.amount == 700
    assert client.v1.charges.retrieve(charge.id).refunded is True
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 1})

    assert server.wait_for_webhooks()
    refunded = receiver.of_type("charge.refunded")
    assert [e.data.object.amount_refunded for e in refunded] == [300, 1000]
    obj = refunded[0].data.object
    assert obj.object == "charge"
    assert obj.payment_intent == intent.id
    assert obj.amount == 1000
    assert obj.metadata.user_id == "u7"
    assert obj.refunds.data[0].id == refund.id
    assert refunded[0].data.previous_attributes.amount_refunded == 0


def test_dispute_test_helper_emits_charge_dispute_created(
    client: stripe.StripeClient, server: LocalStripeThread, receiver: Receiver
) -> None:
    intent = paid_intent(client, 4000, metadata={"user_id": "u9"})
    response = client.raw_request("post", "/v1/test_helpers/disputes", charge=intent.latest_charge)
    dispute = client.deserialize(response, api_mode="V1")
    assert dispute.id.startswith("dp_")
    assert dispute.status == "needs_response"
    assert server.wait_for_webhooks()
    (event,) = receiver.of_type("charge.dispute.created")
    assert event.data.object.id == dispute.id
    assert event.data.object.charge == intent.latest_charge
    assert event.data.object.payment_intent == intent.id
    assert event.data.object.amount == 4000
    assert event.data.object.reason == "fraudulent"
    assert client.v1.charges.retrieve(intent.latest_charge).disputed is True


# -- Connect ------------------------------------------------------------------------------------


def test_express_account_onboarding_through_the_account_link(
    client: stripe.StripeClient, server: LocalStripeThread, receiver: Receiver
) -> None:
    account = client.v1.accounts.create(
        params={
            "type": "express",
            "email": "reader@example.com",
            "country": "US",
            "capabilities": {"transfers": {"requested": True}, "card_payments": {"requested": True}},
            "metadata": {"reader_id": "r1"},
        }
    )
    assert account.id.startswith("acct_")
    assert (account.charges_enabled, account.payouts_enabled, account.details_submitted) == (False, False, False)
    assert account.capabilities.transfers == "inactive"

    link = client.v1.account_links.create(
        params={
            "account": account.id,
            "refresh_url": "http://127.0.0.1:5173/reader/onboarding/refresh",
            "return_url": "http://127.0.0.1:5173/reader/onboarding/done",
            "type": "account_onboarding",
        }
    )
    assert link.object == "account_link"
    assert link.url.startswith(f"{server.url}/connect/onboarding/{account.id}?")
    assert link.expires_at > time.time()

    with urllib.request.urlopen(link.url, timeout=5) as page:
        assert page.status == 200
        assert "reader/onboarding/done" in page.read().decode()
    done = client.v1.accounts.retrieve(account.id)
    assert (done.charges_enabled, done.payouts_enabled, done.details_submitted) == (True, True, True)
    assert done.capabilities.transfers == "active"
    assert done.metadata.reader_id == "r1"

    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(link.url, timeout=5)
    assert info.value.code == 410

    assert server.wait_for_webhooks()
    (event,) = receiver.of_type("account.updated")
    assert event.data.object.id == account.id
    assert event.data.object.payouts_enabled is True
    assert event.data.previous_attributes.payouts_enabled is False


def test_onboard_test_helper_enables_payouts(client: stripe.StripeClient) -> None:
    account = onboarded_account(client)
    assert account.payouts_enabled is True
    assert account.details_submitted is True


def test_transfers_need_an_onboarded_destination(client: stripe.StripeClient) -> None:
    pending = client.v1.accounts.create(params={"type": "express"})
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.transfers.create(params={"amount": 1500, "currency": "usd", "destination": pending.id})
    assert info.value.http_status == 400
    assert info.value.param == "destination"
    assert "onboard" in (info.value.user_message or "")
    with pytest.raises(stripe.InvalidRequestError) as info:
        client.v1.transfers.create(params={"amount": 1500, "currency": "usd", "destination": "acct_missing"})
    assert info.value.code == "resource_missing"

    ready = onboarded_account(client)
    other = onboarded_account(client)
    first = client.v1.transfers.create(
        params={
            "amount": 1500,
            "currency": "usd",
            "destination": ready.id,
            "transfer_group": "payout:r1:2026-01-01",
            "metadata": {"movement": "payout:r1:2026-01-01"},
        },
        options={"idempotency_key": "payout:r1:2026-01-01"},
    )
    assert first.id.startswith("tr_")
    assert first.destination == ready.id
    client.v1.transfers.create(params={"amount": 2000, "currency": "usd", "destination": other.id})
    second = client.v1.transfers.create(
        params={"amount": 1700, "currency": "usd", "destination": ready.id, "metadata": {"movement": "m2"}}
    )
    listed = client.v1.transfers.list(params={"destination": ready.id})
    assert [t.id for t in listed.data] == [second.id, first.id]
    assert [t.metadata.movement for t in listed.data] == ["m2", "payout:r1:2026-01-01"]
    limited = client.v1.transfers.list(params={"destination": ready.id, "limit": 1})
    assert [t.id for t in limited.data] == [second.id]
    assert limited.has_more is True
    everything = [t.id for t in client.v1.transfers.list(params={"limit": 1}).auto_paging_iter()]
    assert len(everything) == 3
    assert client.v1.transfers.retrieve(first.id).transfer_group == "payout:r1:2026-01-01"


# -- products and prices ------------------------------------------------------------------------


def test_products_and_prices(client: stripe.StripeClient) -> None:
    product = client.v1.products.create(params={"name": "Tarot deck", "metadata": {"sku": "deck-1"}})
    assert product.id.startswith("prod_")
    assert product.active is True
    price = client.v1.prices.create(params={"product": product.id, "unit_amount": 2999, "currency": "usd"})
    assert price.id.startswith("price_")
    assert price.unit_amount == 2999
    assert price.type == "one_time"
    updated = client.v1.products.update(product.id, params={"default_price": price.id, "active": False})
    assert updated.default_price == price.id
    assert updated.active is False
    other = client.v1.products.create(
        params={"name": "Crystal", "default_price_data": {"currency": "usd", "unit_amount": 1500}}
    )
    assert other.default_price.startswith("price_")
    assert [p.id for p in client.v1.prices.list(params={"product": product.id}).data] == [price.id]
    assert {p.id for p in client.v1.products.list().data} == {product.id, other.id}
    assert [p.id for p in client.v1.products.list(params={"active": True}).data] == [other.id]
    assert client.v1.prices.update(price.id, params={"active": False}).active is False
    assert client.v1.products.retrieve(product.id).metadata.sku == "deck-1"
    assert client.v1.prices.retrieve(price.id).product == product.id


def test_balance_reflects_charges_refunds_and_transfers(client: stripe.StripeClient) -> None:
    intent = paid_intent(client, 5000)
    client.v1.refunds.create(params={"payment_intent": intent.id, "amount": 1000})
    client.v1.transfers.create(params={"amount": 1500, "currency": "usd", "destination": onboarded_account(client).id})
    balance = client.v1.balance.retrieve()
    assert balance.available[0].amount == 2500
    assert balance.available[0].currency == "usd"


# -- webhooks -----------------------------------------------------------------------------------


def test_signed_webhooks_arrive_in_order_and_resend_duplicates(
    client: stripe.StripeClient, server: LocalStripeThread, receiver: Receiver
) -> None:
    intent = paid_intent(client, 1200, metadata={"user_id": "u1", "movement": "topup"})
    assert server.wait_for_webhooks()
    assert receiver.rejected == []
    (succeeded,) = receiver.of_type("payment_intent.succeeded")
    assert succeeded.id.startswith("evt_")
    assert succeeded.object == "event"
    assert succeeded.livemode is False
    assert succeeded.api_version == stripe.api_version
    obj = succeeded.data.object
    assert obj.id == intent.id
    assert obj.amount == 1200
    assert obj.metadata.user_id == "u1"
    assert obj.latest_charge == intent.latest_charge
    assert succeeded.request.idempotency_key  # the SDK sends one with every POST
    emitted = local_events(server)
    assert [e.id for e in receiver.events] == [e["id"] for e in emitted]
    assert [e["type"] for e in emitted] == [
        "payment_intent.created",
        "charge.succeeded",
        "payment_intent.succeeded",
    ]
    assert all(d["status"] == "delivered" for e in emitted for d in e["deliveries"])

    status, body = http_json(f"{server.url}/_local/events/{succeeded.id}/resend", "POST", {})
    assert (status, body["queued"]) == (200, 1)
    assert server.wait_for_webhooks()
    duplicates = receiver.of_type("payment_intent.succeeded")
    assert [e.id for e in duplicates] == [succeeded.id, succeeded.id]
    (record,) = local_events(server, "payment_intent.succeeded")
    assert [d["resend"] for d in record["deliveries"]] == [False, True]
    assert client.v1.events.retrieve(succeeded.id).type == "payment_intent.succeeded"


def test_failed_deliveries_are_retried_and_recorded(
    client: stripe.StripeClient, server: LocalStripeThread, receiver: Receiver
) -> None:
    receiver.fail_next = 2
    client.v1.customers.create(params={"email": "retry@example.com"})
    assert server.wait_for_webhooks()
    (event,) = local_events(server, "customer.created")
    (delivery,) = event["deliveries"]
    assert delivery["status"] == "delivered"
    assert [a["status"] for a in delivery["attempts"]] == [500, 500, 200]
    assert [e.type for e in receiver.events] == ["customer.created"]


def test_endpoints_added_at_run_time_get_their_own_secret(
    client: stripe.StripeClient, server: LocalStripeThread
) -> None:
    second = Receiver(secret="unused")
    try:
        status, endpoint = http_json(f"{server.url}/_local/webhook_endpoints", "POST", {"url": second.url})
        assert status == 200
        second.secret = endpoint["secret"]
        assert second.secret.startswith("whsec_")
        status, refused = http_json(
            f"{server.url}/_local/webhook_endpoints", "POST", {"url": "https://example.com/hook"}
        )
        assert status == 400
        assert "127.0.0.1" in refused["error"]["message"]
        client.v1.customers.create(params={"email": "late@example.com"})
        assert server.wait_for_webhooks()
        assert [e.type for e in second.events] == ["customer.created"]
        assert second.rejected == []
    finally:
        second.close()


def test_unreachable_endpoint_is_given_up_after_retries() -> None:
    with LocalStripeThread(
        port=0, webhook_endpoints=[("http://127.0.0.1:9/hook", SECRET)], retry_delays=(0.01, 0.01)
    ) as lonely:
        other = stripe.StripeClient("sk_test_x", base_addresses={"api": lonely.url}, max_network_retries=0)
        other.v1.customers.create()
        assert lonely.wait_for_webhooks()
        (event,) = local_events(lonely)
        (delivery,) = event["deliveries"]
        assert delivery["status"] == "failed"
        assert len(delivery["attempts"]) == 3
        assert all(a["error"] for a in delivery["attempts"])


def test_cli_arguments() -> None:
    args = parse_args(["--port", "0", "--webhook", "http://127.0.0.1:3000/hook?a=b=whsec_1"])
    assert args.port == 0
    assert args.host == "127.0.0.1"
    assert args.webhook == [("http://127.0.0.1:3000/hook?a=b", "whsec_1")]
    with pytest.raises(SystemExit):
        parse_args(["--webhook", "https://example.com/hook=whsec_1"])
