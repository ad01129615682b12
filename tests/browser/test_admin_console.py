"""An admin runs the platform from the web app: the dashboard with its charts, a client found and blocked
(and refused in their own browser), a reader made and suspended (gone from the public list), a client's
report resolved with a partial refund (the client sees the money and the outcome), payouts run (dry run
first) and seen in the history by the admin and by the reader, and the action log listing each; a client
never loads the console's code."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import Web, WebCloud
from tests.browser.journeys import (
    add_funds,
    balance_cents,
    dollars,
    online_reader,
    reader_profile,
    request_chat,
    sign_in_as,
)

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
    admin.get_by_role("textbox", name="User id").fill(NEW_READER)
    admin.get_by_role("textbox", name="Display name", exact=True).fill("Console Test Reader")
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

    # A client who opens /admin is turned away without downloading the console (only its small gate).
    client.goto(web.cloud.url("/admin"))
    expect(client.get_by_role("heading", name="Not for this account")).to_be_visible()
    expect(client.get_by_text("This page is for admins.")).to_be_visible()
    console_code = [url for url in fetched if re.search(r"/assets/(AdminArea|DailyChart)-", url)]
    assert not console_code, f"a client loaded admin code: {console_code}"
    assert any("/assets/" in url for url in fetched)


REPORTED_READER = "user_console_reported_reader"
REPORTING_CLIENT = "user_console_reporting_client"
PAID_READER = "user_console_paid_reader"
BUYER = "user_console_buyer"


def wait_until(check: Any, what: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what} did not happen in {timeout} s"
        time.sleep(0.3)
    return value


def reading_of(cloud: WebCloud, session_id: str, user_id: str) -> dict[str, Any]:
    return cloud.api("GET", f"/api/sessions/{session_id}", cloud.token(user_id)).json()


def test_an_admin_resolves_a_report_with_a_partial_refund_and_the_client_sees_it(web: Web) -> None:
    # A paid chat reading, through both people's browsers.
    reader = web.new_page()
    online_reader(reader, web.cloud, REPORTED_READER, "Ivy Reported", chat_cents=300)
    client = web.new_page()
    sign_in_as(client, web.cloud, REPORTING_CLIENT, "client")
    add_funds(client, web.cloud, 20)
    session_id = request_chat(client, web.cloud, REPORTED_READER)
    reader.get_by_role("list", name="Incoming requests").locator("li").get_by_role("button", name="Accept").click()
    expect(client.get_by_role("heading", name="Chat reading")).to_be_visible(timeout=20_000)
    wait_until(lambda: reading_of(web.cloud, session_id, REPORTING_CLIENT)["paid_minutes"] >= 2, "two paid minutes")
    client.get_by_role("button", name="End reading").click()
    client.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    expect(client.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=15_000)
    total = int(reading_of(web.cloud, session_id, REPORTING_CLIENT)["total_cents"])
    assert total >= 600
    after_reading = balance_cents(web.cloud, REPORTING_CLIENT)

    # The client reports a problem on the summary.
    client.get_by_label("What went wrong?").fill("The reader stopped answering after the first minute.")
    client.get_by_role("button", name="Report a problem").click()
    expect(client.get_by_test_id("report-outcome").get_by_role("status")).to_have_text("Our team is looking into it.")

    # The admin finds the report beside the reading and refunds part of it.
    admin = web.new_page()
    sign_in_as(admin, web.cloud, ADMIN, "admin")
    admin.goto(web.cloud.url("/admin/disputes"))
    case = admin.locator("article", has_text=f"{REPORTING_CLIENT} about {REPORTED_READER}")
    expect(case).to_contain_text("The reader stopped answering after the first minute.")
    expect(case).to_contain_text(f"charged {dollars(total)}")
    case.get_by_label("Note to the client").fill("Refunded the minutes after the reader went quiet.")
    case.get_by_label("Partial refund in dollars").fill("2.50")
    web.axe.assert_clean(admin)
    web.screenshots(admin, "admin-dispute")
    case.get_by_role("button", name="Refund part").click()
    expect(case).to_have_count(0)  # gone from the open queue
    admin.get_by_role("group", name="Dispute status").get_by_role("button", name="refunded").click()
    resolved = admin.locator("article", has_text=f"{REPORTING_CLIENT} about {REPORTED_READER}")
    expect(resolved).to_contain_text("refunded $2.50 — Refunded the minutes after the reader went quiet.")

    # The client sees the refunded balance and the report's outcome on the reading's summary.
    assert balance_cents(web.cloud, REPORTING_CLIENT) == after_reading + 250
    client.reload()
    outcome = client.get_by_test_id("report-outcome")
    expect(outcome.get_by_role("status")).to_have_text(
        "Refunded $2.50 to your balance: Refunded the minutes after the reader went quiet."
    )
    web.axe.assert_clean(client)
    web.screenshots(client, "summary-report-refunded")
    client.goto(web.cloud.url("/wallet"))
    expect(client.get_by_test_id("wallet-balance")).to_have_text(dollars(after_reading + 250))

    # The action log lists the resolution with its note.
    admin.get_by_role("navigation", name="Console sections").get_by_role("link", name="Action log").click()
    row = admin.get_by_test_id("action-log").locator("tr[data-action='dispute_resolved']").first
    expect(row).to_contain_text("Refunded the minutes after the reader went quiet.")
    web.console_errors.assert_none()


def payouts_enabled(reader: Page, web: Web) -> None:
    """The reader sets up payouts from the console (the local Stripe's onboarding page completes it)."""
    reader.goto(web.cloud.url("/console"))
    reader.get_by_role("button", name="Set up payouts").click()
    expect(reader.get_by_role("heading", name="Onboarding complete")).to_be_visible(timeout=15_000)
    reader.wait_for_url(re.compile(r"/console$"), timeout=15_000)
    me = lambda: web.cloud.api("GET", "/api/me", web.cloud.token(PAID_READER)).json()  # noqa: E731
    wait_until(lambda: (me()["payout_account"] or {}).get("payouts_enabled"), "account.updated reaching the API")


def test_an_admin_runs_payouts_and_both_see_the_history(web: Web) -> None:
    # A reader with payouts set up is owed $17.50 (70% of a $25 sale), above the $15 minimum.
    reader = web.new_page()
    sign_in_as(reader, web.cloud, PAID_READER, "reader")
    reader_profile(web.cloud, PAID_READER, "Paz Paid")
    payouts_enabled(reader, web)
    product = {"name": "Birth chart", "description": "Yours.", "kind": "digital", "price_cents": 2500, "inventory": 3}
    made = web.cloud.api("POST", "/api/products", web.cloud.token(PAID_READER), json=product)
    assert made.status_code == 200, made.text
    buyer = web.new_page()
    sign_in_as(buyer, web.cloud, BUYER, "client")
    add_funds(buyer, web.cloud, 25)
    bought = web.cloud.api(
        "POST", f"/api/products/{made.json()['product_id']}/purchase", web.cloud.token(BUYER), json={"quantity": 1}
    )
    assert bought.status_code == 200, bought.text
    reader.reload()
    history = reader.get_by_test_id("payout-history")
    expect(history).to_contain_text("$17.50")
    expect(history).to_contain_text("No payouts yet.")

    # The admin: a dry run first (nothing moves), then the run.
    admin = web.new_page()
    sign_in_as(admin, web.cloud, ADMIN, "admin")
    admin.goto(web.cloud.url("/admin/payouts"))
    admin.get_by_role("button", name="Dry run").click()
    result = admin.get_by_test_id("payout-result")
    expect(result).to_contain_text("Would pay", timeout=30_000)
    expect(result).to_contain_text("below the $15.00 minimum")
    earnings = lambda: web.cloud.api("GET", "/api/payments/balance", web.cloud.token(PAID_READER)).json()["earnings"]  # noqa: E731
    assert (earnings()["pending_cents"], earnings()["paid_out_cents"]) == (1750, 0)
    admin.get_by_role("button", name="Run payouts now").click()
    expect(result).to_contain_text("Paid", timeout=30_000)
    assert (earnings()["pending_cents"], earnings()["paid_out_cents"]) == (0, 1750)

    # The history per run, and the run's payouts per reader with their transfers.
    today = datetime.now(UTC).date().isoformat()
    runs = admin.get_by_test_id("payout-runs")
    run = runs.locator("tr", has_text=today)
    expect(run).to_be_visible()
    run.get_by_role("button", name="Details").click()
    detail = admin.get_by_test_id(f"payout-run-{today}")
    paid = detail.locator("tr", has_text=PAID_READER)
    expect(paid).to_contain_text("$17.50")
    expect(paid).to_contain_text("paid")
    expect(paid).to_contain_text(re.compile(r"tr_\w+"))
    web.axe.assert_clean(admin)
    web.screenshots(admin, "admin-payouts")

    # Per reader: the reader's page in the console lists their payouts.
    admin.get_by_role("navigation", name="Console sections").get_by_role("link", name="Users").click()
    admin.get_by_label("Find a user").fill(PAID_READER)
    admin.get_by_role("button", name="Search").click()
    admin.get_by_role("link", name=PAID_READER).click()
    payouts_of_reader = admin.locator(".card", has=admin.get_by_role("heading", name="Payouts", exact=True))
    expect(payouts_of_reader.locator("tbody tr")).to_have_count(1)
    expect(payouts_of_reader.locator("tbody tr")).to_contain_text(today)
    expect(payouts_of_reader.locator("tbody tr")).to_contain_text("$17.50")
    expect(payouts_of_reader.locator("tbody tr")).to_contain_text(re.compile(r"paid.*tr_\w+"))

    # The reader sees their own payout and when the next run is.
    reader.reload()
    mine = history.locator("tbody tr").first
    expect(mine).to_contain_text(today)
    expect(mine).to_contain_text("$17.50")
    expect(mine).to_contain_text("paid")
    expect(mine).to_contain_text(re.compile(r"tr_\w+"))
    expect(history).to_contain_text(re.compile(r"Next payout .+: nothing yet"))
    web.axe.assert_clean(reader)
    web.screenshots(reader, "console-payout-history")

    # The action log lists the run (its intent and its outcome).
    admin.get_by_role("navigation", name="Console sections").get_by_role("link", name="Action log").click()
    expect(admin.get_by_test_id("action-log").locator("tr[data-action='payout_run']").first).to_be_visible()
    web.console_errors.assert_none()
