"""A reader's self-serve payout onboarding: `POST /api/me/onboarding-link` makes the Express account on the
first ask and returns a fresh Stripe onboarding link each time; only readers may ask."""

from __future__ import annotations

import re

import pytest
import requests

from soulseer import users
from soulseer.models import ConnectAccountModel
from tests.support.operations import call, stripe_client

PATH = "/api/me/onboarding-link"


def test_a_reader_without_an_account_gets_one_and_a_fresh_link_each_time(local_stripe, api_module) -> None:
    users.set_role("r1", "reader")
    status, me = call(api_module, "GET", "/api/me", ("r1", "reader"))
    assert status == 200 and me["payout_account"] is None

    status, first = call(api_module, "POST", PATH, ("r1", "reader"))
    assert status == 200, first
    account_id = first["payout_account"]["account_id"]
    assert first["payout_account"] == {"account_id": account_id, "payouts_enabled": False, "details_submitted": False}
    assert re.match(rf"^{re.escape(local_stripe.url)}/connect/onboarding/{account_id}\?link=", first["url"])
    assert first["expires_at"] > 0
    account = stripe_client(local_stripe.url).v1.accounts.retrieve(account_id)
    assert account.type == "express" and account.metadata["reader_id"] == "r1"

    status, again = call(api_module, "POST", PATH, ("r1", "reader"))
    assert status == 200 and again["payout_account"]["account_id"] == account_id
    assert again["url"] != first["url"]  # links are single use
    assert ConnectAccountModel.count() == 1
    status, me = call(api_module, "GET", "/api/me", ("r1", "reader"))
    assert me["payout_account"]["account_id"] == account_id

    # Following the link is Stripe's hosted onboarding; the local Stripe completes it and sends the reader back.
    page = requests.get(again["url"], timeout=10, allow_redirects=False)
    assert page.status_code == 200 and "/reader/onboarding?done=1" in page.text
    assert stripe_client(local_stripe.url).v1.accounts.retrieve(account_id).payouts_enabled is True


@pytest.mark.parametrize("role", ["client", "admin"])
def test_only_readers_get_an_onboarding_link(local_stripe, api_module, role) -> None:
    users.set_role("u1", role)
    status, error = call(api_module, "POST", PATH, ("u1", role))
    assert status == 403 and error["error"]["code"] == "forbidden"
    assert ConnectAccountModel.count() == 0


def test_a_demoted_reader_is_refused_at_once_and_no_identity_is_401(local_stripe, api_module) -> None:
    users.set_role("r1", "client")
    status, _ = call(api_module, "POST", PATH, ("r1", "reader"), record_role=False)  # a stale authorization
    assert status == 403
    status, _ = call(api_module, "POST", PATH, None)
    assert status == 401
    assert ConnectAccountModel.count() == 0
