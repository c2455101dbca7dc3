"""The dashboards in a real Chromium (issue 15): the standing committee
member opens the overview, picks the H1 round, clicks "late" in cell B's
heatmap cell and lands on that report; clicks a duty without evidence and
reads its provision; the cell secretary's "Tổng quan" is his own cell's
scorecard and another cell's is a 404. The browser console stays clean: the
charts' inline SVG needs no inline script or style (the CSP refuses both).
Screenshots: var/screenshots/dashboard_*.png."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from coordination.exchanges import services as exchange_services
from coordination.exchanges.periods import ensure_rounds
from coordination.models import ExchangeReport, ExchangeRound
from regulations.models import Regulation

from .conftest import login, screenshot


@pytest.fixture
def h1(ward):
    """The H1 round, due three days ago (cell B submits late), locked in a
    month."""
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
    report = ExchangeReport.objects.get(round=h1, organization=ward.cell_b)
    exchange_services.save_draft(
        report=report, by=ward.secretary_b, fields={"results": "Đã phối hợp."}
    )
    exchange_services.submit_report(
        report=ExchangeReport.objects.get(pk=report.pk), by=ward.secretary_b
    )
    return ExchangeRound.objects.get(pk=h1.pk)


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)


def test_overview_late_cell_duty_and_scorecards(page, live_server, ward, h1):
    pw = ward.password
    late = ExchangeReport.objects.get(round=h1, organization=ward.cell_b)
    assert late.submitted_late

    # 1. The standing committee member opens the overview from the menu.
    _as(page, live_server, ward.standing_member, pw)
    page.get_by_role("link", name="Tổng quan", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tổng quan thực hiện Quy chế"
    )
    page.get_by_label("Kỳ", exact=True).select_option(label=h1.label)
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("svg.pygal-chart").first).to_be_visible()
    screenshot(page, "dashboard_overview")

    # 2. "Nộp muộn" in cell B's row of the heatmap: that very report.
    row = page.locator("#table-exchange_heatmap tr", has_text=ward.cell_b.name)
    row.get_by_role("link", name="Nộp muộn").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(late.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(late.title)

    # 3. Back; a duty without evidence: its provision's page.
    page.go_back()
    page.wait_for_load_state("networkidle")
    duty = page.locator("#table-no_evidence tbody tr a").first
    citation = duty.inner_text()
    duty.click()
    page.wait_for_load_state("networkidle")
    assert "/d/" in page.url
    expect(page.locator("main")).to_contain_text(citation.split()[-1])
    screenshot(page, "dashboard_provision")

    # 4. Cell B's secretary: "Tổng quan" is his cell's scorecard; cell A's is
    #    not found.
    _as(page, live_server, ward.secretary_b, pw)
    page.get_by_role("link", name="Tổng quan", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ward.cell_b.name)
    screenshot(page, "dashboard_scorecard")
    response = page.goto(f"{live_server.url}/bao-cao/chi-bo/{ward.cell_a.pk}/")
    assert response.status == 404


def test_units_page_drills_down_and_prints_on_a4_landscape(page, live_server, ward, h1):
    """The standing committee member opens the overview by unit, clicks cell
    B's name and lands on the overview narrowed to cell B; back, cell B's
    "late" number opens the exchange list holding that one report. Printed,
    the page is A4 landscape without its filters."""
    import re

    late = ExchangeReport.objects.get(round=h1, organization=ward.cell_b)
    _as(page, live_server, ward.standing_member, ward.password)
    page.goto(f"{live_server.url}/bao-cao/tong-quan/")
    page.get_by_role("link", name="Theo đơn vị trực thuộc").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tổng quan theo đơn vị trực thuộc"
    )
    page.get_by_label("Kỳ", exact=True).select_option(label=h1.label)
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "dashboard_units")
    row = page.locator("#table-units tr", has_text=ward.cell_b.name)
    row.get_by_role("link", name=ward.cell_b.name).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("p.lead")).to_contain_text(ward.cell_b.name)
    page.go_back()
    page.wait_for_load_state("networkidle")
    # Columns: name, 3 request figures, on time, late, ...
    row = page.locator("#table-units tr", has_text=ward.cell_b.name)
    row.locator("td").nth(4).get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("tr.exchange-row")).to_have_count(1)
    expect(page.locator(f'tr[data-report="{late.pk}"]')).to_be_visible()

    page.go_back()
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator("#table-units table")).to_be_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    width, height = float(box[1]), float(box[2])
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, points
