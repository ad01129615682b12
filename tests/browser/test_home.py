"""The home page, as a first-time visitor and a client see it: how paying by the minute works (the free intro
minutes from the stage's parameter), the readers online now and the live streams (the APIs' data), the
satisfaction policy from config.json, and calls to action. At 1280 and 375 px, axe-clean."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

from soulseer_tools.localcloud.cfn_yaml import load_template_file
from tests.browser.conftest import ANY_IMPACT, Web
from tests.support.localcloud import ROOT


def test_the_home_page_explains_paying_by_the_minute_and_shows_who_is_online_and_live(web: Web) -> None:
    parameters = load_template_file(ROOT / "template.yaml")["Parameters"]
    policy = " ".join(str(parameters["SatisfactionPolicy"]["Default"]).split())
    free = int(parameters["FreeIntroMinutes"]["Default"])
    config = requests.get(web.cloud.url("/config.json"), timeout=10).json()
    assert config["storefront"] == {"freeIntroMinutes": free, "satisfactionPolicy": policy}

    host = web.cloud.token("user_demo_reader_1", "reader")
    stream = web.cloud.api("POST", "/api/streams/create", host, json={"title": "Tarot for the new moon"})
    assert stream.status_code == 200, stream.text
    stream_id = stream.json()["stream"]["stream_id"]
    try:
        visitor = web.new_page()
        visitor.goto(web.cloud.url("/"))
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Live psychic readings, paid by the minute")
        expect(visitor.get_by_text(f"Your first {free} minutes are free.")).to_be_visible()
        how = visitor.get_by_role("region", name="How it works")
        expect(how.get_by_role("listitem")).to_have_count(4)
        for step in ("Pick a reader", f"{free} free intro minutes", "Top up your balance", "End anytime"):
            expect(how.get_by_role("heading", name=step)).to_be_visible()

        online = web.cloud.api("GET", "/api/readers?status=online&sort=rating&limit=6").json()["items"]
        assert online, "the demo readers come online at boot"
        cards = visitor.get_by_role("list", name="Readers online now").locator("h3")
        expect(cards).to_have_text([r["display_name"] for r in online])  # the API's readers, best rated first
        live = visitor.get_by_role("list", name="Live now")
        expect(live).to_contain_text("Tarot for the new moon")
        expect(live).to_contain_text("with Madame Celestine")
        expect(visitor.get_by_test_id("satisfaction-policy")).to_contain_text(policy)
        expect(visitor.get_by_role("region", name="Readings you can trust")).to_contain_text("Verified reviews")
        expect(visitor.get_by_role("link", name="Sign in to start")).to_be_visible()
        web.axe.assert_clean(visitor, impacts=ANY_IMPACT)
        web.screenshots(visitor, "home-visitor")
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 1280
        visitor.set_viewport_size({"width": 375, "height": 812})
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 375  # nothing overflows a phone
        web.axe.assert_clean(visitor, impacts=ANY_IMPACT)
        live.get_by_role("link", name="Tarot for the new moon").click()
        expect(visitor).to_have_url(re.compile(rf"/live/{stream_id}$"))

        visitor.goto(web.cloud.url("/"))
        best = online[0]
        visitor.get_by_role("list", name="Readers online now").get_by_role("link", name=best["display_name"]).click()
        expect(visitor).to_have_url(re.compile(rf"/readers/{best['reader_id']}$"))

        client = web.new_page()
        web.sign_in(client, "user_demo_client", "client")
        client.goto(web.cloud.url("/"))
        expect(client.get_by_role("link", name="Top up your balance")).to_be_visible()
        client.get_by_role("region", name="Ready when you are").get_by_role("link", name="Find your reader").click()
        expect(client).to_have_url(re.compile(r"/readers$"))
        web.console_errors.assert_none()
    finally:
        web.cloud.api("POST", f"/api/streams/{stream_id}/end", host)
