"""A live stream people enjoy, through the web app: two viewers chat (each sees the other's words and name),
the reader removes a message (gone for the viewers) and mutes a viewer; a dear gift asks first and the
reader sees it with the sender's name; a signed-out visitor gets the preview (the stream, the real gift
totals, the chat read-only) with a sign-in prompt, and a way to book a private reading. axe finds nothing."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Web
from tests.browser.journeys import add_funds, balance_cents, sign_in_as

READER = "user_demo_reader_1"  # Madame Celestine


def choose_name(page: Page, name: str) -> None:
    """The "choose your display name" card a first sign-in shows."""
    form = page.get_by_role("form", name="Choose your display name")
    form.get_by_role("textbox").fill(name)
    form.get_by_role("button", name="Save name").click()
    expect(form).to_be_hidden()


def say(page: Page, text: str) -> None:
    form = page.get_by_role("form", name="Send a chat message")
    form.get_by_label("Message").fill(text)
    form.get_by_role("button", name="Send").click()
    expect(form.get_by_label("Message")).to_have_value("")


def chat_of(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("list", name="Stream chat")


def assert_no_axe_violations(web: Web, page: Page) -> None:
    found = web.axe(page)
    assert not found, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in found]


def test_viewers_chat_the_reader_moderates_a_confirmed_gift_names_its_sender_and_a_visitor_previews(web: Web) -> None:
    reader, ana, ben, visitor = web.new_page(), web.new_page(), web.new_page(), web.new_page()
    web.sign_in(reader, READER, "reader")
    reader.goto(web.cloud.url("/live"))
    reader.get_by_label("Stream title").fill("Moonlit questions, live")
    reader.get_by_role("form", name="Go live").get_by_role("button", name="Go live").click()
    expect(reader).to_have_url(re.compile(r"/live/str_"))
    stream_url = reader.url

    for page, user_id, name in ((ana, "user_chat_ana", "Ana"), (ben, "user_chat_ben", "Ben")):
        sign_in_as(page, web.cloud, user_id, "client")
        choose_name(page, name)
        page.goto(stream_url)
        expect(page.get_by_test_id("agora-token-state")).to_contain_text("subscriber")
    expect(reader.get_by_test_id("viewer-count")).to_have_text("2", timeout=10_000)

    # Two viewers chat: each sees the other's message with the name; the reader sees both
    say(ana, "Hello from Lisbon")
    expect(chat_of(ben)).to_contain_text("Ana")
    expect(chat_of(ben)).to_contain_text("Hello from Lisbon")
    say(ben, "Hi Ana, welcome!")
    expect(chat_of(ana).get_by_role("listitem").filter(has_text="Hi Ana, welcome!")).to_contain_text("Ben")
    say(ben, "Cheap followers at spam.example")
    expect(chat_of(reader)).to_contain_text("Cheap followers at spam.example")

    # The reader removes one message: gone for every viewer, the others stay
    spam = chat_of(reader).get_by_role("listitem").filter(has_text="spam.example")
    spam.get_by_role("button", name="Remove Ben's message").click()
    for page in (reader, ana, ben):
        expect(chat_of(page)).not_to_contain_text("spam.example")
        expect(chat_of(page)).to_contain_text("Hi Ana, welcome!")
    # ... and mutes Ben: his form gives way to a notice, and the API refuses him with `muted`
    chat_of(reader).get_by_role("listitem").filter(has_text="Hi Ana").get_by_role("button", name="Mute Ben").click()
    expect(ben.get_by_text("The reader has muted you in this chat.")).to_be_visible()
    refused = web.cloud.api(
        "POST",
        f"/api/streams/{stream_url.rsplit('/', 1)[1]}/chat",
        web.cloud.token("user_chat_ben"),
        json={"text": "still here?"},
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "muted"
    reader.reload()  # the reader's page still knows who is muted
    expect(chat_of(reader).get_by_role("button", name="Unmute Ben").first).to_be_visible()
    web.console_errors.allow(r"status of 403")

    # A gift above the threshold asks first; the reader sees it with the sender's name
    add_funds(ana, web.cloud, 30)
    ana.goto(stream_url)
    ana.get_by_role("button", name=re.compile(r"^full moon ", re.IGNORECASE)).click()
    confirm = ana.get_by_role("alertdialog")
    expect(confirm).to_have_accessible_name("Send Full moon for $25.00?")  # the icon is decoration
    assert balance_cents(web.cloud, "user_chat_ana") == 3000  # nothing moves before the yes
    web.screenshots(ana, "stream-gift-confirm")
    assert_no_axe_violations(web, ana)
    confirm.get_by_role("button", name="Send Full moon").click()
    expect(reader.get_by_role("list", name="Gift feed")).to_contain_text("Ana sent a full moon", timeout=10_000)
    expect(ana.get_by_role("list", name="Gift feed")).to_contain_text("You sent a full moon")
    expect(reader.get_by_test_id("gift-count")).to_have_text("1")
    assert balance_cents(web.cloud, "user_chat_ana") == 3000 - 2500
    ana.get_by_role("button", name=re.compile(r"^rose ", re.IGNORECASE)).click()  # a small gift goes at once
    expect(reader.get_by_role("list", name="Gift feed")).to_contain_text("Ana sent a rose", timeout=10_000)
    expect(ana.get_by_role("alertdialog")).to_have_count(0)

    # A signed-out visitor: the stream, the real totals and the chat, read-only, with a sign-in prompt
    visitor.goto(stream_url)
    expect(visitor.get_by_role("heading", name="Moonlit questions, live")).to_be_visible()
    expect(visitor.get_by_text("You are watching a preview.")).to_be_visible()
    expect(visitor.get_by_test_id("agora-token-state")).to_contain_text("preview: subscriber")  # watches the video
    expect(visitor.get_by_test_id("gift-count")).to_have_text("2")
    expect(visitor.get_by_text("$26.00 in gifts")).to_be_visible()
    expect(visitor.get_by_role("list", name="Gift feed")).to_contain_text("Ana sent a full moon")
    expect(chat_of(visitor)).to_contain_text("Hello from Lisbon")
    expect(chat_of(visitor)).not_to_contain_text("spam.example")
    expect(visitor.get_by_role("form", name="Send a chat message")).to_have_count(0)
    expect(visitor.get_by_role("button", name=re.compile(r"^rose ", re.IGNORECASE))).to_be_disabled()
    expect(visitor.get_by_role("link", name="Sign in").first).to_be_visible()
    assert_no_axe_violations(web, visitor)
    assert_no_axe_violations(web, reader)
    web.screenshots(reader, "stream-reader")
    web.screenshots(ben, "stream-viewer-muted")
    web.screenshots(visitor, "stream-signed-out")

    # "Book a private reading" leads to the reader's profile, where readings are requested
    visitor.get_by_role("link", name="Book a private reading").click()
    expect(visitor).to_have_url(re.compile(rf"/readers/{READER}$"))
    expect(visitor.get_by_role("heading", name="Madame Celestine")).to_be_visible()

    reader.get_by_role("button", name="End stream").click()
    expect(ana.get_by_role("heading", name="This stream has ended")).to_be_visible(timeout=10_000)
    web.console_errors.assert_none()
