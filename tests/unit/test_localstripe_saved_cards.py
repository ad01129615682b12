"""The local Stripe's saved cards: a card saved by a payment with setup_future_usage, attached test
methods, and off-session PaymentIntents confirmed server-side (success and decline), with the real SDK."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe

from soulseer_tools.localstripe import LocalStripeThread
from tests.unit.conftest import SECRET, Receiver


@pytest.fixture
def server(receiver: Receiver) -> Iterator[LocalStripeThread]:
    s = LocalStripeThread(port=0, webhook_endpoints=[(receiver.url, SECRET)], retry_delays=(0.05, 0.1, 0.2))
    s.start()
    yield s
    s.stop()


@pytest.fixture
def client(server: LocalStripeThread) -> stripe.StripeClient:
    return stripe.StripeClient("sk_test_local", base_addresses={"api": server.url}, max_network_retries=0)


def test_a_payment_with_setup_future_usage_saves_the_card_on_the_customer(client: stripe.StripeClient) -> None:
    customer = client.v1.customers.create(params={"metadata": {"user_id": "u1"}})
    intent = client.v1.payment_intents.create(
        params={"amount": 2500, "currency": "usd", "customer": customer.id, "setup_future_usage": "off_session"}
    )
    paid = client.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    assert paid.status == "succeeded"
    saved = str(paid.payment_method)
    assert saved.startswith("pm_") and not saved.startswith("pm_card_")
    methods = client.v1.customers.payment_methods.list(customer.id)
    assert [m.id for m in methods.data] == [saved]
    method = client.v1.payment_methods.retrieve(saved)
    assert (method.customer, method.card.brand, method.card.last4) == (customer.id, "visa", "4242")
    assert "_test_method" not in method  # the fake's own bookkeeping is never shown

    again = client.v1.payment_intents.create(
        params={
            "amount": 1000,
            "currency": "usd",
            "customer": customer.id,
            "payment_method": saved,
            "off_session": True,
            "confirm": True,
        }
    )
    assert (again.status, again.amount_received, again.payment_method) == ("succeeded", 1000, saved)


def test_a_payment_without_setup_future_usage_saves_nothing(client: stripe.StripeClient) -> None:
    customer = client.v1.customers.create()
    intent = client.v1.payment_intents.create(params={"amount": 900, "currency": "usd", "customer": customer.id})
    client.v1.payment_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    assert client.v1.customers.payment_methods.list(customer.id).data == []


def test_an_attached_customer_fail_card_is_declined_off_session(client: stripe.StripeClient) -> None:
    customer = client.v1.customers.create()
    method = client.v1.payment_methods.attach("pm_card_chargeCustomerFail", params={"customer": customer.id})
    assert method.customer == customer.id
    with pytest.raises(stripe.CardError) as declined:
        client.v1.payment_intents.create(
            params={
                "amount": 1000,
                "currency": "usd",
                "customer": customer.id,
                "payment_method": method.id,
                "off_session": True,
                "confirm": True,
            }
        )
    assert declined.value.code == "card_declined"
    intents = client.v1.payment_intents.list(params={"customer": customer.id}).data
    assert [(i.status, i.amount_received) for i in intents] == [("requires_payment_method", 0)]


def test_another_customers_card_is_refused(client: stripe.StripeClient) -> None:
    owner, other = client.v1.customers.create(), client.v1.customers.create()
    method = client.v1.payment_methods.attach("pm_card_visa", params={"customer": owner.id})
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.payment_intents.create(
            params={
                "amount": 1000,
                "currency": "usd",
                "customer": other.id,
                "payment_method": method.id,
                "confirm": True,
            }
        )
    detached = client.v1.payment_methods.detach(method.id)
    assert detached.customer is None
    assert client.v1.customers.payment_methods.list(owner.id).data == []
