"""Issue 20 in a real Chromium set to an English locale, on a phone (390×844,
touch) and an office screen (1366×768): recipients ticked by clicks (no Ctrl
key), a meeting date typed as dd/mm/yyyy, the phone's menu button and folded
filters, and no page that scrolls sideways.
Screenshots: var/screenshots/phone_<size>_*.png."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import CoordinationRequest

from .conftest import login, screenshot

SIZES = {
    "390x844": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
    "1366x768": {"viewport": {"width": 1366, "height": 768}},
}


@pytest.fixture(params=sorted(SIZES))
def sized(request, browser, console_watch):
    context = browser.new_context(locale="en-US", **SIZES[request.param])
    context.set_default_timeout(15_000)
    context.on("page", console_watch.attach)
    page = context.new_page()
    yield request.param, page
    context.close()


def _no_sideways_scroll(page):
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)
    _no_sideways_scroll(page)


def _tick(page, phone, name):
    box = page.locator("#id_recipients").get_by_label(name, exact=True)
    box.tap() if phone else box.click()
    expect(box).to_be_checked()


def _send(page, subject, content, *, important=False):
    page.fill("#id_subject", subject)
    page.fill("#id_content", content)
    if important:
        page.select_option("#id_priority", value="important")
    page.get_by_role("button", name="Gửi đề nghị").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message")).to_contain_text("Đã gửi đề nghị phối hợp")
    _no_sideways_scroll(page)
    return CoordinationRequest.objects.get(subject=subject)


def _act(page, action, fields=None):
    page.locator(f"a[data-action='{action}']").first.click()
    form = page.locator("form.action-form")
    expect(form).to_be_visible()
    for selector, value in (fields or {}).items():
        page.locator(selector).press_sequentially(value)
    form.get_by_role("button", name=re.compile("Xác nhận")).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message").first).to_contain_text("Đã thực hiện")


def test_phone_and_office_journey_in_an_english_browser(sized, live_server, ward):
    size, page = sized
    phone = size == "390x844"
    pw = ward.password
    assert page.evaluate("() => navigator.language") == "en-US"

    # 1. The police committee's secretary writes to two cells: ticks, no Ctrl.
    _as(page, live_server, ward.officer, pw)
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    if phone:
        expect(menu).to_be_visible()
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(nav).to_be_hidden()
        box = menu.bounding_box()
        assert box["height"] >= 44
        menu.tap()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        screenshot(page, f"phone_{size}_01_menu_open")
        menu.tap()
        expect(nav).to_be_hidden()
    else:
        expect(menu).to_be_hidden()
        expect(nav).to_be_visible()
    page.goto(f"{live_server.url}/de-nghi/tao-moi/")
    body = page.locator("main").inner_text()
    assert "Ctrl" not in body
    recipients = page.locator("#id_recipients")
    expect(recipients).to_contain_text("Đã chọn 0 đơn vị")
    # "select all the cells", then the keyboard alone (Space on a checkbox)
    select_all = recipients.get_by_label("Chọn tất cả các chi bộ")
    select_all.check()
    expect(recipients).to_contain_text("Đã chọn 3 đơn vị")
    select_all.uncheck()
    expect(recipients).to_contain_text("Đã chọn 0 đơn vị")
    recipients.get_by_label(ward.cell_c.name, exact=True).focus()
    page.keyboard.press("Space")
    expect(recipients).to_contain_text("Đã chọn 1 đơn vị")
    page.keyboard.press("Space")
    expect(recipients).to_contain_text("Đã chọn 0 đơn vị")
    _tick(page, phone, ward.cell_a.name)
    _tick(page, phone, ward.cell_b.name)
    expect(page.locator("#id_recipients")).to_contain_text("Đã chọn 2 đơn vị")
    label_box = (
        page.locator("#id_recipients").get_by_text(ward.cell_a.name).locator("..")
    ).bounding_box()
    assert label_box["height"] >= 44
    _no_sideways_scroll(page)
    screenshot(page, f"phone_{size}_02_two_recipients")
    to_cells = _send(page, f"Rà soát địa bàn {size}", "Đề nghị hai chi bộ phối hợp.")
    assert set(to_cells.recipients.values_list("organization", flat=True)) == {
        ward.cell_a.pk,
        ward.cell_b.pk,
    }

    # 2. The cell secretary asks the police for a working meeting.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}/de-nghi/tao-moi/")
    _tick(page, phone, ward.police.name)
    important = _send(
        page,
        f"Di dời điểm trông giữ xe {size}",
        "Đề nghị họp làm việc về điểm trông giữ xe.",
        important=True,
    )
    _as(page, live_server, ward.officer, pw)
    page.goto(f"{live_server.url}{important.get_absolute_url()}")
    _act(page, "receive")

    # 3. She types the meeting date as dd/mm/yyyy in an English browser.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}{important.get_absolute_url()}")
    page.locator("a[data-action='schedule-meeting']").first.click()
    when = page.locator("#id_starts_at")
    expect(when).to_have_attribute("placeholder", "dd/mm/yyyy HH:MM")
    expect(when).to_have_attribute("type", "text")
    when.press_sequentially("25/12/2026 14:30")
    expect(when).to_have_value("25/12/2026 14:30")
    page.fill("#id_place", "Phòng họp Đảng ủy phường")
    page.fill("#id_sender_participants", "Bí thư Chi bộ A")
    page.fill("#id_recipient_participants", "Bí thư Đảng ủy Công an phường")
    _no_sideways_scroll(page)
    screenshot(page, f"phone_{size}_03_meeting_date")
    page.locator("form.action-form").get_by_role(
        "button", name=re.compile("Xác nhận")
    ).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message").first).to_contain_text("Đã thực hiện")
    meeting = important.recipients.get().meetings.get()
    at = timezone.localtime(meeting.starts_at)
    assert (at.year, at.month, at.day, at.hour, at.minute) == (2026, 12, 25, 14, 30)
    expect(page.locator("main")).to_contain_text("25/12/2026")
    _no_sideways_scroll(page)
    screenshot(page, f"phone_{size}_04_meeting_scheduled")

    # She finds the meeting, with its date, under "Việc đang chờ".
    page.goto(f"{live_server.url}/")
    pending = page.locator("section[aria-labelledby=pending]")
    expect(pending).to_contain_text("Họp làm việc 25/12/2026 14:30")
    _no_sideways_scroll(page)
    screenshot(page, f"phone_{size}_04b_pending_meeting")

    # 4. The list: filters folded behind "Lọc" on the phone, dates as dd/mm/yyyy.
    today = timezone.localdate().strftime("%d/%m/%Y")
    page.goto(f"{live_server.url}/de-nghi/da-gui/?sent_from={today}")
    toggle = page.locator(".filters-toggle")
    filters = page.locator("form.filters")
    if phone:
        expect(toggle).to_have_text("Lọc (1)")
        expect(filters).to_be_hidden()
        expect(page.locator("tr.request-row").first).to_be_in_viewport()
        screenshot(page, f"phone_{size}_05_list_folded")
        toggle.tap()
        expect(filters).to_be_visible()
    else:
        expect(toggle).to_be_hidden()
        expect(filters).to_be_visible()
    expect(page.locator("#id_sent_from")).to_have_value(today)
    expect(page.locator("tr.request-row")).to_have_count(1)
    _no_sideways_scroll(page)
    screenshot(page, f"phone_{size}_06_list")

    # 5. The other pages she may open do not scroll sideways either.
    for path in ("/", "/de-nghi/", "/to-chuc/", "/thong-bao/"):
        page.goto(f"{live_server.url}{path}")
        _no_sideways_scroll(page)
    screenshot(page, f"phone_{size}_07_home")
