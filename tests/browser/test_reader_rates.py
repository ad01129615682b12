"""A reader sets their rates in dollars (issue 20: money in people's words, never "cents per minute"): what
they type is what clients see, and a rate that is not an amount of dollars cannot be saved."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Web
from tests.browser.journeys import reader_profile, sign_in_as

READER = "user_rates_reader"


def test_a_reader_sets_rates_in_dollars_and_clients_see_them(web: Web) -> None:
    reader = web.new_page()
    reader.set_viewport_size(PHONE)
    sign_in_as(reader, web.cloud, READER, "reader")
    reader_profile(web.cloud, READER, "Rhea Rates", chat_cents=150)
    reader.goto(web.cloud.url("/console"))
    form = reader.get_by_role("form", name="Your profile")
    chat = form.get_by_label("Chat, dollars per minute")
    expect(chat).to_have_value("1.50")
    expect(form.get_by_label("Voice, dollars per minute")).to_have_value("2.50")

    chat.fill("abc")
    expect(form.get_by_text("Enter each rate in dollars, like 1.99.")).to_be_visible()
    expect(form.get_by_role("button", name="Save profile")).to_be_disabled()

    chat.fill("2.25")
    save = form.get_by_role("button", name="Save profile")
    expect(save).to_be_enabled()
    with reader.expect_response(lambda r: r.url.endswith("/api/readers/profile") and r.request.method == "PUT") as put:
        save.click()
    assert put.value.status == 200
    rates = web.cloud.api("GET", f"/api/readers/{READER}").json()["rates"]
    assert (rates["chat_cents"], rates["voice_cents"], rates["video_cents"]) == (225, 250, 350)

    visitor = web.new_page()
    visitor.goto(web.cloud.url(f"/readers/{READER}"))
    expect(visitor.get_by_text("$2.25/min").first).to_be_visible()
    web.axe.assert_clean(reader)
    web.screenshots(reader, "rates-in-dollars")
