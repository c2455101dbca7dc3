"""Exchange pages after the draft: submit, return, accept, acknowledge,
reopen, ad hoc rounds, the schedule, the home page's pending work, the
timeline and the English pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from coordination.exchanges import services
from coordination.models import (
    ExchangeEvent,
    ExchangeRound,
    ExchangeSchedule,
)
from tests.factories import make_user

from .conftest import fresh, report_of
from .pages import (
    State,
    action_url,
    form_data,
    messages,
    save_url,
    submitted,
)

# --- Transitions ------------------------------------------------------------------------------


def test_save_and_submit_late_shows_late_in_the_table(client, ward, h1, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 15, 9, 0, tzinfo=datetime.UTC))
    report = report_of(h1, ward.cell_a)
    client.force_login(ward.secretary_a)
    response = client.post(
        save_url(report), form_data(report, results="Kết quả", submit="1")
    )
    assert response.status_code == 302
    assert "Đã nộp báo cáo." in messages(response)
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
    response = client.post(save_url(report), form_data(report, submit="1"))
    assert response.status_code == 302
    assert any("Kết quả phối hợp" in m for m in messages(response))
    report.refresh_from_db()
    assert report.state == State.DRAFT  # saved, not submitted


def test_return_requires_a_reason(client, ward, h1_now):
    report = submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    client.force_login(ward.officer)
    url = action_url(report, "return")
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
    report = submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
    client.force_login(ward.officer)
    url = action_url(report, "accept")
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
    assert any("Không thể" in m for m in messages(response))


def test_acknowledge_by_each_cell(client, ward, h1_now):
    report = report_of(h1_now, ward.police)
    client.force_login(ward.officer)
    response = client.post(
        save_url(report),
        form_data(report, new_policies="Nghị quyết mới", results="Kết quả", submit="1"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    secretary_c = make_user("secretary_c", org=ward.cell_c)
    url = action_url(report, "acknowledge")
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
        told = messages(response)
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
    response = client.post(save_url(report), form_data(report, submit="1"))
    assert any("khóa sổ" in m for m in messages(response))
    client.force_login(ward.office_staff)
    url = action_url(report, "reopen")
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
    response = client.post(save_url(report), form_data(report, results="x", submit="1"))
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.submitted_late
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Đơn vị đổi bí thư" in body and "mở lại sau khóa sổ" in body


def test_unknown_action_is_404_and_a_side_without_it_is_403(client, ward, h1_now):
    report = report_of(h1_now, ward.cell_a)
    client.force_login(ward.secretary_a)
    assert client.get(action_url(report, "no-such-action")).status_code == 404
    assert client.get(action_url(report, "save")).status_code == 404
    assert client.get(action_url(report, "acknowledge")).status_code == 404
    assert client.get(action_url(report, "accept")).status_code == 403
    client.force_login(ward.staff_a)
    assert client.post(action_url(report, "submit"), {}).status_code == 403


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
    submitted(report, ward.secretary_a)
    body = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{report.get_absolute_url()}"' not in body
    client.force_login(ward.officer)
    body = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{report.get_absolute_url()}"' in body


def test_events_timeline(client, ward, h1_now):
    report = submitted(report_of(h1_now, ward.cell_a), ward.secretary_a)
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
