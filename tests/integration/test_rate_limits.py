"""Per-user token buckets on the money-moving and booking routes: bursts are refused with 429
`rate_limited` and Retry-After before anything is created; buckets refill; users do not share them."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import stripe

from soulseer import limits
from soulseer.models import PaymentModel
from soulseer.stores.readings import SessionModel
from tests.conftest import STRIPE_TEST_KEY, TEST_ENV
from tests.support.apigw import LambdaContext, rest_event
from tests.support.readings import fund, make_reader


def post(api_module: Any, path: str, body: dict[str, Any], user: str) -> tuple[int, dict[str, str], Any]:
    response = api_module.handler(rest_event("POST", path, body=body, user=(user, "client")), LambdaContext())
    headers = {
        **(response.get("headers") or {}),
        **{name: values[0] for name, values in (response.get("multiValueHeaders") or {}).items()},
    }
    return response["statusCode"], headers, json.loads(response["body"])


def test_the_tests_use_the_templates_default_limits(template) -> None:
    assert template.document["Parameters"]["RateLimits"]["Default"] == TEST_ENV["RATE_LIMITS"]
    assert set(limits.parse(TEST_ENV["RATE_LIMITS"])) == {
        "add_balance",
        "start_reading",
        "gift",
        "purchase",
        "dispute",
        "stream_chat",
    }


def test_sixty_add_balance_calls_in_a_burst_create_five_intents(local_stripe, api_module) -> None:
    # back to back: one process runs one request at a time, as one Lambda container does
    results = [post(api_module, "/api/payments/add-balance", {"amount_cents": 1000}, "u1") for _ in range(60)]
    accepted = [body for status, _, body in results if status == 200]
    refused = [(headers, body) for status, headers, body in results if status == 429]
    assert len(accepted) == 5 and len(refused) == 55
    for headers, body in refused:
        assert body["error"]["code"] == "rate_limited"
        assert int(headers["Retry-After"]) == body["error"]["details"]["retry_after_seconds"] >= 1
    client = stripe.StripeClient(STRIPE_TEST_KEY, base_addresses={"api": local_stripe.url})
    assert len(client.v1.payment_intents.list(params={"limit": 100}).data) == 5
    assert PaymentModel.count() == 5
    status, _, _ = post(api_module, "/api/payments/add-balance", {"amount_cents": 1000}, "u2")
    assert status == 200  # another user's bucket is full


def test_fifteen_reading_requests_book_five(state_machines, api_module) -> None:
    make_reader("r1")
    fund("u1", 10_000, "pi_funds")
    results = [post(api_module, "/api/sessions/start", {"reader_id": "r1", "type": "chat"}, "u1") for _ in range(15)]
    # One open request per client: the next four are refused as request_open, yet each spends a token.
    assert [status for status, _, _ in results] == [200] + [409] * 4 + [429] * 10
    assert SessionModel.count() == 1


@pytest.fixture
def clock(aws, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(limits.time, "time", lambda: now[0])
    return now


def test_a_bucket_refills_one_token_per_interval_and_is_full_after_idling(clock: list[float]) -> None:
    for _ in range(5):
        limits.take("u1", "add_balance")  # 5 per 60 s: one token every 12 s
    with pytest.raises(limits.RateLimited) as refused:
        limits.take("u1", "add_balance")
    assert refused.value.retry_after == 12
    clock[0] += 12
    limits.take("u1", "add_balance")
    with pytest.raises(limits.RateLimited):
        limits.take("u1", "add_balance")
    clock[0] += 3600
    for _ in range(5):
        limits.take("u1", "add_balance")
    with pytest.raises(limits.RateLimited):
        limits.take("u1", "add_balance")
    limits.take("u1", "gift")  # each action has its own bucket


def test_a_limit_spec_must_be_positive() -> None:
    assert limits.parse("gift=30/60")["gift"].interval_ms == 2000
    with pytest.raises(ValueError):
        limits.parse("gift=0/60")


def test_concurrent_takes_never_exceed_the_capacity(aws) -> None:
    def attempt(_: int) -> bool:
        try:
            limits.take("u1", "purchase")  # 10 per 60 s
        except limits.RateLimited:
            return False
        return True

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert sum(pool.map(attempt, range(40))) == 10
