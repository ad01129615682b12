"""The served web app loads in Chromium: its runtime config.json is fetched, the page renders, no
console errors, no serious accessibility violations; deep links and config.json are served right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests
from playwright.sync_api import Page

from tests.browser.conftest import Axe, ConsoleErrors, WebCloud


def test_the_app_loads_its_runtime_config_and_renders_cleanly(
    page: Page,
    web_cloud: WebCloud,
    console_errors: ConsoleErrors,
    axe: Axe,
    screenshots: Callable[[Page, str], list[Path]],
) -> None:
    with page.expect_response(lambda r: r.url == web_cloud.url("/config.json")) as fetched:
        page.goto(web_cloud.url("/"))
    config = fetched.value.json()
    assert config["apiUrl"] == web_cloud.gateway_url
    assert config["wsUrl"] == web_cloud.state["websocket_url"]
    page.wait_for_load_state("networkidle")
    assert page.title().strip()
    heading = page.get_by_role("heading", level=1).first
    heading.wait_for()
    assert heading.inner_text().strip()
    console_errors.assert_none()
    axe.assert_clean(page)
    shots = screenshots(page, "home")
    assert [p.name for p in shots] == ["home-375.png", "home-1280.png"]
    assert all(p.stat().st_size > 1000 for p in shots)


def test_deep_links_get_the_app_and_config_is_never_cached(web_cloud: WebCloud) -> None:
    root = requests.get(web_cloud.url("/"), timeout=10)
    deep = requests.get(web_cloud.url("/readers/user_demo_reader_1"), timeout=10)
    assert root.status_code == deep.status_code == 200
    assert deep.headers["Content-Type"].startswith("text/html")
    assert deep.text == root.text
    config = requests.get(web_cloud.url("/config.json"), timeout=10)
    assert config.headers["Content-Type"].startswith("application/json")
    assert "no-store" in config.headers["Cache-Control"]
    assert config.json()["payments"] == {
        "mode": "local",
        "publishableKey": web_cloud.state["stripe_publishable_key"],
        "stripeApiUrl": web_cloud.state["stripe_url"],
    }
    missing = requests.get(web_cloud.url("/assets/missing.js"), timeout=10)  # CloudFront's error response
    assert missing.status_code == 200 and missing.text == root.text


def test_the_dev_sign_in_page_signs_a_demo_client_in(
    page: Page, web_cloud: WebCloud, console_errors: ConsoleErrors, sign_in: Callable[..., None]
) -> None:
    with page.expect_response(lambda r: r.url.endswith("/dev/token")) as minted:
        sign_in(page, "user_demo_client_2", "client")
    assert minted.value.ok and minted.value.json()["token"]
    token = minted.value.json()["token"]
    me = web_cloud.api("GET", "/api/me", token).json()
    assert me["user_id"] == "user_demo_client_2" and me["role"] == "client"
    page.wait_for_load_state("networkidle")
    console_errors.assert_none()
