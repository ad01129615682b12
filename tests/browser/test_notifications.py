"""A reader is reached beyond the console in front: with notifications allowed, a request arriving while
the console tab is in the background shows a system notification (through the service worker) that
names the client; the console offers "Ring me when I'm away" with a clear permission step."""

from __future__ import annotations

import re
import time

import requests
from playwright.sync_api import expect

from tests.browser.conftest import Web
from tests.browser.journeys import add_funds, online_reader, request_chat, sign_in_as

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


def test_a_client_gets_a_receipt_by_email_and_unsubscribes_from_its_link_without_signing_in(web: Web) -> None:
    client = web.new_page()
    sign_in_as(client, web.cloud, "user_web_receipts", "client")
    client.goto(web.cloud.url("/account"))
    form = client.get_by_role("form", name="Email for receipts")
    form.get_by_label("Email for receipts").fill("receipts.fan@example.com")
    form.get_by_role("button", name="Save email").click()
    expect(form.get_by_label("Email for receipts")).to_have_value("receipts.fan@example.com")
    web.axe.assert_clean(client)
    web.screenshots(client, "account-notifications")
    add_funds(client, web.cloud, 10)

    def receipt() -> dict[str, str] | None:
        outbox = requests.get(f"{web.cloud.state['push_service_url']}/_outbox", timeout=10).json()
        mine = [e for e in outbox["emails"] if e["to"] == "receipts.fan@example.com"]
        return mine[0] if mine else None

    deadline = time.monotonic() + 20
    while (sent := receipt()) is None and time.monotonic() < deadline:
        time.sleep(0.3)
    assert sent is not None and sent["subject"] == "Receipt: $10.00 added to your balance"
    (link,) = re.findall(r"https?://\S+/unsubscribe\?token=\S+", sent["text"])
    stranger = web.new_page()  # the link works in a browser where nobody is signed in
    stranger.goto(link)
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_role("status")).to_contain_text("You are unsubscribed")
    web.screenshots(stranger, "unsubscribed")
    client.goto(web.cloud.url("/account"))
    expect(client.get_by_text("You unsubscribed from emails.")).to_be_visible()
    web.console_errors.assert_none()


ANSWERER = "user_web_answerer"


def _session(web: Web, session_id: str) -> dict[str, str]:
    return web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token(ANSWERER)).json()


def test_a_reader_answers_from_the_notifications_buttons_and_enables_the_chime_after_a_reload(web: Web) -> None:
    reader = web.new_page()
    online_reader(reader, web.cloud, ANSWERER, "Wren Answers")
    client = web.new_page()
    sign_in_as(client, web.cloud, "user_web_link_client", "client")
    add_funds(client, web.cloud, 10)

    # After a reload the browser keeps the chime silent until a click: the console asks once.
    # (No locator until the console is up: Playwright's page queries count as a click for the browser.)
    with reader.expect_response(re.compile(r"/api/me/requests$")):
        reader.reload()
    prompt = reader.get_by_test_id("enable-sound")
    expect(prompt).to_contain_text("keeps the request chime silent until you click")
    web.axe.assert_clean(reader)
    web.screenshots(reader, "console-enable-sound")
    prompt.get_by_role("button", name="Click to enable sound").click()
    expect(reader.get_by_role("status").filter(has_text="Sound is on")).to_be_visible()
    expect(prompt).to_have_count(0)
    assert reader.evaluate("() => navigator.userActivation.hasBeenActive")

    # Decline from the notification: the service worker opens /console?request=<id>&answer=decline.
    declined = request_chat(client, web.cloud, ANSWERER)
    expect(reader.get_by_role("list", name="Incoming requests")).to_contain_text("asks for a chat reading")
    reader.goto(web.cloud.url(f"/console?request={declined}&answer=decline"))
    said = reader.get_by_test_id("answer-from-link")
    expect(said).to_have_text("You declined the request. The client was told, at no charge.")
    expect(reader).to_have_url(re.compile(r"/console$"))  # the answer left the address
    assert (_session(web, declined)["status"], _session(web, declined)["end_reason"]) == ("cancelled", "declined")
    expect(reader.get_by_role("list", name="Incoming requests").locator("li")).to_have_count(0)

    # The same notification's Accept, pressed late: the request closed, and the console says what became of it.
    web.console_errors.allow(r"/api/sessions/ses_\w+/accept\): Failed to load resource: .* 409")
    reader.goto(web.cloud.url(f"/console?request={declined}&answer=accept"))
    expect(said).to_have_text("Could not accept the request: This request was declined.")
    expect(reader).to_have_url(re.compile(r"/console$"))
    web.screenshots(reader, "console-answer-closed")
    reader.goto(web.cloud.url(f"/console?request={declined}"))  # a click on the notification itself, late
    expect(said).to_have_text("That request is no longer waiting for an answer.")
    expect(reader).to_have_url(re.compile(r"/console$"))

    # Accept from the notification joins the reading.
    accepted = request_chat(client, web.cloud, ANSWERER)
    reader.goto(web.cloud.url(f"/console?request={accepted}&answer=accept"))
    expect(reader).to_have_url(re.compile(rf"/readings/{accepted}$"))
    expect(client.get_by_role("heading", name="Chat reading")).to_be_visible(timeout=20_000)
    expect(reader.get_by_role("heading", name="Chat reading")).to_be_visible()
    client.get_by_role("button", name="End reading").click()
    client.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    expect(client.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=15_000)
    web.console_errors.assert_none()
