"""The yearly review in a real Chromium (issue 16): the police committee
schedules it and invites the cells, records attendance and minutes with two
action items, opens the meeting's pack, proposes commending cell A (the two
items as evidence) and criticising cell B; a standing committee member
decides both; cell A's secretary sees its commendation on the meeting page.
Screenshots: var/screenshots/reviews_*.png."""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from coordination.models import ReviewActionItem, ReviewMeeting
from coordination.reviews.proposals.models import CommendationProposal

from .conftest import login, screenshot


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)


def _submit(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")


def test_yearly_review_pack_and_proposals(page, live_server, ward):
    pw = ward.password
    today = timezone.localdate()
    due = (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y")

    # 1. The police committee's secretary schedules the yearly review.
    _as(page, live_server, ward.officer, pw)
    page.goto(f"{live_server.url}/hop-danh-gia/")
    page.get_by_role("link", name="Lên lịch họp").first.click()
    page.select_option("#id_kind", value="yearly")
    page.fill("#id_year", str(today.year))
    page.fill("#id_starts_at", today.strftime("%d/%m/%Y") + " 08:00")
    page.fill("#id_place", "Hội trường Đảng ủy phường")
    page.select_option("#id_chair", value=str(ward.officer.pk))
    _submit(page, "Lên lịch và gửi giấy mời")
    meeting = ReviewMeeting.objects.get()
    assert meeting.invitations.count() == 3  # every cell

    # 2. Attendance, minutes, held; two action items for cell A.
    page.get_by_role("link", name="Ghi kết quả cuộc họp").click()
    for cell in (ward.cell_a, ward.cell_b):
        page.check(f"input[name='attended'][value='{cell.pk}']")
    page.fill("#id_minutes", "Các bên thực hiện nghiêm chế độ trao đổi thông tin.")
    page.fill("#id_decisions", "Tiếp tục rà soát đầu mối liên hệ.")
    page.check("#id_mark_held")
    _submit(page, "Lưu")
    for text in ("Bổ sung báo cáo quý", "Cập nhật danh sách đầu mối"):
        page.select_option("#id_owner", value=str(ward.cell_a.pk))
        page.fill("#id_description", text)
        page.fill("#id_due_date", due)
        _submit(page, "Giao việc")
    expect(page.locator("tr[data-item]")).to_have_count(2)

    # 3. The pack: the minutes and the items, PDF and DOCX links.
    page.get_by_role("link", name="Bộ tài liệu họp").click()
    pack = page.locator("article.review-pack")
    expect(pack).to_contain_text("Các bên thực hiện nghiêm chế độ trao đổi thông tin.")
    expect(pack).to_contain_text("Cập nhật danh sách đầu mối")
    expect(page.get_by_role("link", name="Tải bản PDF")).to_be_visible()
    screenshot(page, "reviews_pack")
    page.go_back()

    # 4. Commend cell A (both items as evidence), criticise cell B.
    items = list(ReviewActionItem.objects.order_by("pk"))
    for kind, cell, reason in (
        ("commend", ward.cell_a, "Phối hợp chặt chẽ, đúng hạn."),
        ("criticise", ward.cell_b, "Chậm gửi báo cáo trao đổi thông tin."),
    ):
        page.goto(live_server.url + meeting.get_absolute_url())
        page.get_by_role("link", name="Đề xuất biểu dương, phê bình").click()
        page.select_option("#id_proposer_org", value=str(ward.police.pk))
        page.select_option("#id_kind", value=kind)
        page.select_option("#id_organization", value=str(cell.pk))
        page.fill("#id_reason", reason)
        if kind == "commend":
            for item in items:
                page.check(f"input[name='action_item'][value='{item.pk}']")
        _submit(page, "Gửi đề xuất")
    commend = CommendationProposal.objects.get(kind="commend")
    assert commend.meeting == meeting and commend.evidence.count() == 2

    # 5. A standing committee member decides both.
    _as(page, live_server, ward.standing_member, pw)
    for number, proposal in enumerate(CommendationProposal.objects.order_by("pk"), 1):
        page.goto(live_server.url + proposal.get_absolute_url())
        page.check("input[name='accepted'][value='1']")
        page.fill("#id_decision_number", f"{number}-QĐ/ĐU")
        page.fill("#id_decision_date", today.strftime("%d/%m/%Y"))
        _submit(page, "Ghi quyết định")
    assert set(CommendationProposal.objects.values_list("state", flat=True)) == {
        "accepted"
    }

    # 6. Cell A's secretary: the commendation, decided, on the meeting page;
    #    not the criticism of cell B.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(live_server.url + meeting.get_absolute_url())
    row = page.locator(f"tr[data-proposal='{commend.pk}']")
    expect(row).to_contain_text("Đồng ý")
    expect(row).to_contain_text("1-QĐ/ĐU")
    expect(page.locator("tr[data-proposal]")).to_have_count(1)
    screenshot(page, "reviews_commendation")
