"""Exchange pages while a report is drafted: the report form (task list,
duties), saving and autosave, stale drafts, attachments. After the draft:
test_transition_pages.py"""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.exchanges import services
from coordination.exchanges.selectors import report_duties
from coordination.models import (
    ExchangeAttachment,
)

from .conftest import fresh, report_of
from .pages import (
    PDF,
    State,
    form_data,
    messages,
    pdf,
    save_url,
    submitted,
    textarea,
)

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
    assert f'data-autosave-url="{save_url(report)}"' in body
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
    submitted(a, ward.secretary_a)
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
        save_url(report),
        form_data(
            report,
            results="Kết quả 6 tháng",
            completed=["anqg"],
            **{f"duty-{duties[0].pk}": "Đã tuần tra 12 lần"},
        ),
    )
    assert response.status_code == 302
    assert any("Đã lưu nháp lúc" in m for m in messages(response))
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
        save_url(report),
        form_data(report, results="Kết quả 6 tháng, bổ sung", autosave="1"),
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
    assert textarea(body, "results") == "Kết quả 6 tháng, bổ sung"
    assert 'class="task-tag task-tag--doing"' in body
    assert f'name="version" value="{report.version}"' in body


def messages_left(client) -> list[str]:
    """Messages waiting for the next page (an autosave must leave none)."""
    response = client.get(reverse("coordination:exchange-list"))
    return messages(response)


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
        save_url(report),
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
        save_url(report),
        {"confidentiality": "0", "version": opened, "results": "Bản của bí thư"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "<html" in body
    assert textarea(body, "results") == "Bản của bí thư"
    assert "Bản của cán bộ giúp việc" in body
    assert "Người khác vừa lưu báo cáo này" in body
    assert f'name="version" value="{report.version}"' in body
    report.refresh_from_db()
    assert report.results == "Bản của cán bộ giúp việc"
    # saving again from that page (after merging) is accepted
    response = client.post(
        save_url(report),
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
    response = client.post(save_url(report), {"confidentiality": "0", "results": "x"})
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.state == State.NOT_STARTED


def test_autosave_of_invalid_input_is_refused_with_a_message(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.post(
        save_url(report),
        form_data(report, results="a\x00b", autosave="1", confidentiality="9"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa lưu được" in body and "Độ mật" in body
    report.refresh_from_db()
    assert report.state == State.NOT_STARTED


def test_a_submitted_report_cannot_be_saved(client, ward, h1_now):
    report = submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    client.force_login(ward.secretary_a)
    response = client.post(save_url(report), form_data(report, results="đổi"))
    assert response.status_code == 302
    assert any("không sửa được" in m for m in messages(response))
    response = client.post(
        save_url(report), form_data(report, results="đổi", autosave="1")
    )
    assert response.status_code == 409
    assert response["HX-Redirect"] == report.get_absolute_url()
    report.refresh_from_db()
    assert report.results == "Đã phối hợp tốt"
    assert client.get(save_url(report)).status_code == 405


def test_attachment_with_the_draft_opens_for_the_counterpart_once_submitted(
    client, ward, h1_now
):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.staff_a)
    response = client.post(
        save_url(report),
        {**form_data(report, results="Có phụ lục"), "files": [pdf()]},
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
        save_url(report),
        {**form_data(report, results="Có phụ lục", autosave="1"), "files": [pdf()]},
    )
    assert ExchangeAttachment.objects.filter(report=report).count() == 1
    submitted(report, ward.secretary_a, text="Có phụ lục")
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
        save_url(report), {**form_data(report, results="x"), "files": [fake]}
    )
    assert response.status_code == 200
    assert "không khớp" in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.NOT_STARTED
