"""The money moments as a person sees them: a card saved with a top-up pays the next one in one tap (and
sets an automatic top-up, in dollars), a top-up in the room while minutes are charged finishes on its own
credit, and the history shows the reading as one line that links to it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Web
from tests.browser.journeys import GOOD_CARD, add_funds, balance_cents, dollars, sign_in_as

READER = "user_demo_reader_4"  # Luna Okafor, chat at $1.49 a minute
READER_NAME = "Luna Okafor"


def _reader_online(web: Web, reader: Page) -> None:
    web.sign_in(reader, READER, "reader")
    expect(reader).to_have_url(re.compile(r"/console$"))
    availability = reader.get_by_role("region", name="Availability")
    settled = availability.get_by_text(re.compile(r"^(Online|Offline)$"))
    expect(settled).to_be_visible(timeout=20_000)
    if settled.inner_text() == "Offline":
        reader.get_by_role("button", name="Go online").click()
    expect(availability.get_by_text("Online", exact=True)).to_be_visible()


def test_a_saved_card_pays_in_one_tap_and_sets_an_automatic_top_up(web: Web) -> None:
    client = web.new_page()
    client.set_viewport_size(PHONE)  # on a phone
    sign_in_as(client, web.cloud, "user_money_saved_card", "client")
    client.goto(web.cloud.url("/wallet"))
    form = client.get_by_role("form", name="Add funds")
    amount = form.get_by_label("Amount in dollars")
    expect(form.get_by_label("Card number")).to_have_value("")  # never pre-filled; the test cards are listed
    expect(form.get_by_label("Test cards")).to_contain_text("4242 4242 4242 4242")
    amount.fill("abc")
    expect(form.get_by_role("button", name="Pay", exact=True)).to_be_disabled()
    expect(form.get_by_text("Enter an amount from $5.00 to $500.00.")).to_be_visible()
    amount.fill("25")
    form.get_by_label("Card number").fill(GOOD_CARD)
    form.get_by_label("Save this card for one-tap and automatic top-ups").check()
    form.get_by_role("button", name="Pay $25.00").click()
    expect(form.get_by_text("Funds added.")).to_be_visible(timeout=20_000)
    saved = client.get_by_test_id("saved-card")
    expect(saved).to_have_text("Visa •••• 4242", timeout=10_000)
    expect(client.get_by_role("link", name="Your balance: $25.00")).to_be_visible()

    # One tap: the saved card pays; the form finishes on this payment's credit.
    client.reload()
    form = client.get_by_role("form", name="Add funds")
    form.get_by_label("Amount in dollars").fill("10")
    one_tap = form.get_by_role("button", name="Pay $10.00 with Visa •••• 4242")
    expect(form.get_by_label("Card number")).to_be_hidden()  # another card is one click away
    one_tap.click()
    expect(form.get_by_text("Funds added.")).to_be_visible(timeout=20_000)
    expect(client.get_by_role("link", name="Your balance: $35.00")).to_be_visible()
    assert balance_cents(web.cloud, "user_money_saved_card") == 3500

    # The automatic top-up, in dollars.
    auto = client.get_by_role("form", name="Automatic top-up")
    auto.get_by_label("Add (dollars)").fill("20")
    auto.get_by_label("When the balance is below (dollars)").fill("5")
    auto.get_by_role("button", name="Turn on automatic top-up").click()
    expect(auto).to_contain_text("On: $20.00 is added when your balance falls below $5.00.")
    cards = web.cloud.api("GET", "/api/payments/saved-card", web.cloud.token("user_money_saved_card")).json()
    assert cards == {
        "card": {"brand": "visa", "last4": "4242"},
        "auto_topup": {"amount_cents": 2000, "threshold_cents": 500, "paused_reason": None},
    }

    history = client.get_by_role("list", name="History, newest first").get_by_test_id("history-line")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("Funds added · $10.00")
    expect(history.nth(1)).to_contain_text("Funds added · $25.00")
    web.axe.assert_clean(client)
    web.screenshots(client, "wallet-saved-card")
    web.console_errors.assert_none()


def test_a_top_up_in_the_room_finishes_and_the_reading_is_one_line_of_history(web: Web) -> None:
    reader, client = web.new_page(), web.new_page()
    _reader_online(web, reader)
    user = "user_money_room"
    sign_in_as(client, web.cloud, user, "client")
    add_funds(client, web.cloud, 5)  # three free minutes, then $1.49 a minute: low after the first paid one
    client.goto(web.cloud.url(f"/readers/{READER}"))
    client.get_by_role("button", name=re.compile(r"^Start chat")).click()
    client.wait_for_url(re.compile(r"/readings/ses_"))
    session_id = client.url.rsplit("/", 1)[-1]
    request = reader.get_by_role("list", name="Incoming requests").locator("li")
    expect(request).to_have_count(1, timeout=10_000)
    request.get_by_role("button", name="Accept").click()
    expect(client.get_by_role("heading", name="Chat reading")).to_be_visible(timeout=15_000)

    # Minutes are charged every two seconds here; the room offers a top-up when two are left.
    low = client.get_by_role("alert", name="Low balance")
    expect(low).to_be_visible(timeout=60_000)
    top_up = low.get_by_role("form", name="Add funds")
    top_up.get_by_label("Amount in dollars").fill("10")
    top_up.get_by_label("Card number").fill(GOOD_CARD)
    web.screenshots(client, "room-top-up")
    top_up.get_by_role("button", name="Pay $10.00").click()
    # It finishes on its own credit (`balance-updated` for this payment), though minutes go on being charged:
    # the warning goes, the balance in the header has the $10.00 in it, the reading runs on.
    expect(low).to_be_hidden(timeout=20_000)
    header = client.get_by_role("link", name=re.compile(r"^Your balance: \$"))
    expect(header).to_have_text(re.compile(r"^\$(9|10|11)\.\d\d$"), timeout=5_000)
    details = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token(user)).json()
    assert details["status"] == "active" and details["paid_minutes"] >= 1
    web.screenshots(client, "room-after-top-up")

    client.get_by_role("button", name="End reading").click()
    client.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token(user)).json()
    for _ in range(50):
        if ended["status"] == "ended":
            break
        client.wait_for_timeout(200)
        ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token(user)).json()
    assert ended["status"] == "ended"
    paid, total = ended["paid_minutes"], ended["total_cents"]
    assert paid >= 2 and total == 149 * paid
    assert balance_cents(web.cloud, user) == 1500 - total

    # One line for the reading, however many minutes it had, linking to it.
    client.goto(web.cloud.url("/wallet"))
    lines = client.get_by_role("list", name="History, newest first").get_by_test_id("history-line")
    expect(lines).to_have_count(3)  # the reading and the two top-ups
    reading = lines.filter(has_text="Chat with")
    expect(reading).to_have_count(1)
    link = reading.get_by_role("link", name=f"Chat with {READER_NAME} · {paid} min · -{dollars(total)}")
    expect(link).to_be_visible()
    expect(lines.filter(has_text="Funds added · $10.00")).to_have_count(1)
    expect(lines.filter(has_text="Funds added · $5.00")).to_have_count(1)
    web.axe.assert_clean(client)
    web.screenshots(client, "wallet-history")
    link.click()
    expect(client).to_have_url(re.compile(rf"/readings/{session_id}$"))
    web.console_errors.assert_none()
