"""Coordination requests in a real Chromium: a cell secretary sends a request,
a police officer answers; an important request goes to a working meeting, is
not agreed and is escalated; a standing committee member records a direction
and both sides see it. Screenshots: var/screenshots/requests_*.png."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import CoordinationRequest, RequestRecipient

from .conftest import login, screenshot


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)


def _create(page, live_server, *, subject, important=False):
    page.goto(f"{live_server.url}/de-nghi/tao-moi/")
    page.locator("#id_recipients").get_by_label(
        "Đảng ủy Công an phường", exact=True
    ).check()
    page.fill("#id_subject", subject)
    page.fill("#id_content", "Đề nghị Đảng ủy Công an phường phối hợp xử lý.")
    if important:
        page.select_option("#id_priority", value="important")
    page.fill("#id_response_days", "3")
    page.get_by_role("button", name="Gửi đề nghị").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message")).to_contain_text("Đã gửi đề nghị phối hợp")
    return CoordinationRequest.objects.get(subject=subject)


def _act(page, action, fields=None, check=None):
    """Open the action form in place (htmx) and submit it."""
    page.locator(f"a[data-action='{action}']").first.click()
    form = page.locator("form.action-form")
    expect(form).to_be_visible()
    for selector, value in (fields or {}).items():
        page.fill(selector, value)
    if check:
        page.check(check)
    form.get_by_role("button", name=re.compile("Xác nhận")).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message").first).to_contain_text("Đã thực hiện")


def test_request_answer_meeting_escalation_direction(page, live_server, ward):
    pw = ward.password

    # 1. A cell secretary sends a request; the form checks its fields.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}/de-nghi/tao-moi/")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field--error").first).to_be_visible()
    screenshot(page, "requests_01_form_errors")
    first = _create(page, live_server, subject="Đề nghị phối hợp xử lý đua xe ban đêm")
    screenshot(page, "requests_02_sent")

    # 2. A police officer finds it in the inbox and answers.
    _as(page, live_server, ward.officer, pw)
    page.goto(f"{live_server.url}/de-nghi/")
    expect(page.locator("tr.request-row")).to_have_count(1)
    screenshot(page, "requests_03_police_inbox")
    page.get_by_role("link", name=first.subject).click()
    _act(page, "answer", {"#id_body": "Đã bố trí tuần tra, xử lý 5 trường hợp."})
    expect(page.locator(".thread")).to_contain_text("Đã bố trí tuần tra")
    screenshot(page, "requests_04_answered")
    assert first.recipients.get().state == RequestRecipient.State.ANSWERED

    # 3. An important request: meeting, not agreed, escalation.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}/de-nghi/da-gui/")
    expect(page.locator("tr.request-row").first).to_contain_text("Đã trả lời")
    second = _create(
        page,
        live_server,
        subject="Di dời điểm trông giữ xe trước cổng trường",
        important=True,
    )
    _as(page, live_server, ward.officer, pw)
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    _act(page, "receive")
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    _act(
        page,
        "schedule-meeting",
        {
            # held two hours ago: its outcome is recorded next
            "#id_starts_at": (
                timezone.localtime() - datetime.timedelta(hours=2)
            ).strftime("%d/%m/%Y %H:%M"),
            "#id_place": "Phòng họp Đảng ủy phường",
            "#id_sender_participants": "Bí thư, Phó Bí thư Chi bộ A",
            "#id_recipient_participants": "Bí thư Đảng ủy Công an phường",
        },
    )
    screenshot(page, "requests_05_meeting_scheduled")
    _as(page, live_server, ward.officer, pw)
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    _act(
        page,
        "meeting-outcome",
        {"#id_minutes": "Hai bên chưa thống nhất địa điểm mới."},
        check="input[name=outcome][value=not_agreed]",
    )
    _act(
        page,
        "escalate",
        {
            "#id_sender_position": "Chi bộ đề nghị di dời ngay trong tháng.",
            "#id_recipient_position": "Công an cần thêm thời gian bố trí địa điểm.",
        },
    )
    expect(page.locator(".escalation")).to_contain_text("di dời ngay")
    screenshot(page, "requests_06_escalated")
    # The cell records its own position (the police only summarised it).
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    _act(
        page,
        "position",
        {"#id_position": "Chi bộ đề nghị di dời trước ngày khai giảng."},
    )
    expect(page.locator(".escalation")).to_contain_text("trước ngày khai giảng")
    expect(page.locator(".escalation")).to_contain_text("cần thêm thời gian")
    screenshot(page, "requests_06b_cell_position")

    # 4. The standing committee sees it among all requests and directs.
    _as(page, live_server, ward.standing_member, pw)
    page.goto(f"{live_server.url}/de-nghi/tat-ca/?state=escalated")
    expect(page.locator("tr.request-row")).to_have_count(1)
    screenshot(page, "requests_07_standing_all")
    page.get_by_role("link", name=second.subject).click()
    _act(
        page,
        "direct",
        {"#id_text": "Giao Công an chủ trì, chi bộ phối hợp; xong trong 15 ngày."},
    )
    screenshot(page, "requests_08_directed")

    # 5. Both sides see the direction and the timeline.
    for user, name in [(ward.secretary_a, "cell"), (ward.officer, "police")]:
        _as(page, live_server, user, pw)
        page.goto(f"{live_server.url}/thong-bao/")
        expect(page.locator(".notes")).to_contain_text(
            "Thường trực đã có ý kiến chỉ đạo"
        )
        page.goto(f"{live_server.url}{second.get_absolute_url()}")
        expect(page.locator(".direction")).to_contain_text("Giao Công an chủ trì")
        expect(page.locator(".timeline")).to_contain_text("ghi ý kiến chỉ đạo")
        screenshot(page, f"requests_09_direction_seen_by_{name}")
    rec = second.recipients.get()
    assert rec.state == RequestRecipient.State.DIRECTED

    # 6. Another cell's secretary cannot open it.
    _as(page, live_server, ward.secretary_b, pw)
    response = page.goto(f"{live_server.url}{second.get_absolute_url()}")
    assert response.status == 404


def test_demo_requests_for_the_standing_committee_and_on_a_phone(
    page, phone_page, live_server, settings
):
    """The seeded demo ward: every state, overdue items marked and counted."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, password="Demo@2026!")
    login(page, live_server, "thuongtruc", "Demo@2026!")
    page.goto(f"{live_server.url}/de-nghi/tat-ca/")
    rows = page.locator("tr.request-row")
    assert rows.count() >= 12
    expect(page.locator("tr.is-overdue").first).to_be_visible()
    expect(page.locator(".summary")).to_contain_text("quá hạn")
    screenshot(page, "requests_10_demo_all_requests")
    # htmx filter: only overdue ones, without a page load
    page.check("#id_overdue")
    page.wait_for_load_state("networkidle")
    expect(page.locator("tr.request-row").first).to_have_class(re.compile("is-overdue"))
    assert "overdue=on" in page.url
    screenshot(page, "requests_11_demo_overdue_filter")
    page.goto(f"{live_server.url}/")
    expect(page.locator(".pending")).to_contain_text("Đề nghị phối hợp")
    screenshot(page, "requests_12_demo_home_pending")

    login(phone_page, live_server, "bithu_cb01", "Demo@2026!")
    phone_page.goto(f"{live_server.url}/de-nghi/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"inbox scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "requests_13_phone_inbox")
    # the Mật request of the police is not shown to this uncleared secretary
    assert "Danh sách đối tượng" not in phone_page.content()
