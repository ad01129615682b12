"""A reader is reached beyond the console in front: with notifications allowed, a request arriving while
the console tab is in the background shows a system notification (through the service worker) that
names the client; the console offers "Ring me when I'm away" with a clear permission step."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Web
from tests.browser.journeys import add_funds, sign_in_as

READER = "user_demo_reader_2"  # Orion Vale, kept online by the local cloud's demo presence


def test_a_request_shows_a_notification_while_the_console_is_in_the_background(web: Web) -> None:
    context = web.new_context()
    context.grant_permissions(["notifications"], origin=web.cloud.web_url)
    reader = context.new_page()
    web.sign_in(reader, READER, "reader")
    reader.goto(web.cloud.url("/console"))
    ring = reader.get_by_role("region", name="Ring me when I'm away")
    expect(ring.get_by_role("button", name="Allow notifications and ring me")).to_be_enabled()
    reader.wait_for_function("async () => !!(await navigator.serviceWorker.getRegistration())")
    reader.evaluate("async () => { await navigator.serviceWorker.ready; }")
    web.axe.assert_clean(reader)
    web.screenshots(reader, "console-ring-me")

    # Playwright emulates focus for every page; without that, the page has the focus it really has
    context.new_cdp_session(reader).send("Emulation.setFocusEmulationEnabled", {"enabled": False})
    elsewhere = context.new_page()  # the reader looks at another tab: the console is in the background
    elsewhere.goto(web.cloud.url("/readers"))
    elsewhere.bring_to_front()
    reader.wait_for_function("() => document.visibilityState === 'hidden' || !document.hasFocus()")

    client = web.new_page()
    sign_in_as(client, web.cloud, "user_web_ringer", "client")
    web.cloud.api("PUT", "/api/me", web.cloud.token("user_web_ringer"), json={"display_name": "Ada R."})
    add_funds(client, web.cloud, 10)
    client.goto(web.cloud.url(f"/readers/{READER}"))
    client.get_by_role("button", name=re.compile(r"^Start chat")).click()
    expect(client).to_have_url(re.compile(r"/readings/"))

    shown = reader.wait_for_function(
        """async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            const shown = registration ? await registration.getNotifications() : [];
            const seen = shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}));
            return seen.length ? seen : null;
        }""",
        timeout=20_000,
    ).json_value()
    (notification,) = shown
    assert notification["title"] == "Ada R. asks for a chat reading"
    assert notification["tag"].startswith("request-") and notification["url"].startswith("/console?request=")
    reader.wait_for_function("() => document.title.startsWith('🔔 Ada R.')")  # the tab's title flashes it
    reader.bring_to_front()
    expect(reader.get_by_role("list", name="Incoming requests")).to_contain_text("Ada R.")
    web.screenshots(reader, "console-request-ringing")
