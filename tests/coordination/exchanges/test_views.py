"""Exchange pages: the report form (task list, duties, autosave, stale
drafts), the transitions, the timeliness table, ad hoc rounds, the schedule,
attachments and the home page's pending work."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.exchanges import services
from coordination.exchanges.selectors import report_duties
from coordination.models import (
    ExchangeAttachment,
    ExchangeEvent,
    ExchangeReport,
    ExchangeRound,
    ExchangeSchedule,
)
from tests.factories import make_user

from .conftest import fresh, report_of

State = ExchangeReport.State
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="phu-luc.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _save_url(report):
    return reverse("coordination:exchange-save", args=[report.pk])


def _action_url(report, action):
    return reverse("coordination:exchange-action", args=[report.pk, action])


def _form_data(report, **extra):
    data = {"confidentiality": "0", "version": report.version}
    data.update(extra)
    return data


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def _textarea(body: str, name: str) -> str:
    match = re.search(
        rf'<textarea name="{re.escape(name)}"[^>]*>(.*?)</textarea>', body, re.S
    )
    assert match, name
    return match.group(1).strip()


def _submitted(report, user, text="Đã phối hợp tốt", today=None):
    services.save_draft(report=report, by=fresh(user), fields={"results": text})
    services.submit_report(report=report, by=fresh(user), today=today)
    report.refresh_from_db()
    return report


# --- The pages render -----------------------------------------------------------------------


def test_author_gets_the_form_with_a_task_list_and_the_regulations_duties(
    client, ward, h1_now
):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.staff_a)
    response = client.get(report.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Các phần của báo cáo" in body
    assert 'class="task-tag task-tag--todo"' in body
    assert "Chưa làm" in body
    duty = report_duties(report)[0]
    assert f'name="duty-{duty.pk}"' in body
    assert duty.provision.get_absolute_url() in body
    assert duty.provision.citation() in body
    assert "Chủ trì" in body and "Phối hợp" in body
    assert 'name="results"' in body
    assert 'name="new_policies"' not in body  # only the police's report
    assert 'name="version"' in body
    assert f'data-autosave-url="{_save_url(report)}"' in body
    assert "js/exchanges.js" in body
    # support staff prepare; the leaders submit
    assert 'name="submit"' not in body
    client.force_login(ward.secretary_a)
    body = client.get(report.get_absolute_url()).content.decode()
    assert 'name="submit"' in body


def test_police_report_form_starts_with_the_new_policies(client, ward, h1_now):
    report = report_of(h1_now, ward.police)
    client.force_login(ward.officer)
    body = client.get(report.get_absolute_url()).content.decode()
    assert 'name="new_policies"' in body
    assert body.index('id="section-new_policies"') < body.index('id="section-summary"')


def test_counterpart_and_oversight_see_a_draft_by_its_status_only(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), fields={"results": "Nội dung nháp"}
    )
    for user in (ward.officer, ward.standing_member, ward.office_staff):
        client.force_login(user)
        response = client.get(report.get_absolute_url())
        assert response.status_code == 200
        body = response.content.decode()
        assert "Nội dung nháp" not in body
        assert "Đang soạn" in body
        assert "nội dung chỉ mở cho bên nhận" in body
        assert "<textarea" not in body
    client.force_login(ward.member_a)  # a member of the cell reads, does not edit
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Nội dung nháp" in body and "<textarea" not in body


def test_list_tabs_and_filters(client, ward, h1_now):
    a = report_of(h1_now, ward.cell_a)
    _submitted(a, ward.secretary_a)
    client.force_login(ward.secretary_a)
    url = reverse("coordination:exchange-list")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tiến độ báo cáo" in body
    assert reverse("coordination:exchange-timeliness") in body
    owed = client.get(url + "?tab=owed").context["page"].object_list
    assert {r.organization for r in owed} == {ward.cell_a}
    assert a.pk not in {r.pk for r in owed}  # submitted: no longer owed
    client.force_login(ward.officer)
    waiting = client.get(url + "?tab=waiting").context["page"].object_list
    assert [r.pk for r in waiting] == [a.pk]
    response = client.get(url + f"?round={h1_now.pk}&status=submitted")
    assert [r.pk for r in response.context["page"].object_list] == [a.pk]
    response = client.get(url + "?state=submitted&round=abc&status=²")
    assert response.status_code == 200
    assert response.context["filter"].errors  # shown, and left out
    assert [r.pk for r in response.context["page"].object_list] == [a.pk]


def test_menu_has_the_exchanges_entry(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("coordination:exchange-list")).content.decode()
    assert "Trao đổi thông tin" in body
    assert re.search(r'href="/trao-doi/"\s+aria-current="page"', body)


# --- Saving -------------------------------------------------------------------------------


def test_explicit_save_then_autosave_round_trip(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    duties = report_duties(report)
    client.force_login(ward.secretary_a)
    response = client.post(
        _save_url(report),
        _form_data(
            report,
            results="Kết quả 6 tháng",
            completed=["anqg"],
            **{f"duty-{duties[0].pk}": "Đã tuần tra 12 lần"},
        ),
    )
    assert response.status_code == 302
    assert any("Đã lưu nháp lúc" in m for m in _messages(response))
    client.get(response["Location"])  # the message is shown once
    report.refresh_from_db()
    assert report.state == State.DRAFT
    assert report.results == "Kết quả 6 tháng"
    assert report.completed_sections == ["anqg"]
    # only the duty written has an entry (an entry is evidence per duty)
    assert dict(report.entries.values_list("responsibility_id", "text")) == {
        duties[0].pk: "Đã tuần tra 12 lần"
    }
    # autosave: a fragment, the new version, the sections' progress
    response = client.post(
        _save_url(report),
        _form_data(report, results="Kết quả 6 tháng, bổ sung", autosave="1"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert "Đã lưu lúc" in body
    report.refresh_from_db()
    assert response["X-Report-Version"] == str(report.version)
    assert f'data-version="{report.version}"' in body
    assert 'data-section="summary" data-status="doing"' in body
    # the browser posts every field: unticked and emptied, "anqg" is to do again
    assert 'data-section="anqg" data-status="todo"' in body
    assert report.results == "Kết quả 6 tháng, bổ sung"
    assert not messages_left(client)
    # one event for the start of the draft, not one per save
    assert list(report.events.values_list("action", flat=True)) == ["save"]
    # what was saved is what the page shows next time (another device, later)
    client.force_login(ward.deputy_a)
    body = client.get(report.get_absolute_url()).content.decode()
    assert _textarea(body, "results") == "Kết quả 6 tháng, bổ sung"
    assert 'class="task-tag task-tag--doing"' in body
    assert f'name="version" value="{report.version}"' in body


def messages_left(client) -> list[str]:
    """Messages waiting for the next page (an autosave must leave none)."""
    response = client.get(reverse("coordination:exchange-list"))
    return _messages(response)


def test_stale_draft_409_shows_both_versions_and_keeps_the_users_text(
    client, ward, h1_now
):
    report = report_of(h1_now, ward.cell_a)
    opened = report.version
    services.save_draft(
        report=report,
        by=fresh(ward.staff_a),
        expected_version=opened,
        fields={
            "results": "Bản của cán bộ giúp việc",
            "difficulties": "Khó khăn chung",
        },
    )
    client.force_login(ward.secretary_a)
    # the autosave: 409 and the comparison alone
    response = client.post(
        _save_url(report),
        {
            "confidentiality": "0",
            "version": opened,
            "results": "Bản của bí thư",
            "difficulties": "Khó khăn chung",
            "autosave": "1",
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="exchange-conflict"' in body
    assert "Bản của cán bộ giúp việc" in body and "Bản của bí thư" in body
    # side by side where they differ; the whole saved version below
    assert body.count('class="conflict__row"') == 1
    assert "Toàn bộ bản đã lưu" in body and "Khó khăn chung" in body
    assert "Staff A" in body  # who saved
    report.refresh_from_db()
    assert f'data-version="{report.version}"' in body
    assert response["X-Report-Version"] == str(report.version)
    assert report.results == "Bản của cán bộ giúp việc"
    # without JavaScript: the page again, the user's text still in the form,
    # the other's saved version next to it
    response = client.post(
        _save_url(report),
        {"confidentiality": "0", "version": opened, "results": "Bản của bí thư"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body
    assert _textarea(body, "results") == "Bản của bí thư"
    assert "Bản của cán bộ giúp việc" in body
    assert "Người khác vừa lưu báo cáo này" in body
    assert f'name="version" value="{report.version}"' in body
    report.refresh_from_db()
    assert report.results == "Bản của cán bộ giúp việc"
    # saving again from that page (after merging) is accepted
    response = client.post(
        _save_url(report),
        {
            "confidentiality": "0",
            "version": report.version,
            "results": "Bản đã gộp",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.results == "Bản đã gộp"


def test_a_form_without_a_version_is_stale(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.post(_save_url(report), {"confidentiality": "0", "results": "x"})
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.state == State.NOT_STARTED


def test_autosave_of_invalid_input_is_refused_with_a_message(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.post(
        _save_url(report),
        _form_data(report, results="a\x00b", autosave="1", confidentiality="9"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa lưu được" in body and "Độ mật" in body
    report.refresh_from_db()
    assert report.state == State.NOT_STARTED


def test_a_submitted_report_cannot_be_saved(client, ward, h1_now):
    report = _submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    client.force_login(ward.secretary_a)
    response = client.post(_save_url(report), _form_data(report, results="đổi"))
    assert response.status_code == 302
    assert any("không sửa được" in m for m in _messages(response))
    response = client.post(
        _save_url(report), _form_data(report, results="đổi", autosave="1")
    )
    assert response.status_code == 409
    assert response["HX-Redirect"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.results == "Đã phối hợp tốt"
    assert client.get(_save_url(report)).status_code == 405


def test_attachment_with_the_draft_opens_for_the_counterpart_once_submitted(
    client, ward, h1_now
):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.staff_a)
    response = client.post(
        _save_url(report),
        {**_form_data(report, results="Có phụ lục"), "files": [_pdf()]},
    )
    assert response.status_code == 302
    attachment = ExchangeAttachment.objects.get(report=report)
    url = reverse("coordination:exchange-attachment-download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(ward.officer)
    assert client.get(url).status_code == 404  # still a draft
    # an autosave never uploads (the browser would send the file again and again)
    client.force_login(ward.secretary_a)
    report.refresh_from_db()
    client.post(
        _save_url(report),
        {**_form_data(report, results="Có phụ lục", autosave="1"), "files": [_pdf()]},
    )
    assert ExchangeAttachment.objects.filter(report=report).count() == 1
    _submitted(report, ward.secretary_a, text="Có phụ lục")
    client.force_login(ward.officer)
    assert client.get(url).status_code == 200
    body = client.get(report.get_absolute_url()).content.decode()
    assert "phu-luc.pdf" in body
    client.force_login(ward.secretary_b)
    assert client.get(url).status_code == 404


def test_bad_attachment_is_refused_next_to_the_field(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    fake = SimpleUploadedFile(
        "virus.pdf", b"MZ\x90\x00", content_type="application/pdf"
    )
    response = client.post(
        _save_url(report), {**_form_data(report, results="x"), "files": [fake]}
    )
    assert response.status_code == 200
    assert "không khớp" in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.NOT_STARTED


# --- Transitions ------------------------------------------------------------------------------


def test_save_and_submit_late_shows_late_in_the_table(client, ward, h1, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 9, 0, tzinfo=datetime.UTC))
    report = report_of(h1, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.post(
        _save_url(report), _form_data(report, results="Kết quả", submit="1")
    )
    assert response.status_code == 302
    assert "Đã nộp báo cáo." in _messages(response)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.submitted_late
    client.force_login(ward.officer)
    response = client.get(reverse("coordination:exchange-round", args=[h1.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    row = body.split(f'data-report="{report.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Nộp muộn" in row and "late-flag" in row
    counts = response.context["table"].counts
    assert counts["late"] == 1 and counts["submitted"] == 1
    assert counts["missing"] == 3  # cells B and C, and the police's own report
    late_link = (
        reverse("coordination:exchange-list") + f"?round={h1.pk}&amp;status=late"
    )
    assert late_link in body
    listed = client.get(
        reverse("coordination:exchange-list") + f"?round={h1.pk}&status=late"
    )
    assert [r.pk for r in listed.context["page"].object_list] == [report.pk]
    assert "Nộp muộn" in listed.content.decode()
    # the timeliness page picks the most recent round already due
    response = client.get(reverse("coordination:exchange-timeliness"))
    assert response.context["round"] == h1


def test_submit_without_results_is_refused_with_the_reason(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.post(_save_url(report), _form_data(report, submit="1"))
    assert response.status_code == 302
    assert any("Kết quả phối hợp" in m for m in _messages(response))
    report.refresh_from_db()
    assert report.state == State.DRAFT  # saved, not submitted


def test_return_requires_a_reason(client, ward, h1_now):
    report = _submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    client.force_login(ward.officer)
    url = _action_url(report, "return")
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    response = client.post(url, {"reason": "   ", "version": report.version})
    assert response.status_code == 200
    assert "Xin ghi rõ lý do." in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    response = client.post(
        url, {"reason": "Thiếu số liệu tuần tra", "version": report.version}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.RETURNED and report.returned_count == 1
    # the cell edits again, and sees why
    client.force_login(ward.secretary_a)
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Thiếu số liệu tuần tra" in body
    assert "<textarea" in body


def test_accept_with_htmx_and_a_stale_form(client, ward, h1_now):
    report = _submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    client.force_login(ward.officer)
    url = _action_url(report, "accept")
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'name="version"' in body and 'name="comment"' in body
    response = client.post(url, {"version": report.version - 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert response["HX-Redirect"] == report.get_absolute_url()
    response = client.post(url, {"version": report.version, "comment": "Tốt"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    # no longer possible: the GET sends the user back with a message
    response = client.get(url)
    assert response.status_code == 302
    assert any("Không thể" in m for m in _messages(response))


def test_acknowledge_by_each_cell(client, ward, h1_now):
    report = report_of(h1_now, ward.police)
    client.force_login(ward.officer)
    response = client.post(
        _save_url(report),
        _form_data(
            report, new_policies="Nghị quyết mới", results="Kết quả", submit="1"
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    secretary_c = make_user("secretary_c", org=ward.cell_c)
    url = _action_url(report, "acknowledge")
    for n, user in enumerate((ward.secretary_a, ward.secretary_b, secretary_c), 1):
        client.force_login(user)
        body = client.get(report.get_absolute_url()).content.decode()
        assert "Nghị quyết mới" in body
        assert 'data-action="acknowledge"' in body
        response = client.post(url, {})
        assert response.status_code == 302, user
        report.refresh_from_db()
        body = client.get(report.get_absolute_url()).content.decode()
        assert f"{n}/3 chi bộ đã xác nhận" in body
        assert 'data-action="acknowledge"' not in body
        # twice is refused (once all have, the report is accepted)
        response = client.post(url, {})
        told = _messages(response)
        assert any("đã xác nhận" in m or "Đã tiếp nhận" in m for m in told), told
    report.refresh_from_db()
    assert report.state == State.ACCEPTED
    assert report.acknowledgements.count() == 3
    client.force_login(ward.standing_member)
    table = client.get(reverse("coordination:exchange-round", args=[h1_now.pk]))
    assert "3/3 chi bộ đã xác nhận" in table.content.decode()


def test_reopen_after_the_lock_date(client, ward, h1, time_machine):
    time_machine.move_to(datetime.datetime(2026, 8, 3, 9, 0, tzinfo=datetime.UTC))
    report = report_of(h1, ward.cell_a)
    services.save_draft(
        report=report, by=fresh(ward.secretary_a), fields={"results": "x"}
    )
    report.refresh_from_db()
    client.force_login(ward.secretary_a)
    body = client.get(report.get_absolute_url()).content.decode()
    assert "đã khóa sổ" in body
    response = client.post(_save_url(report), _form_data(report, submit="1"))
    assert any("khóa sổ" in m for m in _messages(response))
    client.force_login(ward.office_staff)
    url = _action_url(report, "reopen")
    assert (
        'data-action="reopen"' in client.get(report.get_absolute_url()).content.decode()
    )
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Xin ghi rõ lý do." in response.content.decode()
    response = client.post(url, {"reason": "Đơn vị đổi bí thư"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reopened_at is not None
    client.force_login(ward.secretary_a)
    report.refresh_from_db()
    response = client.post(
        _save_url(report), _form_data(report, results="x", submit="1")
    )
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.submitted_late
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Đơn vị đổi bí thư" in body and "mở lại sau khóa sổ" in body


def test_unknown_action_is_404_and_a_side_without_it_is_403(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    assert client.get(_action_url(report, "no-such-action")).status_code == 404
    assert client.get(_action_url(report, "save")).status_code == 404
    assert client.get(_action_url(report, "acknowledge")).status_code == 404
    assert client.get(_action_url(report, "accept")).status_code == 403
    client.force_login(ward.staff_a)
    assert client.post(_action_url(report, "submit"), {}).status_code == 403


# --- Rounds, schedule, home page ------------------------------------------------------------


def test_ad_hoc_round_page(client, ward, ward_regulation, july):
    url = reverse("coordination:exchange-round-create")
    client.force_login(ward.secretary_a)
    assert client.get(url).status_code == 403
    client.force_login(ward.officer)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="checkbox"' in body and ward.cell_b.name in body
    assert ward.standing.name not in body  # cells only
    response = client.post(url, {"topic": "", "due_date": "2026-06-01"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"topic", "organizations", "due_date"} <= set(form.errors)
    response = client.post(
        url,
        {
            "ward": ward.root.pk,
            "topic": "Tình hình khiếu kiện đông người",
            "organizations": [ward.cell_a.pk, ward.cell_b.pk],
            "due_date": "2026-07-20",
        },
    )
    assert response.status_code == 302
    round_ = ExchangeRound.objects.get(kind="ad_hoc")
    assert response["Location"] == round_.get_absolute_url()
    assert round_.opened_by == ward.officer
    assert round_.due_date == datetime.date(2026, 7, 20)
    assert set(round_.reports.values_list("organization__code", "direction")) == {
        ("cell-a", "to_police"),
        ("cell-b", "to_police"),
        (ward.police.code, "to_cells"),
    }
    page = client.get(response["Location"])
    assert "Tình hình khiếu kiện đông người" in page.content.decode()
    # cell C is not concerned: it sees nothing of this round
    secretary_c = make_user("secretary_c", org=ward.cell_c)
    client.force_login(secretary_c)
    assert client.get(round_.get_absolute_url()).status_code == 404


def test_ad_hoc_round_without_a_regulation_that_allows_it(client, ward):
    client.force_login(ward.standing_member)
    response = client.get(reverse("coordination:exchange-round-create"))
    assert response.status_code == 200
    assert "không quy định trao đổi đột xuất" in response.content.decode()


def test_schedule_page(client, ward, rounds, july):
    url = reverse("coordination:exchange-schedule")
    client.force_login(ward.secretary_a)
    assert client.get(url).status_code == 403
    client.force_login(ward.standing_member)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa đặt riêng" in body
    assert "Hạn nộp 10 ngày sau khi hết kỳ; khóa sổ 20 ngày sau hạn nộp." in body
    response = client.post(url, {"due_days": "-1", "lock_days": "abc"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"due_days", "lock_days"}
    response = client.post(url, {"due_days": "5", "lock_days": "10"})
    assert response.status_code == 302
    schedule = ExchangeSchedule.objects.get(ward=ward.root)
    assert (schedule.due_days, schedule.lock_days, schedule.updated_by) == (
        5,
        10,
        ward.standing_member,
    )
    assert ExchangeRound.objects.get(pk=rounds["h1"].pk).due_date == datetime.date(
        2026, 7, 6
    )
    client.force_login(ward.office_staff)
    body = client.get(url).content.decode()
    assert "Hạn nộp 5 ngày sau khi hết kỳ; khóa sổ 10 ngày sau hạn nộp." in body
    assert "Standing Member" in body


def test_home_page_lists_the_owed_report(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.get(reverse("accounts:home"))
    body = response.content.decode()
    assert "Trao đổi thông tin định kỳ" in body
    assert f'href="{report.get_absolute_url()}"' in body
    assert report.title in body
    # once submitted it is no longer owed by cell A, and waits for the police
    _submitted(report, ward.secretary_a)
    body = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{report.get_absolute_url()}"' not in body
    client.force_login(ward.officer)
    body = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{report.get_absolute_url()}"' in body


def test_events_timeline(client, ward, h1_now):
    report = _submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    services.return_report(report=report, by=fresh(ward.officer), reason="Bổ sung")
    client.force_login(ward.standing_member)
    body = client.get(report.get_absolute_url()).content.decode()
    for label in ("bắt đầu soạn báo cáo", "nộp báo cáo", "trả lại để sửa"):
        assert label in body
    assert "Đã nộp → Trả lại để sửa" in body
    assert ExchangeEvent.objects.filter(report=report).count() == 3


@pytest.mark.parametrize("role", ["secretary_a", "officer", "standing_member"])
def test_pages_in_english_when_chosen(client, ward, h1_now, role):
    from django.conf import settings

    client.force_login(getattr(ward, role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (
        reverse("coordination:exchange-list"),
        reverse("coordination:exchange-timeliness"),
        report_of(h1_now, ward.cell_a).get_absolute_url(),
    ):
        assert client.get(url).status_code == 200
