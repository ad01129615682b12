"""A reader sets up payouts from the console: a fresh Stripe onboarding link, Stripe's hosted page (the
local Stripe completes it) and back to the console with payouts enabled."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Web

READER = "user_demo_reader_5"


def test_a_reader_sets_up_payouts_from_the_console(web: Web) -> None:
    reader = web.new_page()
    web.sign_in(reader, READER, "reader")
    expect(reader).to_have_url(re.compile(r"/console$"))
    status = reader.get_by_test_id("payout-status")
    expect(status).to_contain_text("No payout account yet")
    web.axe.assert_clean(reader)

    reader.get_by_role("button", name="Set up payouts").click()
    # Stripe's hosted onboarding (the local Stripe's page completes it), then back through /reader/onboarding.
    expect(reader.get_by_role("heading", name="Onboarding complete")).to_be_visible(timeout=15_000)
    assert "/connect/onboarding/acct_" in reader.url
    reader.wait_for_url(re.compile(r"/console$"), timeout=15_000)

    # The account.updated webhook lands shortly after; the console's refresh shows it.
    def enabled() -> bool:
        reader.get_by_role("button", name="Refresh payout status").click()
        reader.wait_for_timeout(500)
        return status.inner_text() == "Payouts are enabled."

    for _ in range(20):
        if enabled():
            break
    expect(status).to_have_text("Payouts are enabled.")
    expect(reader.get_by_role("button", name="Set up payouts")).to_have_count(0)
    me = web.cloud.api("GET", "/api/me", web.cloud.token(READER)).json()
    assert me["payout_account"]["payouts_enabled"] is True
    web.axe.assert_clean(reader)
    web.screenshots(reader, "console-payouts")

    # Stripe's refresh_url (a used or expired link) gets a fresh link and goes on to Stripe again.
    reader.goto(web.cloud.url("/reader/onboarding?refresh=1"))
    expect(reader.get_by_role("heading", name="Onboarding complete")).to_be_visible(timeout=15_000)
    reader.wait_for_url(re.compile(r"/console$"), timeout=15_000)
