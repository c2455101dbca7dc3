"""Issue 20: the screens the help pages (/huong-dan/, accounts/help.py) walk
through, in the demo ward, one per task and role. Each screen must show the
labels its instructions name, so the help cannot drift from the product; its
screenshot goes to var/screenshots/help/. With UPDATE_HELP_SCREENSHOTS=1 they
are written to static/help/<page>_<n>.png instead, the files the help pages
show (committed; a page shows only the files that exist):

    UPDATE_HELP_SCREENSHOTS=1 .venv/bin/python -m pytest tests/e2e/test_help_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts import help as help_pages
from coordination.models import ExchangeReport

from .conftest import SCREENSHOT_DIR, login, screenshot

SIZE = {"width": 1200, "height": 750}  # the <img> size in templates/help/_shot.html


def _target() -> Path:
    if os.environ.get("UPDATE_HELP_SCREENSHOTS"):
        return help_pages.HELP_STATIC
    return SCREENSHOT_DIR / "help"


def _own_report(org_code: str) -> str:
    report = (
        ExchangeReport.objects.filter(
            organization__code=org_code, state__in=ExchangeReport.OWED
        )
        .order_by("round__due_date")
        .first()
    )
    return reverse("coordination:exchange-detail", args=[report.pk])


def _tick_police(page):
    page.locator("#id_recipients").get_by_label(
        "Đảng ủy Công an phường", exact=False
    ).first.check()
    page.fill("#id_subject", "Phối hợp bảo đảm an ninh, trật tự dịp Tết Nguyên đán")


# page slug -> user, then per task: the path, the labels the steps name, and
# an optional step before the screenshot.
SCREENS = {
    "bi-thu-chi-bo": (
        "phobithu_cb01",
        [
            (
                "/de-nghi/tao-moi/",
                ["Gửi đề nghị", "Lưu dự thảo", "Trích yếu"],
                _tick_police,
            ),
            (
                lambda: _own_report("hd-cb01"),
                ["Lưu và nộp báo cáo", "Kết quả phối hợp"],
                None,
            ),
            (
                "/tinh-huong/bao-cao/",
                ["Báo cáo ngay", "Loại tình huống", "Tóm tắt"],
                None,
            ),
        ],
    ),
    "giup-viec-chi-bo": (
        "giupviec_cb01",
        [
            (lambda: _own_report("hd-cb01"), ["Lưu nháp", "Phần này đã xong"], None),
            ("/de-nghi/", ["Gửi đến", "Đã gửi"], None),
            ("/", ["Việc đang chờ", "Thông báo mới"], None),
        ],
    ),
    "dang-uy-cong-an": (
        "congan_pho",
        [
            ("/de-nghi/", ["Gửi đến", "Tạo đề nghị phối hợp"], None),
            ("/trao-doi/tien-do/", ["Tiến độ báo cáo"], None),
            ("/tinh-huong/", ["Báo cáo tình huống", "Tình huống đột xuất"], None),
        ],
    ),
    "thuong-truc": (
        "thuongtruc",
        [
            ("/bao-cao/tong-quan/", ["Tổng quan thực hiện Quy chế", "Xem"], None),
            ("/de-nghi/tat-ca/", ["Tất cả đề nghị"], None),
            (
                "/hop-danh-gia/",
                ["Họp rút kinh nghiệm", "Kiến nghị sửa đổi Quy chế"],
                None,
            ),
        ],
    ),
}


@pytest.mark.django_db(transaction=True)
def test_help_screens_show_what_the_instructions_name(browser, live_server):
    call_command("seed_demo", verbosity=0, password=settings.DEMO_PASSWORD)
    target = _target()
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZE, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        for slug, (username, tasks) in SCREENS.items():
            assert slug in help_pages.BY_SLUG
            context.clear_cookies()
            login(page, live_server, username, settings.DEMO_PASSWORD)
            help_url = f"{live_server.url}{reverse('accounts:help')}"
            page.goto(help_url)
            expect(page.locator("nav.tabs a[aria-current=page]")).to_contain_text(
                str(help_pages.BY_SLUG[slug].title)
            )
            screenshot(page, f"help_page_{slug}")
            for n, (path, labels, prepare) in enumerate(tasks, start=1):
                path = path() if callable(path) else path
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, (slug, n, path)
                main = page.locator("main")
                for label in labels:
                    expect(main.get_by_text(label, exact=False).first).to_be_visible()
                if prepare:
                    prepare(page)
                page.screenshot(path=str(target / f"{slug}_{n}.png"))
    finally:
        context.close()
