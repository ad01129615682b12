"""An admin runs the platform from the web app: the dashboard with its charts, a client found and blocked
(and refused in their own browser), a reader made and suspended (gone from the public list), and the
action log listing each; a client never loads the console's code."""

from __future__ import annotations

import re

from playwright.sync_api import Request, expect

from tests.browser.conftest import Web
from tests.browser.journeys import add_funds, sign_in_as

ADMIN = "user_console_admin"
CLIENT = "user_console_client"
NEW_READER = "user_console_reader"


def test_an_admin_blocks_a_client_and_suspends_a_reader(web: Web) -> None:
    client = web.new_page()
    fetched: list[str] = []
    client.on("request", lambda request: fetched.append(request.url) if isinstance(request, Request) else None)
    sign_in_as(client, web.cloud, CLIENT, "client")
    add_funds(client, web.cloud, 10)
    client.goto(web.cloud.url("/readers"))
    expect(client.get_by_role("navigation", name="Main").get_by_role("link", name="Admin")).to_have_count(0)

    admin = web.new_page()
    sign_in_as(admin, web.cloud, ADMIN, "admin")
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(admin.get_by_role("heading", name="Operator console")).to_be_visible()
    sections = admin.get_by_role("navigation", name="Console sections")
    expect(admin.get_by_test_id("admin-now")).to_contain_text("Readers online", timeout=60_000)
    expect(admin.get_by_test_id("chart-Revenue")).to_be_visible(timeout=60_000)
    expect(admin.get_by_test_id("chart-Billed minutes")).to_be_visible()
    admin.get_by_role("button", name="30 days").click()
    expect(admin.get_by_role("button", name="30 days")).to_have_attribute("aria-pressed", "true")
    expect(admin.locator("[data-testid='chart-Revenue'] rect")).to_have_count(30, timeout=60_000)
    web.axe.assert_clean(admin)
    web.screenshots(admin, "admin-dashboard")

    # Find the client and block them, with a reason.
    sections.get_by_role("link", name="Users").click()
    admin.get_by_label("Find a user").fill("console_client")
    admin.get_by_role("button", name="Search").click()
    admin.get_by_role("link", name=CLIENT).click()
    expect(admin.get_by_test_id("user-active")).to_be_visible(timeout=30_000)
    admin.get_by_role("button", name="Block").click()
    admin.get_by_label("Reason (block)").fill("Abusive messages to readers")
    admin.get_by_role("button", name="Confirm: block").click()
    expect(admin.get_by_test_id("user-blocked")).to_contain_text("Abusive messages to readers")
    web.axe.assert_clean(admin)
    web.screenshots(admin, "admin-user")

    # The client, in their own browser, is refused a reading.
    online = web.cloud.api("GET", "/api/readers", params={"status": "online"}).json()["items"]
    assert online, "the demo readers are online"
    client.goto(web.cloud.url(f"/readers/{online[0]['reader_id']}"))
    web.console_errors.allow(r"/api/sessions/start\): Failed to load resource: .* 403")  # the refusal itself
    client.get_by_role("button", name=re.compile(r"^Start chat")).click()
    expect(client.get_by_role("alert")).to_contain_text("blocked")

    # Make a reader from a user, then suspend them: they leave the public list.
    sections.get_by_role("link", name="Readers").click()
    admin.get_by_label("User id").fill(NEW_READER)
    admin.get_by_label("Display name").fill("Console Test Reader")
    admin.get_by_role("button", name="Make reader").click()
    card = admin.get_by_test_id(f"admin-reader-{NEW_READER}")
    expect(card).to_be_visible()
    client.goto(web.cloud.url("/readers"))
    expect(client.get_by_text("Console Test Reader")).to_be_visible()
    card.get_by_role("button", name="Suspend").click()
    card.get_by_label("Reason (suspend)").fill("Fake reviews")
    card.get_by_role("button", name="Confirm: suspend").click()
    expect(card.get_by_text("Suspended", exact=True)).to_be_visible()
    web.screenshots(admin, "admin-readers")
    client.reload()
    expect(client.get_by_role("heading", level=1)).to_be_visible()
    expect(client.get_by_text("Console Test Reader")).to_have_count(0)

    # The action log lists each, with who and why.
    sections.get_by_role("link", name="Action log").click()
    log = admin.get_by_test_id("action-log")
    for action in ("user_blocked", "reader_created", "reader_suspended"):
        expect(log.locator(f"tr[data-action='{action}']").first).to_be_visible()
    expect(log).to_contain_text("Abusive messages to readers")
    expect(log).to_contain_text("Fake reviews")
    web.axe.assert_clean(admin)
    web.screenshots(admin, "admin-actions")

    assert not [url for url in fetched if re.search(r"/assets/(Admin|DailyChart)-", url)], "a client loaded admin code"
    assert any("/assets/" in url for url in fetched)


def test_an_admin_runs_payouts_and_sees_the_run_in_the_log(web: Web) -> None:
    admin = web.new_page()
    sign_in_as(admin, web.cloud, ADMIN, "admin")
    admin.goto(web.cloud.url("/admin/payouts"))
    admin.get_by_role("button", name="Dry run").click()
    expect(admin.get_by_test_id("payout-result")).to_contain_text("Would pay", timeout=30_000)
    admin.get_by_role("button", name="Run payouts now").click()
    expect(admin.get_by_test_id("payout-result")).to_contain_text("Paid", timeout=30_000)
    web.axe.assert_clean(admin)
    web.screenshots(admin, "admin-payouts")
    admin.get_by_role("navigation", name="Console sections").get_by_role("link", name="Action log").click()
    expect(admin.get_by_test_id("action-log").locator("tr[data-action='payout_run']").first).to_be_visible()
