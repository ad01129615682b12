"""The reading room and the request around it, as a client and a reader see them (issue 20): the waiting
screen counts down, a decline gives the reader's reason in words and readers of the same specialty online
now; a spending limit ends a reading as limit_reached and the summary says with whom, when, free and paid
minutes, the total and the balance left; chat lines carry names and times; the review is posted under the
display name chosen at the first sign-in and shown as verified; on a phone the meter and End stay in view and
the in-room top-up is a compact sheet. The client's side runs at 375 px."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, PHONE, Web
from tests.browser.journeys import (
    GOOD_CARD,
    add_funds,
    balance_cents,
    choose_display_name,
    dollars,
    in_view,
    reader_online,
    sign_in_as,
)

READER = "user_demo_reader_4"  # Luna Okafor: dreams and tarot, chat at $1.49 a minute
READER_NAME = "Luna Okafor"
SAME_SPECIALTY = "user_demo_reader_1"  # Madame Celestine: tarot and love
SAME_SPECIALTY_NAME = "Madame Celestine"
RATE = 149
FREE = 3  # a new client's free intro minutes


def _request(web: Web, client: Page, limit: str | None = None) -> str:
    client.goto(web.cloud.url(f"/readers/{READER}"))
    if limit is not None:
        client.get_by_label(re.compile(r"^Spending limit")).fill(limit)
    client.get_by_role("button", name=re.compile(r"^Start chat")).click()
    client.wait_for_url(re.compile(r"/readings/ses_"))
    return client.url.rsplit("/", 1)[-1]


def _accept(reader: Page, session_id: str) -> None:
    request = reader.locator(f'li[data-session-id="{session_id}"]')
    expect(request).to_be_visible(timeout=10_000)
    request.get_by_role("button", name="Accept").click()
    expect(reader).to_have_url(re.compile(session_id))


def _room_is_active(page: Page, other: str) -> None:
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Chat reading with {other}", timeout=20_000)  # no "(connecting)"
    expect(page.get_by_label("Message")).to_be_enabled()


def _by_menu(page: Page, name: str) -> None:
    """A phone's menu, then one of its links (the menu closes itself on every change of page: open it again
    if a change still under way closed it)."""
    menu = page.get_by_role("button", name="Menu")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
    for _ in range(3):
        if menu.get_attribute("aria-expanded") != "true":
            menu.click()
        try:
            expect(link).to_be_visible(timeout=2_000)
            break
        except AssertionError:
            continue
    link.click()


def _seconds(timer: str) -> int:
    match = re.search(r"(\d+):(\d\d)", timer)
    assert match, timer
    return int(match[1]) * 60 + int(match[2])


def test_a_declined_request_counts_down_says_why_and_suggests_readers_online(web: Web) -> None:
    reader, other_reader, client = web.new_page(), web.new_page(), web.new_page()
    client.set_viewport_size(PHONE)
    reader_online(web.sign_in, reader, READER)
    reader_online(web.sign_in, other_reader, SAME_SPECIALTY)  # a tarot reader online now
    sign_in_as(client, web.cloud, "user_room_decline", "client")
    choose_display_name(client, "Sam Quill")
    add_funds(client, web.cloud, 10)
    session_id = _request(web, client)

    # The waiting screen counts down to the request's real expiry.
    expect(client.get_by_role("heading", name=f"Waiting for {READER_NAME}")).to_be_visible()
    timer = client.get_by_role("timer", name="Time left to answer")
    expect(timer).to_contain_text("to answer")
    expires_at = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_room_decline")).json()[
        "expires_at"
    ]
    first = _seconds(timer.inner_text())
    assert 0 < first <= 60
    client.wait_for_timeout(2_100)
    assert _seconds(timer.inner_text()) < first, expires_at
    web.axe.assert_clean(client)
    web.screenshots(client, "waiting-countdown")

    # The reader picks a reason and declines; the client reads it in words, and who else could read now.
    request = reader.locator(f'li[data-session-id="{session_id}"]')
    expect(request).to_contain_text("Sam Quill asks for a chat reading")
    request.get_by_label("Reason to decline").select_option(label="Not my specialty")
    request.get_by_role("button", name="Decline").click()
    expect(request).to_have_count(0, timeout=2_000)
    expect(client.get_by_role("heading", name="No reading this time")).to_be_visible()
    expect(client.get_by_role("alert").filter(has_text="specialty")).to_have_text(
        "The reader says this is not their specialty. You were not charged."
    )
    suggested = client.get_by_role("list", name="Suggested readers")
    expect(suggested).to_contain_text(SAME_SPECIALTY_NAME)
    expect(suggested).not_to_contain_text(READER_NAME)
    expect(suggested.locator(f'[data-reader-id="{READER}"]')).to_have_count(0)
    web.axe.assert_clean(client)
    web.screenshots(client, "declined-suggestions")
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_room_decline")).json()
    assert (ended["status"], ended["end_reason"], ended["total_cents"]) == ("cancelled", "declined", 0)

    # Reloaded later, the cancelled request still offers the readers online, and a tap opens one.
    client.reload()
    expect(client.get_by_role("heading", name="Request cancelled")).to_be_visible()
    suggested.get_by_role("link", name=SAME_SPECIALTY_NAME).click()
    expect(client).to_have_url(re.compile(f"/readers/{SAME_SPECIALTY}$"))
    web.console_errors.assert_none()


def test_a_spending_limit_ends_the_reading_and_the_summary_says_all(web: Web) -> None:
    reader, client = web.new_page(), web.new_page()
    client.set_viewport_size(PHONE)
    reader_online(web.sign_in, reader, READER)
    sign_in_as(client, web.cloud, "user_room_limit", "client")
    choose_display_name(client, "Robin Vale")
    add_funds(client, web.cloud, 10)
    start = balance_cents(web.cloud, "user_room_limit")

    # $3.00 covers two paid minutes at $1.49 after the three free ones; the third would pass it.
    session_id = _request(web, client, limit="3")
    _accept(reader, session_id)
    _room_is_active(client, READER_NAME)
    _room_is_active(reader, "Robin Vale")
    expect(client.get_by_text("Spending limit for this reading: $3.00")).to_be_visible()
    assert in_view(client, client.get_by_role("region", name="Reading meter"))
    assert in_view(client, client.get_by_role("button", name="End reading"))

    # Chat lines carry the sender's name and the time, on both sides.
    client.get_by_label("Message").fill("Hello, I dreamt of water")
    client.get_by_label("Message").press("Enter")
    line = reader.get_by_role("list", name="Chat transcript").locator("li", has_text="I dreamt of water")
    expect(line).to_contain_text("Robin Vale")
    expect(line.locator("time")).to_have_text(re.compile(r"\d{1,2}:\d{2}"))
    reader.get_by_label("Message").fill("Water is feeling")
    reader.get_by_role("button", name="Send").click()
    answer = client.get_by_role("list", name="Chat transcript").locator("li", has_text="Water is feeling")
    expect(answer).to_contain_text(READER_NAME)

    # Before the last paid minute the room says it is ending, and why.
    ending = client.get_by_role("status", name="Ending soon")
    expect(ending).to_contain_text(re.compile(r"Ending in [12] minutes?"), timeout=30_000)
    expect(ending).to_contain_text("your spending limit")
    web.screenshots(client, "room-ending-soon")

    expect(client.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=30_000)
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_room_limit")).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "limit_reached")
    assert (ended["minutes"], ended["paid_minutes"], ended["total_cents"]) == (FREE + 2, 2, 2 * RATE)
    left = balance_cents(web.cloud, "user_room_limit")
    assert left == start - 2 * RATE

    # The summary: the reader, the date, free and paid minutes, the total and the balance left.
    summary = client.get_by_test_id("reading-summary")
    expect(summary.get_by_test_id("summary-with")).to_have_text(READER_NAME)
    expect(summary.get_by_test_id("summary-date")).to_contain_text(str(time.gmtime().tm_year))
    expect(summary.get_by_test_id("summary-free-minutes")).to_have_text(str(FREE))
    expect(summary.get_by_test_id("summary-paid-minutes")).to_have_text("2")
    expect(summary.get_by_test_id("summary-total")).to_have_text(dollars(2 * RATE))
    expect(summary.get_by_test_id("summary-balance")).to_have_text(dollars(left))
    expect(summary.get_by_test_id("summary-end-reason")).to_have_text("It reached the spending limit you set.")
    expect(reader.get_by_test_id("summary-with")).to_have_text("Robin Vale")
    client.get_by_text(re.compile(r"^Chat transcript")).click()
    transcript = client.get_by_role("list", name="Transcript")
    expect(transcript).to_contain_text("Robin Vale (you)")
    expect(transcript).to_contain_text(READER_NAME)
    web.axe.assert_clean(client)
    web.screenshots(client, "summary-limit")

    # The review goes out under the chosen display name, and the profile shows it as verified.
    review = client.get_by_role("form", name="Your review")
    expect(review.get_by_role("radio", name="Robin Vale")).to_be_checked()
    review.get_by_label("Your words (optional)").fill("She read my dream in plain words.")
    review.get_by_role("button", name="Send review").click()
    expect(client.get_by_text("Thank you for your review.")).to_be_visible()
    client.get_by_role("link", name="See it on the profile").click()
    posted = client.get_by_role("list", name="Reviews").locator("li", has_text="She read my dream in plain words.")
    expect(posted).to_contain_text("Robin Vale")
    expect(posted).to_contain_text("Verified reading")
    expect(posted).not_to_contain_text("Anonymous")
    web.screenshots(client, "review-on-profile")
    web.console_errors.assert_none()


def test_on_a_phone_the_room_keeps_meter_and_end_in_view_and_tops_up_in_a_sheet(web: Web) -> None:
    reader, client = web.new_page(), web.new_page()
    client.set_viewport_size(PHONE)
    reader_online(web.sign_in, reader, READER)
    sign_in_as(client, web.cloud, "user_room_phone", "client")
    choose_display_name(client, "Kit Moss")
    add_funds(client, web.cloud, 5)  # three paid minutes after the free ones
    start = balance_cents(web.cloud, "user_room_phone")
    session_id = _request(web, client)
    _accept(reader, session_id)
    _room_is_active(client, READER_NAME)
    for n in range(6):  # a long chat: the page grows, the meter and End stay where they are
        client.get_by_label("Message").fill(f"Line {n} of a long question about a long dream")
        client.get_by_label("Message").press("Enter")

    low = client.get_by_role("alert", name="Low balance")
    expect(low).to_be_visible(timeout=60_000)
    low.get_by_role("button", name="Top up").click()
    sheet = client.get_by_role("dialog", name="Top up")
    expect(sheet).to_be_visible()
    (ARTIFACTS / "room-phone").mkdir(parents=True, exist_ok=True)
    client.screenshot(path=str(ARTIFACTS / "room-phone" / "topup-sheet-375.png"))
    end = client.get_by_role("button", name="End reading")
    meter = client.get_by_role("region", name="Reading meter")
    assert in_view(client, meter) and in_view(client, end)
    end_box, sheet_box = end.bounding_box(), sheet.bounding_box()
    assert end_box and sheet_box and end_box["y"] + end_box["height"] <= sheet_box["y"], (end_box, sheet_box)
    assert sheet_box["height"] <= PHONE["height"] * 0.6  # compact: never the long form of the wallet page

    sheet.get_by_label("Card number").fill(GOOD_CARD)
    sheet.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(sheet).to_be_hidden(timeout=20_000)
    expect(low).to_be_hidden()
    # The reading goes on past what the first $5 covered (3 free + 3 paid minutes).
    client.wait_for_function(
        "() => Number(document.querySelector('[data-testid=meter-minutes]')?.textContent) >= 8", timeout=60_000
    )
    client.mouse.wheel(0, 2_000)
    assert in_view(client, end) and in_view(client, meter)
    web.screenshots(client, "room-phone")
    end.click()
    client.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    expect(client.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=15_000)
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_room_phone")).json()
    assert ended["end_reason"] == "ended_by_client" and ended["paid_minutes"] >= 4
    left = balance_cents(web.cloud, "user_room_phone")
    assert left == start + 2500 - ended["total_cents"]
    expect(client.get_by_test_id("summary-balance")).to_have_text(dollars(left))
    web.console_errors.assert_none()


def test_on_a_phone_the_bar_follows_a_request_and_a_reading_and_leads_back_to_the_room(web: Web) -> None:
    reader, client = web.new_page(), web.new_page()
    client.set_viewport_size(PHONE)
    reader_online(web.sign_in, reader, READER)
    sign_in_as(client, web.cloud, "user_room_bar_phone", "client")
    choose_display_name(client, "Ash Pike")
    add_funds(client, web.cloud, 10)
    session_id = _request(web, client)
    expect(client.get_by_role("heading", name=f"Waiting for {READER_NAME}")).to_be_visible()

    # Away from the waiting screen the bar follows the request: asked, then accepted, then back in the room.
    _by_menu(client, "Readers")
    bar = client.get_by_role("region", name="Your reading")
    expect(bar).to_contain_text(f"Reading with {READER_NAME} waiting for an answer")
    _accept(reader, session_id)
    expect(bar).to_contain_text(f"Reading with {READER_NAME} accepted, join the room")
    bar.get_by_role("link", name="Return").click()
    _room_is_active(client, READER_NAME)

    # The menu, then Readers: the meter runs on, and the bar on top of every page says so.
    _by_menu(client, "Readers")
    expect(bar).to_contain_text(f"Reading with {READER_NAME} in progress")
    client.mouse.wheel(0, 1_500)  # the bar stays in view while the page scrolls
    assert in_view(client, bar.get_by_role("link", name="Return"))
    web.axe.assert_clean(client)
    web.screenshots(client, "bar-phone")
    bar.get_by_role("link", name="Return").click()
    expect(client).to_have_url(re.compile(session_id))
    _room_is_active(client, READER_NAME)
    expect(bar).to_be_hidden()

    # Away again; End from the bar asks first, and then ends it on both sides.
    _by_menu(client, "Wallet")
    bar.get_by_role("button", name="End").click()
    bar.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    expect(bar).to_be_hidden(timeout=10_000)
    expect(reader.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=15_000)
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_room_bar_phone")).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "ended_by_client")
    web.console_errors.assert_none()
