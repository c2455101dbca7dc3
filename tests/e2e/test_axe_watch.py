"""The e2e harness itself: axe-core (tests/e2e/axe.py) reports serious and
critical violations readably, and ignores minor ones."""

from __future__ import annotations

from .axe import AxeWatch

BAD_PAGE = """<!doctype html><html lang="vi"><head><title>x</title></head><body>
<main><h1>Trang thử</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text" name="unlabelled">
<p style="color:#bbb;background:#fff">Chữ mờ khó đọc</p>
</main></body></html>"""


def test_serious_and_critical_violations_are_reported(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(BAD_PAGE)
    watch = AxeWatch()
    watch.check(page)
    context.close()
    report = watch.report()
    assert "[critical] image-alt" in report, report
    assert "[critical] label" in report, report
    assert "[serious] color-contrast" in report, report
    assert 'input[name="unlabelled"]' in report or "unlabelled" in report


def test_a_clean_page_has_no_problem(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="vi"><head><title>x</title></head>'
        "<body><main><h1>Trang thử</h1><p>Nội dung.</p></main></body></html>"
    )
    watch = AxeWatch()
    watch.check(page)
    context.close()
    assert watch.problems == []
