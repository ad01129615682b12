"""Trust in the money moments, as people see them in the web app: a reading running elsewhere is always one
click away (the bar on every page), ending asks first, and a request the client withdrew leaves the reader's
console at once."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.browser.conftest import Web
from tests.browser.journeys import add_funds, sign_in_as

READER = "user_demo_reader_4"  # Luna Okafor, chat at $1.49 a minute
READER_NAME = "Luna Okafor"


def _reader_online(web: Web, reader: Page) -> None:
    web.sign_in(reader, READER, "reader")
    expect(reader).to_have_url(re.compile(r"/console$"))
    availability = reader.get_by_role("region", name="Availability")
    settled = availability.get_by_text(re.compile(r"^(Online|Offline)$"))
    expect(settled).to_be_visible(timeout=20_000)  # the profile has loaded (slow on a loaded machine)
    if settled.inner_text() == "Offline":
        reader.get_by_role("button", name="Go online").click()
    expect(availability.get_by_text("Online", exact=True)).to_be_visible()


def _request_chat(web: Web, client: Page) -> str:
    client.goto(web.cloud.url(f"/readers/{READER}"))
    client.get_by_role("button", name=re.compile(r"^Start chat")).click()
    client.wait_for_url(re.compile(r"/readings/ses_"))
    return client.url.rsplit("/", 1)[-1]


def test_leave_an_active_room_and_return_through_the_bar(web: Web) -> None:
    reader, client = web.new_page(), web.new_page()
    _reader_online(web, reader)
    sign_in_as(client, web.cloud, "user_trust_bar", "client")
    add_funds(client, web.cloud, 10)
    session_id = _request_chat(web, client)

    # While it waits for an answer, every other page already says so.
    client.get_by_role("link", name="Readers").first.click()
    bar = client.get_by_role("region", name="Your reading")
    expect(bar).to_contain_text(f"Reading with {READER_NAME} waiting for an answer")

    request = reader.get_by_role("list", name="Incoming requests").locator("li")
    expect(request).to_have_count(1, timeout=10_000)
    request.get_by_role("button", name="Accept").click()
    expect(reader).to_have_url(re.compile(session_id))

    # Back in the room through the bar; both are in, the reading is active.
    bar.get_by_role("link", name="Return").click()
    expect(client).to_have_url(re.compile(session_id))
    expect(client.get_by_role("heading", name="Chat reading")).to_be_visible(timeout=15_000)
    expect(bar).to_be_hidden()  # the room has its own End button

    # The client leaves the room by a menu link, as a person pressing Back would: the meter runs on, the bar says so.
    client.get_by_role("link", name="Wallet").first.click()
    expect(bar).to_contain_text(f"Reading with {READER_NAME} in progress", timeout=15_000)
    web.axe.assert_clean(client)
    web.screenshots(client, "bar-in-progress")
    reader.get_by_role("link", name="Console").first.click()
    reader_bar = reader.get_by_role("region", name="Your reading")
    expect(reader_bar).to_contain_text("in progress")  # the reader sees it too, with the client's name
    web.screenshots(reader, "bar-reader")

    # End asks first; "Keep it" keeps it running.
    bar.get_by_role("button", name="End").click()
    confirm = bar.get_by_role("group", name="End this reading?")
    expect(confirm).to_be_visible()
    web.screenshots(client, "bar-confirm-end")
    confirm.get_by_role("button", name="Keep it").click()
    assert (
        web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_trust_bar")).json()["status"]
        == "active"
    )
    bar.get_by_role("button", name="End").click()
    bar.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    expect(bar).to_be_hidden(timeout=10_000)
    expect(reader_bar).to_be_hidden(timeout=10_000)
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token("user_trust_bar")).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "ended_by_client")
    web.console_errors.assert_none()


def test_a_withdrawn_request_leaves_the_console_within_two_seconds(web: Web) -> None:
    reader, client = web.new_page(), web.new_page()
    _reader_online(web, reader)
    sign_in_as(client, web.cloud, "user_trust_withdraw", "client")
    # Asked once, at the first sign-in: the name readers see on requests.
    choose = client.get_by_role("form", name="Choose your display name")
    choose.get_by_role("textbox").fill("Robin")
    choose.get_by_role("button", name="Save name").click()
    expect(choose).to_be_hidden()
    client.reload()
    expect(client.get_by_role("link", name=re.compile(r"^Your balance"))).to_be_visible()  # the header shows it
    expect(choose).to_be_hidden()  # never asked again
    add_funds(client, web.cloud, 10)
    _request_chat(web, client)
    request = reader.get_by_role("list", name="Incoming requests").locator("li")
    expect(request).to_have_count(1, timeout=10_000)
    expect(request).to_contain_text(re.compile(r"\d+ s left"))
    expect(request).to_contain_text("Robin asks for a chat reading")
    web.screenshots(reader, "console-request")

    client.get_by_role("button", name="Cancel request").click()
    withdrawn = time.monotonic()
    expect(request).to_have_count(0, timeout=2_000)
    assert time.monotonic() - withdrawn < 2.5

    # After a reload the console reads the requests still ringing, with their real countdown.
    _request_chat(web, client)
    expect(request).to_have_count(1, timeout=10_000)
    reader.reload()
    expect(request).to_have_count(1, timeout=10_000)
    expect(request).to_contain_text(re.compile(r"([1-9]\d*) s left"))
    web.console_errors.assert_none()
