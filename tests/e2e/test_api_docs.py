"""GET /api/docs: the Swagger UI, served by the api function with its assets inlined, shows every
operation of the document in a real browser (Debian's Chromium), without fetching anything else."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
import requests
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = pytest.mark.e2e


def test_swagger_page_lists_the_operations(local_cloud) -> None:
    document = requests.get(local_cloud.url("/api/openapi.json"), timeout=10).json()
    operation_ids = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    gateway_host = urlparse(local_cloud.gateway_url).netloc
    foreign: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc != gateway_host else None)
            response = page.goto(local_cloud.url("/api/docs"))
            assert response is not None and response.status == 200
            assert response.headers["content-type"].startswith("text/html")
            page.wait_for_selector(".opblock", timeout=30_000)
            assert page.locator(".info .title").first.inner_text().startswith("SoulSeer API")
            shown = page.locator(".opblock").count()
            summaries = page.locator(".opblock-summary-path").all_inner_texts()
        finally:
            browser.close()
    assert shown == len(operation_ids)
    assert any("/api/sessions/start" in text for text in summaries)
    assert any("/api/readers/{id}" in text for text in summaries)
    assert foreign == []
