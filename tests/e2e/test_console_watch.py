"""The e2e harness itself: a page's console problems (CSP violations, script
errors) fail the test; our pages have none."""

from __future__ import annotations

import pytest

from .conftest import ConsoleWatch, login


def test_csp_violations_and_script_errors_are_caught(browser, live_server, db):
    watch = ConsoleWatch(allowed=[])
    context = browser.new_context()
    context.on("page", watch.attach)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.wait_for_load_state("networkidle")
    assert watch.unexpected() == []  # the login page itself is clean
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color:red">x</p>');
        setTimeout(() => { throw new Error("hỏng"); }, 0);
    }"""
    )
    page.wait_for_timeout(300)
    context.close()
    problems = watch.unexpected()
    assert any("Content Security Policy" in p for p in problems), problems
    assert any("pageerror" in p and "hỏng" in p for p in problems), problems


def test_error_pages_opened_on_purpose_and_allowed_patterns_are_not_reported():
    watch = ConsoleWatch(allowed=[r"Refused to frame"])
    watch.error_pages = {"http://x/de-nghi/24/"}
    failed = "console.error: Failed to load resource: the server responded with a "
    watch.problems = [
        f"{failed}status of 404 (Not Found) [http://x/de-nghi/24/]",  # the page
        f"{failed}status of 404 (Not Found) [http://x/static/css/app.css]",
        f"{failed}status of 500 (Internal Server Error) [http://x/de-nghi/24/]",
        "console.error: Refused to frame 'http://y/' [http://x/]",
        "console.error: Applying inline style violates … [http://x/]",
    ]
    assert watch.unexpected() == [watch.problems[i] for i in (1, 2, 4)]


@pytest.mark.django_db(transaction=True)
def test_pages_with_htmx_have_a_clean_console(page, live_server, ward):
    """htmx would inject its indicator style (a CSP violation) on every page
    without the htmx-config meta of base.html; the page fixture's watch
    fails the test on it."""
    login(page, live_server, ward.secretary_a.username, ward.password)
    page.goto(f"{live_server.url}/de-nghi/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.locator("head style").count() == 0
