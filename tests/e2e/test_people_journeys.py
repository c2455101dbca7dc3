"""The regulation's people in a real Chromium: a cell's support staff drafts an
answer that only the cell's focal point may send; in the demo province a
district committee cites a dash bullet of the provincial regulation, the
matter is not agreed and escalated, and the Ban Thường vụ Tỉnh ủy may direct
only once both sides have written their own positions (the joint report).
Screenshots: var/screenshots/people_*.png."""

from __future__ import annotations

import datetime
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import CoordinationRequest, Direction, RequestRecipient
from tests.factories import make_request

from .conftest import login, screenshot

DEMO_PASSWORD = "Demo@2026!"
PROVINCE_CODE = "qc-tinh-810-2023"


def _as(page, live_server, username, password):
    page.context.clear_cookies()
    login(page, live_server, username, password)


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


def test_cell_support_staff_drafts_and_the_focal_point_sends(page, live_server, ward):
    pw = ward.password
    req = make_request(
        by=ward.officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject="Đề nghị phối hợp nắm tình hình người lạ tạm trú",
    )
    rec = req.recipients.get()
    url = f"{live_server.url}{req.get_absolute_url()}"
    draft = "Chi bộ đã giao tổ dân phố rà soát, có 3 trường hợp tạm trú chưa khai báo."

    # 1. The cell's support staff opens it: may draft, may not send.
    _as(page, live_server, ward.staff_a.username, pw)
    page.goto(url)
    block = page.locator(f"#recipient-{rec.pk}")
    expect(block.locator("a[data-action='draft-answer']")).to_have_text(
        "Soạn dự thảo trả lời"
    )
    expect(block.locator("a[data-action='answer']")).to_have_count(0)
    expect(block.get_by_role("link", name="Trả lời", exact=True)).to_have_count(0)
    _act(page, "draft-answer", {"#id_body": draft})
    expect(block.locator(".answer-draft")).to_contain_text("Dự thảo trả lời (chưa gửi)")
    expect(block.locator(".answer-draft")).to_contain_text(draft)
    expect(block.locator("a[data-action='answer']")).to_have_count(0)
    screenshot(page, "people_01_draft_by_staff")
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.SENT  # a draft changes no state
    assert rec.answer_draft == draft and rec.answer_draft_by == ward.staff_a
    # Nor can the staff open the answer form by its address.
    answer_url = reverse(
        "coordination:request-recipient-action",
        kwargs={"pk": req.pk, "rid": rec.pk, "action": "answer"},
    )
    response = page.goto(f"{live_server.url}{answer_url}")
    assert response.status == 403, response.status
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.SENT

    # 2. The focal point (phó bí thư) sees the draft, finds it in the answer
    #    form and sends it.
    _as(page, live_server, ward.deputy_a.username, pw)
    page.goto(url)
    expect(block.locator(".answer-draft")).to_contain_text(draft)
    block.locator("a[data-action='answer']").click()
    form = page.locator("form.action-form")
    expect(form).to_be_visible()
    expect(page.locator("#id_body")).to_have_value(draft)
    form.get_by_role("button", name=re.compile("Xác nhận")).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message").first).to_contain_text("Đã thực hiện")
    expect(block.locator(".state").first).to_have_text("Đã trả lời")
    expect(block.locator(".thread")).to_contain_text(draft)
    expect(block.locator(".answer-draft")).to_have_count(0)
    screenshot(page, "people_02_focal_point_sends")
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.ANSWERED
    assert rec.answer_draft == ""
    answer = rec.answers.get()
    assert answer.author == ward.deputy_a and answer.body == draft

    # 3. The police officer reads the answer.
    _as(page, live_server, ward.officer.username, pw)
    page.goto(url)
    expect(block.locator(".state").first).to_have_text("Đã trả lời")
    expect(block.locator(".thread")).to_contain_text(draft)
    expect(block.locator(".answer-draft")).to_have_count(0)


def test_province_district_escalates_and_standing_committee_directs_after_both_positions(
    page, phone_page, live_server
):
    call_command("seed_demo", "--province", verbosity=0, password=DEMO_PASSWORD)
    subject = "Đề nghị phối hợp bảo đảm an ninh khu công nghiệp Lâm Sơn"

    # 1. The district secretary creates an important request to the provincial
    #    police committee, citing a dash bullet of the provincial regulation.
    _as(page, live_server, "huyen01_bithu", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/de-nghi/tao-moi/")
    options = page.locator("#id_provisions [data-choice]").all_inner_texts()
    options = [o.strip() for o in options]
    assert options and all(o.endswith(f"— {PROVINCE_CODE}") for o in options), (
        "only the province's regulation is citable"
    )
    bullet = next(o for o in options if ", ý “" in o)
    page.locator("#id_recipients").get_by_label(
        "Đảng ủy Công an tỉnh", exact=True
    ).check()
    page.fill("#id_subject", subject)
    page.fill(
        "#id_content",
        "Huyện ủy Lâm Sơn đề nghị Đảng ủy Công an tỉnh phối hợp bảo đảm an ninh, "
        "trật tự tại khu công nghiệp mới.",
    )
    page.select_option("#id_priority", value="important")
    page.fill("#id_response_days", "5")
    page.locator("#id_provisions").get_by_label(bullet, exact=True).check()
    page.get_by_role("button", name="Gửi đề nghị").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message")).to_contain_text("Đã gửi đề nghị phối hợp")
    req = CoordinationRequest.objects.get(subject=subject)
    assert req.priority == CoordinationRequest.Priority.IMPORTANT
    cited = req.provisions.get()
    assert cited.regulation.code == PROVINCE_CODE and cited.label.strip() == "-"
    url = f"{live_server.url}{req.get_absolute_url()}"
    page.goto(url)
    citation = page.locator("ul.provisions a")
    expect(page.get_by_role("heading", name="Căn cứ điều khoản")).to_be_visible()
    expect(citation).to_have_count(1)
    expect(citation).to_have_attribute(
        "href",
        re.compile(rf"^/quy-che/{PROVINCE_CODE}/v[^/]+/d/{re.escape(cited.ref)}/$"),
    )
    screenshot(page, "people_03_province_citation")
    citation.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text(cited.text.split()[0])
    rec = req.recipients.get()
    block = page.locator(f"#recipient-{rec.pk}")

    # 2. The police leader receives it, schedules a meeting (already held)
    #    and records that the two sides did not agree.
    _as(page, live_server, "tinh_congan_pho", DEMO_PASSWORD)
    page.goto(url)
    _act(page, "receive")
    _act(
        page,
        "schedule-meeting",
        {
            "#id_starts_at": (
                timezone.localtime() - datetime.timedelta(hours=3)
            ).strftime("%Y-%m-%dT%H:%M"),
            "#id_place": "Phòng họp Công an tỉnh",
            "#id_sender_participants": "Bí thư Huyện ủy Lâm Sơn",
            "#id_recipient_participants": "Phó Bí thư Đảng ủy Công an tỉnh",
        },
    )
    _act(
        page,
        "meeting-outcome",
        {"#id_minutes": "Hai bên chưa thống nhất về lực lượng bố trí thường trực."},
        check="input[name=outcome][value=not_agreed]",
    )
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.NOT_AGREED

    # 3. The district escalates, writing only its own position.
    _as(page, live_server, "huyen01_bithu", DEMO_PASSWORD)
    page.goto(url)
    _act(
        page,
        "escalate",
        {"#id_sender_position": "Huyện ủy đề nghị bố trí đồn công an tại khu."},
    )
    expect(block.locator(".escalation")).to_contain_text("bố trí đồn công an")
    expect(block.locator(".escalation")).to_contain_text("Bên này chưa ghi ý kiến.")
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.ESCALATED

    # 4. The provincial standing committee may not direct yet: joint report.
    _as(page, live_server, "tinh_thuongtruc", DEMO_PASSWORD)
    page.goto(url)
    block.locator("a[data-action='direct']").click()
    form = page.locator("form.action-form")
    expect(form).to_be_visible()
    expect(form).to_contain_text(
        "Chưa có ý kiến do chính bên này ghi: Đảng ủy Công an tỉnh"
    )
    page.fill("#id_text", "Giao Công an tỉnh chủ trì khảo sát, báo cáo trong 10 ngày.")
    form.get_by_role("button", name=re.compile("Xác nhận")).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message").first).to_contain_text("hai bên cùng báo cáo")
    expect(page.locator(".message").first).to_contain_text("Đảng ủy Công an tỉnh")
    screenshot(page, "people_04_joint_report_refused")
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.ESCALATED
    assert not Direction.objects.filter(recipient=rec).exists()

    # 5. The police records its own position.
    _as(page, live_server, "tinh_congan_pho", DEMO_PASSWORD)
    page.goto(url)
    _act(
        page,
        "position",
        {"#id_position": "Công an tỉnh đề nghị tăng cường tuần tra trước khi lập đồn."},
    )
    expect(block.locator(".escalation")).to_contain_text("tăng cường tuần tra")
    expect(block.locator(".escalation .message--warning")).to_have_count(0)

    # 6. Now the direction goes through.
    _as(page, live_server, "tinh_thuongtruc", DEMO_PASSWORD)
    page.goto(url)
    _act(
        page,
        "direct",
        {"#id_text": "Giao Công an tỉnh chủ trì khảo sát, báo cáo trong 10 ngày."},
    )
    expect(block.locator(".state").first).to_have_text("Đã có ý kiến chỉ đạo")
    expect(block.locator(".direction")).to_contain_text("khảo sát, báo cáo")
    screenshot(page, "people_05_directed")
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.DIRECTED
    assert rec.direction.proceed_reason == ""

    # 7. The district secretary reads it on a phone.
    login(phone_page, live_server, "huyen01_bithu", DEMO_PASSWORD)
    phone_page.goto(url)
    expect(phone_page.locator(".direction")).to_contain_text("khảo sát, báo cáo")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"request page scrolls sideways on a phone ({width}px)"
    screenshot(phone_page, "people_06_province_phone")
