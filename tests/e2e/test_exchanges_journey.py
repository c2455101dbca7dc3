"""A periodic exchange in a real Chromium (issue 11): a cell's support staff
starts the H1 report, logs out mid-way and finds every word on coming back;
the cell secretary submits after the due date; the police committee returns
it with a reason; the secretary corrects and resubmits; the police committee
accepts; the police's own report is acknowledged by the cell; the timeliness
table shows the cell as late and the acknowledgement.
Screenshots: var/screenshots/exchanges_*.png."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from coordination.exchanges.periods import ensure_rounds
from coordination.exchanges.selectors import report_duties
from coordination.models import ExchangeReport, ExchangeRound
from regulations.models import Regulation

from .conftest import login, screenshot

State = ExchangeReport.State
DUTY_TEXT = (
    "Chi bộ phối hợp tuần tra 12 buổi; vận động 40 hộ ký cam kết an ninh trật tự."
)
RESULTS = "Phối hợp tốt với Công an phường trong 6 tháng đầu năm."


@pytest.fixture
def h1(ward):
    """The ward's H1 round, due three days ago and locked in a month (so the
    cell submits late but needs no reopening, whatever today's date)."""
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    regulation.organization = ward.root
    regulation.save(update_fields=["organization"])
    ensure_rounds(datetime.date(2026, 3, 2), wards=[ward.root])
    today = timezone.localdate()
    h1 = ExchangeRound.objects.get(ward=ward.root, kind="h1")
    ExchangeRound.objects.filter(pk=h1.pk).update(
        due_date=today - datetime.timedelta(days=3),
        lock_date=today + datetime.timedelta(days=30),
    )
    return ExchangeRound.objects.get(pk=h1.pk)


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)


def _act(page, action, fields=None):
    """Open an action's form in place (htmx) and confirm it."""
    page.locator(f"a[data-action='{action}']").first.click()
    form = page.locator("form.action-form")
    expect(form).to_be_visible()
    for selector, value in (fields or {}).items():
        form.locator(selector).fill(value)
    form.get_by_role("button", name=re.compile("Xác nhận")).click()
    page.wait_for_load_state("networkidle")


def test_h1_report_from_draft_to_accepted_and_the_timeliness_table(
    page, live_server, ward, h1
):
    pw = ward.password
    report = ExchangeReport.objects.get(
        round=h1, organization=ward.cell_a, direction="to_police"
    )
    duty = report_duties(report)[0]
    url = f"{live_server.url}{report.get_absolute_url()}"

    # 1. The cell's support staff starts the report from the list; autosave.
    _as(page, live_server, ward.staff_a, pw)
    page.goto(f"{live_server.url}/trao-doi/")
    page.locator(f"a[href='{report.get_absolute_url()}']").first.click()
    expect(page).to_have_url(url)
    page.fill(f"textarea[name='duty-{duty.pk}']", DUTY_TEXT)
    page.fill("textarea[name='results']", RESULTS)
    expect(page.locator("#autosave-status")).to_contain_text(
        "Đã lưu lúc", timeout=20_000
    )
    screenshot(page, "exchanges_01_draft_autosaved")

    # 2. Logs out mid-way (no explicit save), comes back: every word is there.
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()
    _as(page, live_server, ward.staff_a, pw)
    page.goto(url)
    expect(page.locator(f"textarea[name='duty-{duty.pk}']")).to_have_value(DUTY_TEXT)
    expect(page.locator("textarea[name='results']")).to_have_value(RESULTS)
    expect(page.locator(f"[data-section-status='{duty.area.code}']")).to_have_text(
        "Đang làm"
    )
    # Support staff prepare; only the leaders submit.
    expect(page.get_by_role("button", name="Lưu và nộp báo cáo")).to_have_count(0)
    screenshot(page, "exchanges_02_back_after_logout")

    # 3. The cell secretary submits after the due date.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(url)
    page.get_by_role("button", name="Lưu và nộp báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".state").first).to_have_text("Đã nộp")
    expect(page.locator(".exchange-facts")).to_contain_text("Nộp muộn")
    screenshot(page, "exchanges_03_submitted_late")

    # 4. The police committee returns it with a reason.
    _as(page, live_server, ward.officer, pw)
    page.goto(url)
    expect(page.get_by_text(DUTY_TEXT)).to_be_visible()
    _act(
        page,
        "return",
        {"textarea[name='reason']": "Xin bổ sung số vụ việc đã phối hợp."},
    )
    expect(page.locator(".state").first).to_have_text("Trả lại để sửa")
    screenshot(page, "exchanges_04_returned")

    # 5. The secretary corrects and resubmits.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(url)
    expect(page.get_by_text("Xin bổ sung số vụ việc đã phối hợp.")).to_be_visible()
    page.fill("textarea[name='results']", RESULTS + " Phối hợp xử lý 3 vụ việc.")
    page.get_by_role("button", name="Lưu và nộp báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".state").first).to_have_text("Đã nộp")

    # 6. The police committee accepts; then submits its own report to the cells.
    _as(page, live_server, ward.officer, pw)
    page.goto(url)
    _act(page, "accept")
    expect(page.locator(".state").first).to_have_text("Đã tiếp nhận")
    police_report = ExchangeReport.objects.get(round=h1, organization=ward.police)
    page.goto(f"{live_server.url}{police_report.get_absolute_url()}")
    page.fill(
        "textarea[name='new_policies']", "Kế hoạch cao điểm của Công an thành phố."
    )
    page.fill("textarea[name='results']", "Tình hình an ninh trật tự 6 tháng ổn định.")
    page.get_by_role("button", name="Lưu và nộp báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".state").first).to_have_text("Đã nộp")

    # 7. The cell acknowledges the police's report.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}{police_report.get_absolute_url()}")
    _act(page, "acknowledge")
    expect(page.locator(".acknowledgements")).to_contain_text("đã xác nhận")
    screenshot(page, "exchanges_05_police_report_acknowledged")

    # 8. The timeliness table: the cell late for H1, the police's report
    #    acknowledged by the cell.
    page.goto(f"{live_server.url}{h1.get_absolute_url()}")
    row = page.locator("tr", has_text="Chi bộ Khu dân cư A")
    expect(row).to_contain_text("Nộp muộn")
    police_row = page.locator("tr", has_text="Đảng ủy Công an phường")
    expect(police_row).to_contain_text("1/3")
    screenshot(page, "exchanges_06_timeliness_cell")
    _as(page, live_server, ward.standing_member, pw)
    page.goto(f"{live_server.url}{h1.get_absolute_url()}")
    expect(page.locator("tr", has_text="Chi bộ Khu dân cư A")).to_contain_text(
        "Nộp muộn"
    )
    expect(page.locator("tr", has_text="Chi bộ Khu dân cư B")).to_be_visible()
    screenshot(page, "exchanges_07_timeliness_standing_committee")

    report.refresh_from_db()
    assert report.state == State.ACCEPTED and report.submitted_late
    assert report.entries.get(responsibility=duty).text == DUTY_TEXT
    assert list(report.events.values_list("action", flat=True)) == [
        "save",
        "submit",
        "return",
        "resubmit",
        "accept",
    ]


def test_timeliness_on_a_phone(phone_page, live_server, ward, h1):
    login(phone_page, live_server, ward.standing_member.username, ward.password)
    phone_page.goto(f"{live_server.url}{h1.get_absolute_url()}")
    expect(phone_page.locator("h1")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"] + 1
    screenshot(phone_page, "exchanges_08_phone_timeliness")
