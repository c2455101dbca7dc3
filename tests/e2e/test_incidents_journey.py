"""An urgent situation in a real Chromium (issue 12): a cell secretary reports
it; at once the standing committee member and the police secretary see it on
their home pages (and its e-mail is in the outbox; the integration test
follows it to the SMTP sink through a real worker); the standing committee
gives a direction with an action item; the police committee records its
measures; the incident is closed; the timeline shows every step with times.
Screenshots: var/screenshots/incidents_*.png."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import Incident, OutboundEmail

from .conftest import login, screenshot

TITLE = "Tụ tập đông người trước nhà văn hóa khu dân cư A"


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)


def _act(page, action, fields=None, selects=None):
    page.locator(f"a[data-action='{action}']").first.click()
    form = page.locator("form.action-form")
    expect(form).to_be_visible()
    for selector, value in (selects or {}).items():
        form.locator(selector).select_option(value)
    for selector, value in (fields or {}).items():
        form.locator(selector).fill(value)
    form.get_by_role("button", name=re.compile("Xác nhận")).click()
    page.wait_for_load_state("networkidle")


def test_report_at_once_direct_measure_close(page, live_server, ward):
    pw = ward.password
    started = timezone.localtime() - datetime.timedelta(minutes=30)

    # 1. The cell secretary reports it at once.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}/tinh-huong/bao-cao/")
    page.fill("input[name='title']", TITLE)
    page.fill(
        "textarea[name='description']", "Khoảng 40 người tụ tập, có người quá khích."
    )
    page.fill("input[name='place']", "Nhà văn hóa khu dân cư A")
    page.fill("input[name='started_at']", started.strftime("%Y-%m-%dT%H:%M"))
    screenshot(page, "incidents_01_form")
    page.get_by_role("button", name="Báo cáo ngay").click()
    page.wait_for_load_state("networkidle")
    incident = Incident.objects.get(title=TITLE)
    assert incident.state == Incident.State.REPORTED
    reported = timezone.now()
    emails = {a for row in OutboundEmail.objects.all() for a in row.to}
    assert {ward.standing_member.email, ward.officer.email} <= emails
    url = f"{live_server.url}{incident.get_absolute_url()}"

    # 2. Within the minute, both see it on their home pages.
    for user in (ward.standing_member, ward.officer):
        _as(page, live_server, user, pw)
        page.goto(f"{live_server.url}/")
        expect(page.get_by_text(TITLE).first).to_be_visible()
    assert (timezone.now() - reported).total_seconds() < 60
    screenshot(page, "incidents_02_police_home")

    # 3. The police secretary opens and acknowledges it, records measures.
    page.goto(url)
    _act(page, "acknowledge")
    _act(page, "measure", {"textarea[name='body']": "Cử tổ công tác đến hiện trường."})
    expect(page.get_by_text("Cử tổ công tác đến hiện trường.")).to_be_visible()

    # 4. The standing committee directs, with an action item for the police.
    _as(page, live_server, ward.standing_member, pw)
    page.goto(url)
    due = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    _act(
        page,
        "direct",
        {
            "textarea[name='text']": "Công an phường chủ trì ổn định tình hình.",
            "input[name='item_1']": "Báo cáo kết quả xử lý",
            "input[name='due_1']": due,
        },
        selects={"select[name='owner_1']": str(ward.police.pk)},
    )
    expect(page.get_by_text("Báo cáo kết quả xử lý").first).to_be_visible()
    screenshot(page, "incidents_03_directed")

    # 5. The reporter closes it with the outcome; the timeline has every step.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(url)
    _act(page, "close", {"textarea[name='outcome']": "Đã giải tán, tình hình ổn định."})
    incident.refresh_from_db()
    assert incident.state == Incident.State.CLOSED
    timeline = page.locator(".timeline")
    for text in ("Cử tổ công tác", "Công an phường chủ trì", "Đã giải tán"):
        expect(timeline).to_contain_text(text)
    expect(timeline.locator("time").first).to_be_visible()
    screenshot(page, "incidents_04_closed_timeline")
    assert list(incident.events.values_list("action", flat=True)) == [
        "create",
        "report",
        "acknowledge",
        "measure",
        "direct",
        "close",
    ]
