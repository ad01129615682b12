"""Browser tests: Debian's Chromium, driven by Playwright, against `soulseer dev` serving the built web app.

Fixtures:
- `web_cloud` (package): the local cloud on free loopback ports with short billing ticks, serving
  web/dist (build it first: `make test` does) and config.json at `web_cloud.web_url`.
- `browser` (package): Chromium with the flags of DESIGN.md (fake camera and microphone, loopback ICE).
- `new_context()`: a fresh browser context (call it twice for two people at once) with camera and
  microphone granted; every page it opens reports console errors to `console_errors`.
- `console_errors`: fails the test at teardown on any console error or uncaught page error;
  `console_errors.allow(pattern)` accepts one the test expects (a declined card's 402, say).
- `axe(page)`: runs axe-core in the page; `axe.assert_clean(page)` fails on serious or critical violations.
- `screenshots(page, name)`: writes `<name>-375.png` and `<name>-1280.png` to test-artifacts/.
- `sign_in(page, user_id, role)`: signs in through the web app's dev sign-in page.
- `web`: all of the above a journey test works with, in one (`web.new_page()` is one more person).
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, expect, sync_playwright

from tests.support.localcloud import ROOT, DevPorts, dev_command, free_ports, running_dev

CHROMIUM = "/usr/bin/chromium"
# An assertion waits for what a person would see, however busy the machine: 15 s like every action (not 5 s).
expect.set_options(timeout=15_000)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-loopback-in-peer-connection",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]
TICK_SECONDS = 2
BOOT_TIMEOUT_SECONDS = 90
ARTIFACTS = ROOT / "test-artifacts"
AXE_SCRIPT = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SERIOUS = ("serious", "critical")
ANY_IMPACT = ("minor", "moderate", "serious", "critical")  # `assert_clean(page, ANY_IMPACT)`: no violation at all


@dataclass
class WebCloud:
    state_dir: Path
    state: dict[str, Any]
    log: Path

    @property
    def web_url(self) -> str:
        return str(self.state["web_url"])

    @property
    def gateway_url(self) -> str:
        return str(self.state["gateway_url"])

    @property
    def issuer_url(self) -> str:
        return str(self.state["issuer"])

    def url(self, path: str = "/") -> str:
        return self.web_url + path

    def token(self, user_id: str, role: str | None = None) -> str:
        """A session token from the dev issuer's sign-in endpoint (sets the role when given)."""
        body: dict[str, str] = {"user_id": user_id, **({"role": role} if role else {})}
        response = requests.post(f"{self.issuer_url}/dev/token", json=body, timeout=10)
        response.raise_for_status()
        return str(response.json()["token"])

    def api(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        """A direct API call, for a test's setup or to check an outcome the UI showed."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.request(method, self.gateway_url + path, headers=headers, timeout=15, **kwargs)


@pytest.fixture(scope="package")
def web_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebCloud]:
    base = tmp_path_factory.mktemp("soulseer-web")
    state_dir, log = base / "state", base / "dev.log"
    ports = DevPorts(*free_ports(6))
    with running_dev(
        dev_command(state_dir, ports, "--tick-seconds", str(TICK_SECONDS)),
        state_dir=state_dir,
        log=log,
        cwd=base,
        ready_url=f"http://127.0.0.1:{ports.web}/config.json",
        boot_timeout=BOOT_TIMEOUT_SECONDS,
        stop_signal=signal.SIGINT,
        stop_timeout=10,
    ) as state:
        yield WebCloud(state_dir=state_dir, state=state, log=log)


# Package scope: Playwright's sync API keeps an event loop running in the main thread while it lives,
# so it must be gone before other packages' tests call asyncio.run().
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install -y chromium` (.ci/run does)")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


@dataclass
class ConsoleErrors:
    """Console errors and uncaught exceptions of every page a test opens."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    checked: int = 0  # errors already reported by assert_none()

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def watch(self, page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                location = message.location.get("url", "")
                self.errors.append(f"console.error at {page.url} ({location}): {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught at {page.url}: {error}"))

    def unexpected(self, since: int = 0) -> list[str]:
        return [e for e in self.errors[since:] if not any(p.search(e) for p in self.allowed)]

    def assert_none(self) -> None:
        unexpected = self.unexpected()
        self.checked = len(self.errors)
        assert not unexpected, "console errors:\n" + "\n".join(unexpected)


@pytest.fixture
def console_errors() -> Iterator[ConsoleErrors]:
    collector = ConsoleErrors()
    yield collector
    late = collector.unexpected(since=collector.checked)
    if late:
        pytest.fail("console errors:\n" + "\n".join(late), pytrace=False)


@pytest.fixture
def new_context(
    browser: Browser, web_cloud: WebCloud, console_errors: ConsoleErrors
) -> Iterator[Callable[..., BrowserContext]]:
    """`new_context()` -> a fresh context (own cookies and storage) with camera and microphone granted."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(viewport=DESKTOP, **options)
        context.grant_permissions(["camera", "microphone"], origin=web_cloud.web_url)
        context.set_default_timeout(15_000)
        context.on("page", console_errors.watch)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


class Axe:
    def __call__(self, page: Page) -> list[dict[str, Any]]:
        """axe-core's violations for the page as it is now."""
        if not AXE_SCRIPT.exists():
            pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` in web/ (make test does)")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
        return list(result["violations"])

    def assert_clean(self, page: Page, impacts: tuple[str, ...] = SERIOUS) -> None:
        found = [v for v in self(page) if v.get("impact") in impacts]
        lines = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}" for v in found]
        assert not found, f"axe-core violations on {page.url}:\n" + "\n".join(lines)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Callable[[Page, str], list[Path]]:
    """`screenshots(page, "wallet")` -> test-artifacts/<test>/wallet-375.png and wallet-1280.png."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)

    def take(page: Page, name: str) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        before = page.viewport_size or DESKTOP
        paths = []
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            path = folder / f"{name}-{size['width']}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.set_viewport_size(before)
        return paths

    return take


@pytest.fixture
def sign_in(web_cloud: WebCloud) -> Callable[..., None]:
    """Signs in through the web app's dev sign-in page (/sign-in): it lists the demo users from the dev
    issuer; the test picks the role in the "Role" select (when given) and presses the user's button."""

    def go(page: Page, user_id: str, role: str | None = None) -> None:
        page.goto(web_cloud.url("/sign-in"))
        if role is not None:
            page.get_by_label("Role").select_option(role)
        page.locator(f'[data-user-id="{user_id}"]').click()
        page.wait_for_url(lambda url: "/sign-in" not in url)

    return go


@dataclass
class Web:
    """What a journey test works with: the local cloud, its fixtures, and a page per person."""

    new_context: Callable[..., BrowserContext]
    cloud: WebCloud
    console_errors: ConsoleErrors
    axe: Axe
    screenshots: Callable[[Page, str], list[Path]]
    sign_in: Callable[..., None]

    def new_page(self) -> Page:
        """A page in a fresh context (own cookies and storage): one more person."""
        return self.new_context().new_page()


@pytest.fixture
def web(
    new_context: Callable[..., BrowserContext],
    web_cloud: WebCloud,
    console_errors: ConsoleErrors,
    axe: Axe,
    screenshots: Callable[[Page, str], list[Path]],
    sign_in: Callable[..., None],
) -> Web:
    return Web(new_context, web_cloud, console_errors, axe, screenshots, sign_in)
