"""An amendment to the regulation in a real Chromium (issue 16, ward 12.3):
cell A's secretary raises a difficulty with Điều 10.2, the police committee
compiles it into a proposal to the standing committee, a standing committee
member accepts: a new draft version exists, linked from the proposal; the
administrator edits the provision in that draft, the standing committee
member approves the version, and the version diff shows the change.
Screenshots: var/screenshots/amendment_*.png."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from coordination.reviews.proposals.models import (
    AmendmentCompilation,
    AmendmentProposal,
)
from regulations.models import Provision, Regulation

from .conftest import login, screenshot

NEW_TEXT = "Bên nhận trả lời trong 07 ngày làm việc kể từ ngày nhận đề nghị."


def _as(page, live_server, user, password):
    page.context.clear_cookies()
    login(page, live_server, user.username, password)


def _submit(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")


def test_difficulty_to_an_approved_version(page, live_server, ward):
    pw = ward.password
    call_command("load_regulations", verbosity=0)
    v1 = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    v1.organization = ward.root
    v1.save(update_fields=["organization"])
    cited = Provision.objects.get(regulation=v1, ref="d10-k2")

    # 1. Cell A's secretary raises a difficulty citing Điều 10.2.
    _as(page, live_server, ward.secretary_a, pw)
    page.goto(live_server.url + reverse("coordination:review-amendment-create"))
    page.select_option("#id_organization", value=str(ward.cell_a.pk))
    page.select_option("#id_kind", value="difficulty")
    page.check(f"input[name='provisions'][value='{cited.pk}']")
    page.fill("#id_content", "Thời hạn trả lời đề nghị phối hợp quá ngắn.")
    _submit(page, "Gửi kiến nghị")
    item = AmendmentProposal.objects.get()

    # 2. The police committee compiles it for the standing committee.
    _as(page, live_server, ward.officer, pw)
    page.goto(live_server.url + reverse("coordination:review-compilation-create"))
    page.check(f"input[name='items'][value='{item.pk}']")
    page.fill("#id_summary", "Đề nghị kéo dài thời hạn trả lời tại khoản 2 Điều 10.")
    _submit(page, "Gửi tờ trình")
    compilation = AmendmentCompilation.objects.get()

    # 3. A standing committee member accepts: a new draft version, linked.
    _as(page, live_server, ward.standing_member, pw)
    page.goto(live_server.url + compilation.get_absolute_url())
    page.check("input[name='accepted'][value='1']")
    page.fill("#id_decision_number", "15-QĐ/ĐU")
    page.fill("#id_decision_date", timezone.localdate().strftime("%d/%m/%Y"))
    _submit(page, "Ghi quyết định")
    compilation.refresh_from_db()
    v2 = compilation.new_version
    assert v2 is not None and v2.status == "draft" and v2.version == 2
    expect(page.locator(f"li[data-amendment='{item.pk}']")).to_be_visible()
    link = page.get_by_role("link", name=str(v2))
    expect(link).to_have_attribute("href", v2.get_absolute_url())
    screenshot(page, "amendment_accepted")

    # 4. The administrator edits Điều 10.2 in the draft version.
    _as(page, live_server, ward.admin, pw)
    page.goto(
        live_server.url
        + reverse(
            "regulations:provision-edit",
            kwargs={"code": v2.code, "version": v2.version, "ref": "d10-k2"},
        )
    )
    page.fill("#id_text", NEW_TEXT)
    _submit(page, "Lưu")

    # 5. The standing committee member approves it; the diff shows the change.
    _as(page, live_server, ward.standing_member, pw)
    page.goto(live_server.url + v2.get_absolute_url())
    _submit(page, "Phê duyệt, cho có hiệu lực")
    v2.refresh_from_db()
    assert v2.status == "in_force"
    page.goto(
        live_server.url
        + reverse(
            "regulations:regulation-diff", kwargs={"code": v2.code, "old": 1, "new": 2}
        )
    )
    changed = page.locator(".reg-diff__entry--changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("07 ngày làm việc")
    screenshot(page, "amendment_diff")
