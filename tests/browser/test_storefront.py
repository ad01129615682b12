"""The storefront through the web app: a reader uploads a photo and it shows on their card; a client
searches "tarot", sorts by price and starts a chat from a card; a seller uploads a product's image and file
and a client buys it and downloads exactly that file; a physical order goes to the address the buyer gave
(and changed), the seller ships it and the buyer sees it. At 1280 and 375 px, axe-clean."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ANY_IMPACT, Web
from tests.browser.journeys import add_funds, balance_cents, sign_in_as


def a_photo(folder: Path, name: str = "me.jpg", size: tuple[int, int] = (900, 1200)) -> Path:
    path = folder / name
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 200)).save(buffer, "PNG" if name.endswith(".png") else "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_reader_uploads_a_photo_and_it_shows_on_their_card(web: Web, tmp_path: Path) -> None:
    reader = web.new_page()
    web.sign_in(reader, "user_demo_reader_4", "reader")
    reader.goto(web.cloud.url("/console"))
    reader.get_by_label(re.compile(r"^Choose a photo")).set_input_files(str(a_photo(tmp_path)))
    current = reader.get_by_role("img", name="Your current photo")
    expect(current).to_be_visible(timeout=30_000)  # after the media function's upload-processed event
    expect(current).to_have_js_property("naturalWidth", 320)  # once the browser has loaded it
    web.axe.assert_clean(reader)
    web.screenshots(reader, "console-photo")

    visitor = web.new_page()
    visitor.goto(web.cloud.url("/readers"))
    card = visitor.locator('[data-reader-id="user_demo_reader_4"]')
    photo = card.get_by_role("img", name="Photo of Luna Okafor")
    expect(photo).to_have_attribute("src", re.compile(r"^/media/readers/user_demo_reader_4/upl_\w+-96\.webp$"))
    expect(photo).to_have_js_property("naturalWidth", 96)
    rates = card.get_by_label("Reading types and rates")
    expect(rates).to_have_text("Chat $1.49/min · Call $1.99/min · Video $2.99/min")
    expect(card.get_by_text("3 free minutes for new clients")).to_be_visible()  # FreeIntroMinutes
    web.axe.assert_clean(visitor)
    web.screenshots(visitor, "reader-cards")


def test_a_client_searches_sorts_by_price_and_starts_a_chat_from_a_card(web: Web) -> None:
    client = web.new_page()
    sign_in_as(client, web.cloud, "user_web_seeker", "client")
    add_funds(client, web.cloud, 10)
    client.goto(web.cloud.url("/readers"))
    client.get_by_label("Search").fill("tarot")
    client.get_by_role("button", name="Search", exact=True).click()
    expect(client).to_have_url(re.compile(r"q=tarot"))
    cards = client.get_by_role("list", name="Readers").locator("li h2")
    expect(cards.first).to_be_visible()
    names = cards.all_inner_texts()
    assert "Madame Celestine" in names and "Luna Okafor" in names and "Orion Vale" not in names
    client.get_by_label("Sort by").select_option(label="Lowest price")
    expect(client).to_have_url(re.compile(r"sort=price"))
    expect(cards.first).to_have_text("Luna Okafor")  # $1.49 a minute, before Celestine's $1.99
    names = cards.all_inner_texts()
    assert names.index("Luna Okafor") < names.index("Madame Celestine")
    web.axe.assert_clean(client)
    web.screenshots(client, "search-tarot-by-price")
    client.get_by_role("button", name=re.compile(r"^Chat with Luna Okafor")).click()
    expect(client).to_have_url(re.compile(r"/readings/"))
    # Then withdrawn, as a person who only browsed would: nothing is left ringing at Luna's console for later tests.
    client.get_by_role("button", name="Cancel request").click()
    expect(client.get_by_role("button", name="Cancel request")).to_be_hidden()


def test_a_physical_order_with_an_address_is_shipped_by_the_seller_and_the_buyer_sees_it(web: Web) -> None:
    seller = web.new_page()
    web.sign_in(seller, "user_demo_reader_5", "reader")
    seller.goto(web.cloud.url("/my-products"))
    form = seller.get_by_role("form", name="New product")
    form.get_by_label("Name").fill("Amethyst cluster")
    form.get_by_label("Kind").select_option("physical")
    form.get_by_label("Price in dollars").fill("12.00")
    form.get_by_label("Stock").fill("3")
    form.get_by_role("button", name="Create product").click()
    expect(seller.get_by_role("list", name="Your products")).to_contain_text("Amethyst cluster")

    buyer = web.new_page()
    sign_in_as(buyer, web.cloud, "user_web_crystal_buyer", "client")
    add_funds(buyer, web.cloud, 20)
    buyer.goto(web.cloud.url("/shop"))
    buyer.get_by_role("link", name="Amethyst cluster").click()
    expect(buyer.get_by_role("link", name="Jasper Reyes")).to_be_visible()  # the seller by name
    buy = buyer.get_by_role("form", name="Buy")
    buy.get_by_label("Full name").fill("Ada Client")
    buy.get_by_label("Address", exact=True).fill("1 Main St")
    buy.get_by_label("City").fill("Springfield")
    buy.get_by_label("Postal code").fill("12345")
    buy.get_by_role("button", name="Buy for $12.00").click()
    confirm = buyer.get_by_role("region", name="Confirm your order")
    expect(confirm).to_contain_text("Ships to Ada Client, 1 Main St, Springfield 12345, US.")
    web.axe.assert_clean(buyer, impacts=ANY_IMPACT)
    web.screenshots(buyer, "confirm-order")
    confirm.get_by_role("button", name="Confirm and pay $12.00").click()
    expect(buyer.get_by_text("Thank you! Order")).to_contain_text("$12.00 paid")
    buyer.goto(web.cloud.url("/orders"))
    order = buyer.get_by_role("list", name="Orders").locator("li").filter(has_text="Amethyst cluster")
    expect(order).to_contain_text("Paid")
    order.get_by_role("button", name="Change the address").click()  # moved before it ships
    change = order.get_by_role("form", name="New address for Amethyst cluster")
    change.get_by_label("Address", exact=True).fill("22 Elm Rd")
    web.axe.assert_clean(buyer, impacts=ANY_IMPACT)
    web.screenshots(buyer, "change-address")
    change.get_by_role("button", name="Save the address").click()
    expect(order).to_contain_text("Ships to Ada Client, 22 Elm Rd, Springfield 12345, US")

    seller.goto(web.cloud.url("/sales"))
    sale = seller.get_by_role("list", name="Sales").locator("li").filter(has_text="Amethyst cluster")
    expect(sale).to_contain_text("Ships to Ada Client, 22 Elm Rd, Springfield 12345, US")
    web.axe.assert_clean(seller, impacts=ANY_IMPACT)
    web.screenshots(seller, "sales")
    sale.get_by_label("Carrier and tracking number").fill("USPS 9400 1234")
    sale.get_by_role("button", name="Mark shipped").click()
    expect(sale).to_contain_text("Shipped")

    expect(order).to_contain_text("Shipped", timeout=10_000)  # the buyer's open page heard order-updated
    expect(order).to_contain_text("Tracking: USPS 9400 1234")
    expect(order.get_by_role("button", name="Change the address")).to_have_count(0)  # shipped: too late
    web.axe.assert_clean(buyer, impacts=ANY_IMPACT)
    web.screenshots(buyer, "orders-shipped")
    sale.get_by_role("button", name="Mark delivered").click()
    expect(order).to_contain_text("Delivered", timeout=10_000)


def test_a_seller_uploads_an_image_and_a_file_and_a_buyer_downloads_exactly_that_file(web: Web, tmp_path: Path) -> None:
    seller = web.new_page()
    web.sign_in(seller, "user_demo_reader_3", "reader")
    seller.goto(web.cloud.url("/my-products"))
    form = seller.get_by_role("form", name="New product")
    form.get_by_label("Name").fill("Moon Phase Workbook")
    form.get_by_label("Description").fill("Twelve exercises for the lunar month.")
    form.get_by_label("Kind").select_option("digital")
    form.get_by_label("Price in dollars").fill("9.00")
    form.get_by_label("Stock").fill("50")
    form.get_by_role("button", name="Create product").click()
    row = seller.get_by_role("list", name="Your products").locator("li").filter(has_text="Moon Phase Workbook")
    expect(row.get_by_test_id("file-state")).to_have_text("No file yet: buyers cannot download until you upload it.")

    row.get_by_label(re.compile(r"^Add an image")).set_input_files(str(a_photo(tmp_path, "cover.png", (1200, 900))))
    thumb = row.get_by_role("img", name="Image of Moon Phase Workbook")
    expect(thumb).to_have_attribute("src", re.compile(r"^/media/products/prod_\w+/upl_\w+-96\.webp$"), timeout=30_000)
    expect(thumb).to_have_js_property("naturalWidth", 96)
    workbook = tmp_path / "moon-phase-workbook.pdf"
    workbook.write_bytes(b"%PDF-1.4\n% SoulSeer test workbook\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    row.get_by_label(re.compile(r"^Upload the file")).set_input_files(str(workbook))
    expect(row.get_by_test_id("file-state")).to_have_text("File uploaded: buyers can download it.", timeout=30_000)
    web.axe.assert_clean(seller, impacts=ANY_IMPACT)
    web.screenshots(seller, "my-products-media")

    buyer = web.new_page()
    sign_in_as(buyer, web.cloud, "user_web_workbook_buyer", "client")
    add_funds(buyer, web.cloud, 20)
    buyer.goto(web.cloud.url("/shop"))
    card = buyer.get_by_role("list", name="Products").locator("li").filter(has_text="Moon Phase Workbook")
    image = card.locator("img")
    expect(image).to_have_attribute("src", re.compile(r"^/media/products/prod_\w+/upl_\w+-320\.webp$"))
    expect(image).to_have_js_property("naturalWidth", 320)  # 1200x900 fitted into 320 px
    web.axe.assert_clean(buyer, impacts=ANY_IMPACT)
    web.screenshots(buyer, "shop-with-images")
    card.get_by_role("link", name="Moon Phase Workbook").click()
    expect(buyer.get_by_role("img", name="Moon Phase Workbook")).to_have_js_property("naturalWidth", 800)
    expect(buyer.get_by_role("link", name="Sister Maren")).to_be_visible()
    buyer.get_by_role("button", name="Buy for $9.00").click()
    confirm = buyer.get_by_role("region", name="Confirm your order")
    expect(confirm).to_contain_text("A download link appears in My orders once it is paid.")
    confirm.get_by_role("button", name="Confirm and pay $9.00").click()
    expect(buyer.get_by_text("Thank you! Order")).to_contain_text("$9.00 paid")
    assert balance_cents(web.cloud, "user_web_workbook_buyer") == 2000 - 900
    buyer.get_by_role("link", name="My orders").click()
    order = buyer.get_by_role("list", name="Orders").locator("li").filter(has_text="Moon Phase Workbook")
    link_answer = re.compile(r"/api/orders/ord_\w+/download$")
    with buyer.expect_response(link_answer) as answered, buyer.expect_download() as got:
        order.get_by_role("button", name="Download Moon Phase Workbook").click()
    link = answered.value.json()
    assert link["expires_in_seconds"] <= 300 and "X-Amz-Expires=300" in link["url"]  # a short-lived link
    download = got.value
    assert Path(download.path()).read_bytes() == workbook.read_bytes()  # exactly what the seller uploaded
    assert download.suggested_filename.endswith(".pdf")
    web.axe.assert_clean(buyer, impacts=ANY_IMPACT)
    web.screenshots(buyer, "orders-download")

    stranger = web.cloud.token("user_web_not_the_buyer", "client")
    order_id = order.get_attribute("data-order-id")
    assert web.cloud.api("GET", f"/api/orders/{order_id}/download", stranger).status_code in (403, 404)
    web.console_errors.assert_none()
