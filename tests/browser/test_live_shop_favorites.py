"""Live stream gifts, a purchase, and a favorite's "online" toast, each through the web app."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Web
from tests.browser.journeys import add_funds, balance_cents, dollars, sign_in_as


def test_a_viewer_sends_a_gift_and_the_readers_stream_page_shows_it(web: Web) -> None:
    web.console_errors.allow(r"status of 402")  # the gift before any funds: "add funds"
    reader = web.new_page()
    viewer = web.new_page()
    web.sign_in(reader, "user_demo_reader_2", "reader")
    reader.goto(web.cloud.url("/live"))
    reader.get_by_label("Stream title").fill("Career crossroads, live")
    reader.get_by_role("form", name="Go live").get_by_role("button", name="Go live").click()
    expect(reader).to_have_url(re.compile(r"/live/"))
    expect(reader.get_by_test_id("agora-token-state")).to_contain_text("publisher")

    sign_in_as(viewer, web.cloud, "user_web_viewer", "client")
    viewer.goto(web.cloud.url("/live"))
    viewer.get_by_role("link", name="Career crossroads, live").click()
    expect(viewer.get_by_test_id("agora-token-state")).to_contain_text("subscriber")
    expect(reader.get_by_test_id("viewer-count")).to_have_text("1", timeout=10_000)

    viewer.get_by_role("button", name=re.compile(r"^rose ", re.IGNORECASE)).click()
    expect(viewer.get_by_role("link", name="Add funds")).to_be_visible()
    stream_url = viewer.url
    add_funds(viewer, web.cloud, 10)
    viewer.goto(stream_url)
    viewer.get_by_role("button", name=re.compile(r"^rose ", re.IGNORECASE)).click()
    expect(reader.get_by_role("list", name="Gift feed")).to_contain_text("A viewer sent a rose", timeout=10_000)
    expect(viewer.get_by_role("list", name="Gift feed")).to_contain_text("You sent a rose")
    assert balance_cents(web.cloud, "user_web_viewer") == 1000 - 100
    web.axe.assert_clean(viewer)
    web.axe.assert_clean(reader)
    web.screenshots(reader, "stream-reader")
    web.screenshots(viewer, "stream-viewer")

    reader.get_by_role("button", name="End stream").click()
    expect(reader.get_by_test_id("stream-totals")).to_contain_text("Gifts $1.00")
    expect(reader.get_by_test_id("stream-totals")).to_contain_text("your share $0.70")
    expect(viewer.get_by_role("heading", name="This stream has ended")).to_be_visible(timeout=10_000)
    reader.reload()  # the ended stream's page reads its totals from the stream itself
    expect(reader.get_by_test_id("stream-totals")).to_contain_text("Gifts $1.00 · your share $0.70 · 1 gifts")
    web.console_errors.assert_none()


def test_a_client_buys_a_readers_product_until_it_is_out_of_stock(web: Web) -> None:
    reader = web.new_page()
    buyer = web.new_page()
    web.sign_in(reader, "user_demo_reader_4", "reader")
    reader.goto(web.cloud.url("/my-products"))
    form = reader.get_by_role("form", name="New product")
    form.get_by_label("Name").fill("Dream Journal Template")
    form.get_by_label("Price in dollars").fill("7.50")
    form.get_by_label("Stock").fill("1")
    form.get_by_role("button", name="Create product").click()
    mine = reader.get_by_role("list", name="Your products")
    expect(mine).to_contain_text("Dream Journal Template")
    web.axe.assert_clean(reader)

    sign_in_as(buyer, web.cloud, "user_web_buyer", "client")
    add_funds(buyer, web.cloud, 10)
    buyer.goto(web.cloud.url("/shop"))
    buyer.get_by_role("link", name="Dream Journal Template").click()
    expect(buyer.get_by_test_id("stock")).to_have_text("1 in stock")
    web.axe.assert_clean(buyer)
    web.screenshots(buyer, "product")
    buyer.get_by_role("button", name="Buy for $7.50").click()
    buyer.get_by_role("button", name="Confirm and pay $7.50").click()  # the confirmation step says what is paid
    expect(buyer.get_by_text("Thank you! Order")).to_contain_text("$7.50 paid")
    expect(buyer.get_by_test_id("stock")).to_have_text("Out of stock")
    expect(buyer.get_by_role("button", name=re.compile("^Buy"))).to_have_count(0)
    assert balance_cents(web.cloud, "user_web_buyer") == 1000 - 750
    buyer.get_by_role("link", name="My orders").click()
    expect(buyer.get_by_role("list", name="Orders")).to_contain_text("Dream Journal Template")  # cards, not a table
    expect(buyer.get_by_role("list", name="Orders")).to_contain_text(dollars(750))
    web.screenshots(buyer, "orders")

    reader.reload()
    expect(mine).to_contain_text("0 in stock")
    web.console_errors.assert_none()


def test_a_favorite_reader_coming_online_is_announced(web: Web) -> None:
    fan = web.new_page()
    reader = web.new_page()
    sign_in_as(fan, web.cloud, "user_web_fan", "client")
    fan.goto(web.cloud.url("/readers/user_demo_reader_3"))
    expect(fan.get_by_text("Sister Maren is not available right now.")).to_be_visible()
    fan.get_by_role("button", name="☆ Add to favorites").click()
    expect(fan.get_by_role("button", name="★ Favorite (remove)")).to_be_visible()
    fan.goto(web.cloud.url("/favorites"))
    expect(fan.get_by_role("list", name="Favorite readers")).to_contain_text("Sister Maren")
    web.axe.assert_clean(fan)

    web.sign_in(reader, "user_demo_reader_3", "reader")
    reader.get_by_role("button", name="Go online").click()
    notifications = fan.get_by_role("region", name="Notifications")
    expect(notifications).to_contain_text("Sister Maren is online now.", timeout=15_000)
    web.screenshots(fan, "favorite-online")
    notifications.get_by_role("link", name="See profile").click()
    expect(fan.get_by_role("button", name=re.compile(r"^Start video"))).to_be_enabled(timeout=15_000)
    reader.get_by_role("button", name="Go offline").click()
    web.console_errors.assert_none()
