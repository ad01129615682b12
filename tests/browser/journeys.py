"""Steps of the web journeys, done through the UI as a person would (shared by the test_*.py files)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import WebCloud

DECLINED_CARD = "4000 0000 0000 0002"
GOOD_CARD = "4242 4242 4242 4242"


def sign_in_as(page: Page, web_cloud: WebCloud, user_id: str, role: str) -> None:
    """Signs in any user id with a role through the dev sign-in page's "Someone else" form."""
    page.goto(web_cloud.url("/sign-in"))
    page.get_by_label("Role").select_option(role)
    page.get_by_label("User id").fill(user_id)
    page.get_by_role("form", name="Sign in as someone else").get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


def add_funds(page: Page, web_cloud: WebCloud, dollars: int, card: str = GOOD_CARD) -> None:
    """The wallet's add-funds form with a test card; waits until the webhook credited the balance."""
    page.goto(web_cloud.url("/wallet"))
    form = page.get_by_role("form", name="Add funds")
    form.get_by_label("Amount in dollars").fill(str(dollars))
    form.get_by_label("Card number").fill(card)
    form.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(form.get_by_text("Funds added.")).to_be_visible(timeout=20_000)


def balance_cents(web_cloud: WebCloud, user_id: str) -> int:
    token = web_cloud.token(user_id)
    return int(web_cloud.api("GET", "/api/payments/balance", token).json()["balance_cents"])


def dollars(cents: int) -> str:
    return f"${cents // 100}.{cents % 100:02d}"


def choose_display_name(page: Page, name: str) -> None:
    """The display name asked once at the first sign-in (readers see it on requests, reviews show it)."""
    choose = page.get_by_role("form", name="Choose your display name")
    choose.get_by_role("textbox").fill(name)
    choose.get_by_role("button", name="Save name").click()
    expect(choose).to_be_hidden()


def reader_online(sign_in: Callable[..., None], page: Page, reader_id: str) -> None:
    """The reader opens the console and is online there (their connection is their presence)."""
    sign_in(page, reader_id, "reader")
    expect(page).to_have_url(re.compile(r"/console$"))
    availability = page.get_by_role("region", name="Availability")
    settled = availability.get_by_text(re.compile(r"^(Online|Offline)$"))
    expect(settled).to_be_visible(timeout=20_000)  # the profile has loaded (slow on a loaded machine)
    if settled.inner_text() == "Offline":
        page.get_by_role("button", name="Go online").click()
    expect(availability.get_by_text("Online", exact=True)).to_be_visible()


def in_view(page: Page, locator: Locator) -> bool:
    """The element is wholly inside the window as it is scrolled now (a person sees it without scrolling)."""
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box and size and box["y"] >= 0 and box["y"] + box["height"] <= size["height"])


def reader_profile(web_cloud: WebCloud, user_id: str, name: str, chat_cents: int = 150) -> None:
    """A signed-in reader's profile and rates, set through the API."""
    profile = {
        "display_name": name,
        "bio": "Here for the browser journeys.",
        "specialties": ["tarot"],
        "rates": {"chat_cents": chat_cents, "voice_cents": chat_cents + 100, "video_cents": chat_cents + 200},
    }
    assert web_cloud.api("PUT", "/api/readers/profile", web_cloud.token(user_id), json=profile).status_code == 200


def online_reader(page: Page, web_cloud: WebCloud, user_id: str, name: str, chat_cents: int = 150) -> None:
    """A new reader with a profile (set through the API), on the console and online: their open console is
    their presence."""
    sign_in_as(page, web_cloud, user_id, "reader")
    reader_profile(web_cloud, user_id, name, chat_cents)
    page.goto(web_cloud.url("/console"))
    availability = page.get_by_role("region", name="Availability")
    expect(availability.get_by_text("Offline", exact=True)).to_be_visible()
    expect(availability.get_by_text("Connecting to live updates…")).to_have_count(0)
    availability.get_by_role("button", name="Go online").click()
    expect(availability.get_by_text("Online", exact=True)).to_be_visible()


def request_chat(client: Page, web_cloud: WebCloud, reader_id: str) -> str:
    """The client asks the reader for a chat reading from the profile page; returns the session id."""
    client.goto(web_cloud.url(f"/readers/{reader_id}"))
    client.get_by_role("button", name=re.compile(r"^Start chat")).click()
    expect(client).to_have_url(re.compile(r"/readings/ses_"))
    return client.url.rsplit("/", 1)[-1]
