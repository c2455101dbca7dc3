"""End-to-end harness: Playwright (Python) drives Debian's Chromium headless
against pytest-django's live server. Never downloads a browser: the executable is
``shutil.which("chromium")`` unless CHROMIUM_PATH says otherwise."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from .axe import AxeWatch

SCREENSHOT_DIR = Path(settings.VAR_DIR) / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "console_allows(*patterns): browser console errors (regular expressions) "
        "that an e2e test provokes on purpose, e.g. the 404 of a hidden page",
    )


class ConsoleWatch:
    """Every console error, CSP or Permissions-Policy complaint and uncaught
    script error of a page; the fixture fails the test if any is left.

    Chromium also logs "Failed to load resource: … status of 4xx" for a page
    whose own status is 4xx: the 403, 404 and lockout pages that tests open on
    purpose (and assert). Those are not reported; a failed style sheet,
    script, image or htmx call is, and so is any 5xx. A test that provokes
    another one on purpose names it: ``@pytest.mark.console_allows(r"...")``.
    """

    # Warnings are noise unless they are about our security headers.
    WARNING_TOPICS = re.compile(r"Content.Security.Policy|Permissions.Policy", re.I)
    FAILED_LOAD = "Failed to load resource"

    def __init__(self, allowed: list[str]):
        self.allowed = [re.compile(pattern) for pattern in allowed]
        self.problems: list[str] = []
        self.error_pages: set[str] = set()  # documents answered with 4xx

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on(
            "pageerror",
            lambda error: self.problems.append(f"pageerror: {error} [{page.url}]"),
        )
        page.on("response", self._response)

    def _response(self, response) -> None:
        if response.request.resource_type == "document" and (
            400 <= response.status < 500
        ):
            self.error_pages.add(response.url)

    def _console(self, message) -> None:
        if message.type == "error" or (
            message.type == "warning" and self.WARNING_TOPICS.search(message.text)
        ):
            where = (message.location or {}).get("url", "")
            self.problems.append(f"console.{message.type}: {message.text} [{where}]")

    def _is_error_page(self, problem: str) -> bool:
        if self.FAILED_LOAD not in problem or "status of 5" in problem:
            return False
        url = problem.rsplit(" [", 1)[-1].rstrip("]")
        return url in self.error_pages

    def unexpected(self) -> list[str]:
        return [
            p
            for p in self.problems
            if not self._is_error_page(p) and not any(a.search(p) for a in self.allowed)
        ]


@pytest.fixture
def console_watch(request):
    allowed = [
        pattern
        for marker in request.node.iter_markers("console_allows")
        for pattern in marker.args
    ]
    watch = ConsoleWatch(allowed)
    yield watch
    problems = watch.unexpected()
    assert not problems, "browser console problems:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def axe_watch(request, monkeypatch):
    """axe-core on every document any browser context of the test loads
    (``tests/e2e/axe.py``): 0 serious or critical violations. Hooked on
    ``browser.new_context`` so that journeys with their own contexts are
    covered too; pages left before their check are opened again when the
    context closes."""
    watch = AxeWatch()
    if "browser" not in request.fixturenames:
        yield watch
        return
    browser = request.getfixturevalue("browser")
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        close = context.close

        def close_after_checks(*a, **kw):
            try:
                watch.revisit_missed(context)
            finally:
                close(*a, **kw)

        context.close = close_after_checks
        watch.attach_context(context)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield watch
    assert not watch.problems, watch.report()


_SHARED: dict = {}


def _close_shared() -> None:
    with contextlib.suppress(Exception):  # the driver may be gone at exit
        _SHARED["browser"].close()
        _SHARED["playwright"].stop()


def shared_browser(path: str):
    """One Playwright and one Chromium per test process. Playwright's sync API
    refuses a second instance in the same thread, and a module that imports
    this fixture (tests/integration) registers a second session fixture: both
    get this browser. Closed when the process exits."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        _SHARED["playwright"] = playwright = sync_playwright().start()
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        atexit.register(_close_shared)
    return _SHARED["browser"]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("chromium not found (apt-get install chromium)")
        pytest.skip("chromium not installed")
    return shared_browser(path)


@pytest.fixture
def page(browser, console_watch):
    """A fresh browser context on an office screen (1366×768), Vietnamese;
    its console must stay clean (``console_watch``)."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN"
    )
    context.set_default_timeout(15_000)
    context.on("page", console_watch.attach)  # this page and any pop-up
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, console_watch):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True
    )
    context.on("page", console_watch.attach)  # this page and any pop-up
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under VAR_DIR/screenshots/ (a CI artifact)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")
