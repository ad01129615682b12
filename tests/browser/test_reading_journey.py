"""The whole paid video reading through the web app, two people in two browser contexts at once."""

from __future__ import annotations

import os
import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, ROOT, Web
from tests.browser.journeys import DECLINED_CARD, GOOD_CARD, add_funds, balance_cents, dollars

CLIENT = "user_demo_client"
READER = "user_demo_reader_1"
REMOTE_VIDEO = '[data-testid="remote video"]'
# Records the ICE servers of every RTCPeerConnection the page builds.
RECORD_ICE_SERVERS = """
(() => {
  const Native = window.RTCPeerConnection;
  window.__iceServers = [];
  window.RTCPeerConnection = function (config, ...rest) {
    window.__iceServers.push(JSON.parse(JSON.stringify((config && config.iceServers) || [])));
    return new Native(config, ...rest);
  };
  window.RTCPeerConnection.prototype = Native.prototype;
})();
"""


def _ice_urls(servers: list[dict[str, Any]]) -> list[str]:
    return sorted(url for server in servers for url in server["urls"])


def _remote_video_plays(page: Page) -> None:
    """The far side's fake-camera frames are decoded: a size, and playback time that moves."""
    playing = (
        f"() => {{ const v = document.querySelector('{REMOTE_VIDEO}');"
        " return v && v.videoWidth > 0 && v.currentTime > 0; }"
    )
    page.wait_for_function(playing, timeout=30_000)
    before = page.evaluate(f"document.querySelector('{REMOTE_VIDEO}').currentTime")
    page.wait_for_timeout(1000)
    after = page.evaluate(f"document.querySelector('{REMOTE_VIDEO}').currentTime")
    assert after > before, (before, after)


def _local_tracks(page: Page) -> dict[str, bool]:
    return dict(
        page.evaluate(
            "() => { const s = document.querySelector('[data-testid=\"local video\"]').srcObject;"
            " return {audio: s.getAudioTracks()[0].enabled, video: s.getVideoTracks()[0].enabled}; }"
        )
    )


def _call_controls_work(page: Page) -> None:
    """Mute and camera off switch the tracks the call sends (and back); full screen is the browser's own."""
    controls = page.get_by_role("group", name="Call controls")
    controls.get_by_role("button", name="Mute").click()
    expect(controls.get_by_role("button", name="Unmute")).to_have_attribute("aria-pressed", "true")
    controls.get_by_role("button", name="Camera off").click()
    expect(page.get_by_text("Your camera is off")).to_be_visible()
    assert _local_tracks(page) == {"audio": False, "video": False}
    controls.get_by_role("button", name="Unmute").click()
    controls.get_by_role("button", name="Camera on").click()
    assert _local_tracks(page) == {"audio": True, "video": True}
    controls.get_by_role("button", name="Full screen").click()
    page.wait_for_function("() => document.fullscreenElement?.classList.contains('videos')")
    controls.get_by_role("button", name="Exit full screen").click()
    page.wait_for_function("() => document.fullscreenElement === null")
    _remote_video_plays(page)


def _meter_minutes(page: Page) -> int:
    return int(page.get_by_test_id("meter-minutes").inner_text())


def _wait_meter_minutes(page: Page, at_least: int, timeout: float = 60_000) -> None:
    page.wait_for_function(
        f"() => Number(document.querySelector('[data-testid=meter-minutes]')?.textContent) >= {at_least}",
        timeout=timeout,
    )


def test_a_client_and_a_reader_hold_a_paid_video_reading(web: Web) -> None:
    web.console_errors.allow(r"status of 402")  # the declined test card, as Stripe answers it
    reader = web.new_page()
    client = web.new_page()
    for page in (reader, client):
        page.add_init_script(RECORD_ICE_SERVERS)

    # The reader opens the console and is online (their connection is their presence).
    web.sign_in(reader, READER, "reader")
    expect(reader).to_have_url(re.compile(r"/console$"))
    availability = reader.get_by_role("region", name="Availability")
    online = availability.get_by_text("Online", exact=True)
    settled = availability.get_by_text(re.compile(r"^(Online|Offline)$"))
    expect(settled).to_be_visible()  # the profile has loaded; the demo reader may be online already
    if settled.inner_text() == "Offline":
        reader.get_by_role("button", name="Go online").click()
    expect(online).to_be_visible()

    # The client signs in; a declined card shows Stripe's message, the test card adds $25.
    web.sign_in(client, CLIENT, "client")
    start_balance = balance_cents(web.cloud, CLIENT)
    client.goto(web.cloud.url("/wallet"))
    form = client.get_by_role("form", name="Add funds")
    form.get_by_label("Amount in dollars").fill("25")
    form.get_by_label("Card number").fill(DECLINED_CARD)
    form.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(form.get_by_role("alert")).to_contain_text("declined")
    add_funds(client, web.cloud, 25)
    assert balance_cents(web.cloud, CLIENT) == start_balance + 2500
    expect(client.get_by_test_id("wallet-balance")).to_have_text(dollars(start_balance + 2500))
    web.axe.assert_clean(client)
    web.screenshots(client, "wallet")

    # The client opens the reader's profile and asks for a video reading.
    client.goto(web.cloud.url(f"/readers/{READER}"))
    expect(client.get_by_role("heading", level=1)).to_have_text("Madame Celestine")
    web.axe.assert_clean(client)
    web.screenshots(client, "profile")
    client.get_by_role("button", name=re.compile(r"^Start video")).click()
    expect(client.get_by_role("heading", name=re.compile("Waiting for Madame Celestine|Video reading"))).to_be_visible()

    # The reader's console rings; the reader accepts and both are in the room.
    request = reader.get_by_role("list", name="Incoming requests").locator("li")
    expect(request).to_have_count(1, timeout=10_000)
    expect(request).to_contain_text("video")
    request.get_by_role("button", name="Accept").click()
    expect(reader).to_have_url(re.compile(r"/readings/ses_"))
    session_id = client.url.rsplit("/", 1)[-1]
    assert reader.url.endswith(session_id)
    expect(client.get_by_role("heading", name="Video reading")).to_be_visible(timeout=15_000)
    expect(reader.get_by_role("heading", name="Video reading")).to_be_visible()
    _remote_video_plays(client)
    _remote_video_plays(reader)
    # Both peers built their connections with the ICE servers the API gives a participant.
    for page, user in ((client, CLIENT), (reader, READER)):
        given = web.cloud.api("GET", f"/api/sessions/{session_id}/ice-servers", web.cloud.token(user)).json()
        built = page.evaluate("window.__iceServers")
        assert given["ice_servers"] and built, (user, given, built)
        assert all(_ice_urls(servers) == _ice_urls(given["ice_servers"]) for servers in built), (user, built)

    _call_controls_work(client)

    # Chat both ways.
    client.get_by_label("Message").fill("Hello from the client")
    client.get_by_label("Message").press("Enter")
    expect(reader.get_by_role("list", name="Chat transcript")).to_contain_text("Hello from the client")
    reader.get_by_label("Message").fill("Welcome, the cards are ready")
    reader.get_by_role("button", name="Send").click()
    expect(client.get_by_role("list", name="Chat transcript")).to_contain_text("Welcome, the cards are ready")

    session = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token(CLIENT)).json()
    rate, free = int(session["rate_cents"]), int(session["free_minutes"])
    assert rate == 399

    # Billing runs: the meter shows the charged minutes; the low-balance banner offers a top-up.
    low = client.get_by_role("alert", name="Low balance")
    expect(low).to_be_visible(timeout=90_000)
    minutes_at_low = _meter_minutes(client)
    low.get_by_role("button", name="Top up").click()  # a compact sheet, over the room
    sheet = client.get_by_role("dialog", name="Top up")
    sheet.get_by_label("Card number").fill(GOOD_CARD)  # the card form starts empty
    sheet.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(low).to_be_hidden(timeout=20_000)
    expect(sheet).to_be_hidden()
    _wait_meter_minutes(client, minutes_at_low + 3)  # the reading goes on past what the old balance covered
    minutes = _meter_minutes(client)
    cost = client.get_by_test_id("meter-cost").inner_text()
    assert cost in {dollars(max(0, m - free) * rate) for m in (minutes, minutes + 1, minutes - 1)}
    web.axe.assert_clean(client)
    web.axe.assert_clean(reader)
    web.screenshots(client, "reading-room-client")
    web.screenshots(reader, "reading-room-reader")
    if os.environ.get("SOULSEER_UPDATE_DOCS"):
        client.set_viewport_size(DESKTOP)
        client.screenshot(path=str(ROOT / "docs" / "reading-room.png"))

    # The client ends; both see the same summary; the balance fell by exactly minutes x rate.
    client.get_by_role("button", name="End reading").click()
    client.get_by_role("group", name="End this reading?").get_by_role("button", name="Yes, end it").click()
    expect(client.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=15_000)
    expect(reader.get_by_role("heading", name="Reading summary")).to_be_visible(timeout=15_000)
    ended = web.cloud.api("GET", f"/api/sessions/{session_id}", web.cloud.token(CLIENT)).json()
    assert ended["status"] == "ended"
    paid = int(ended["paid_minutes"])
    assert paid == int(ended["minutes"]) - free >= 1
    assert int(ended["total_cents"]) == paid * rate
    final = balance_cents(web.cloud, CLIENT)
    assert final == start_balance + 2500 + 2500 - paid * rate
    expect(client.get_by_test_id("summary-total")).to_have_text(dollars(paid * rate))
    expect(reader.get_by_test_id("summary-total")).to_have_text(dollars(paid * rate))
    expect(client.get_by_test_id("summary-minutes")).to_have_text(str(ended["minutes"]))
    web.axe.assert_clean(client)
    web.screenshots(reader, "summary-reader")

    # The client reviews the reading; the review appears on the reader's public profile.
    client.get_by_label("Your words (optional)").fill("Warm, precise and kind. Thank you!")
    client.get_by_role("button", name="Send review").click()
    expect(client.get_by_text("Thank you for your review.")).to_be_visible()
    web.screenshots(client, "summary-client")
    client.get_by_role("link", name="See it on the profile").click()
    expect(client.get_by_role("list", name="Reviews")).to_contain_text("Warm, precise and kind. Thank you!")
    client.goto(web.cloud.url("/wallet"))
    expect(client.get_by_test_id("wallet-balance")).to_have_text(dollars(final))
    web.console_errors.assert_none()
