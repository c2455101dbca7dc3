"""Incident pages: the list, reporting from the form (draft or at once), the
page with its addressees, timeline and action items, the transitions, an
item done, attachments and the first opening."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coordination.incidents import services
from coordination.models import (
    ActionItem,
    Incident,
    IncidentAddressee,
    IncidentAttachment,
    IncidentEvent,
    IncidentUpdate,
)

State = Incident.State
Kind = Incident.Kind
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_incident(ward, *, by=None, reporter=None, kind=Kind.CELL_REPORT, **extra):
    """A reported incident (``send=False``: a draft)."""
    return services.create_incident(
        by=fresh(by or ward.secretary_a),
        reporter=reporter or ward.cell_a,
        kind=kind,
        title=extra.pop("title", "Tụ tập đông người tại chợ"),
        description="Khoảng 50 người tụ tập.",
        place="Chợ Khu dân cư A",
        started_at=timezone.now() - datetime.timedelta(minutes=20),
        cells=extra.pop("cells", []),
        report=extra.pop("send", True),
        **extra,
    )


def action_url(incident, action):
    return reverse("coordination:incident-action", args=[incident.pk, action])


def form_data(ward, **extra):
    data = {
        "reporter": ward.cell_a.pk,
        "kind": Kind.CELL_REPORT,
        "title": "Mâu thuẫn đất đai có nguy cơ xô xát",
        "description": "Hai hộ tranh chấp ranh giới.",
        "place": "Tổ 3",
        "started_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "severity": "2",
        "confidentiality": "0",
    }
    data.update(extra)
    return data


def test_list_shows_open_first_and_the_report_button(client, ward):
    closed = make_incident(ward, title="Đã xong")
    Incident.objects.filter(pk=closed.pk).update(state=State.CLOSED)
    make_incident(ward, title="Nghiêm trọng", severity=3)
    client.force_login(ward.standing_member)
    body = client.get(reverse("coordination:incident-list")).content.decode()
    assert body.index("Nghiêm trọng") < body.index("Đã xong")
    assert "Báo cáo tình huống" not in body
    client.force_login(ward.secretary_a)
    body = client.get(reverse("coordination:incident-list")).content.decode()
    assert "Báo cáo tình huống" in body
    assert "Tình huống đột xuất" in body  # the menu entry


def test_list_filters_by_state_and_ignores_bad_values(client, ward):
    make_incident(ward, title="Đang mở")
    client.force_login(ward.standing_member)
    url = reverse("coordination:incident-list")
    assert "Đang mở" not in client.get(url, {"state": "closed"}).content.decode()
    response = client.get(url, {"state": "zzz", "month": "x", "organization": "a"})
    assert response.status_code == 200
    assert "Đang mở" in response.content.decode()


def test_report_at_once_from_the_form(client, ward, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(ward.secretary_a)
    url = reverse("coordination:incident-create")
    assert client.get(url).status_code == 200
    response = client.post(url, {**form_data(ward), "report": "1", "files": pdf()})
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == incident.get_absolute_url()
    assert incident.state == State.REPORTED
    assert incident.severity == 2
    assert set(incident.addressees.values_list("organization", flat=True)) == {
        ward.standing.pk,
        ward.police.pk,
    }
    attachment = IncidentAttachment.objects.get(incident=incident)
    client.force_login(ward.officer)
    download = reverse(
        "coordination:incident-attachment-download", args=[attachment.pk]
    )
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_staff_saves_a_draft_and_the_leader_reports_it(client, ward):
    client.force_login(ward.staff_a)
    response = client.post(
        reverse("coordination:incident-create"), {**form_data(ward), "draft": "1"}
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert incident.state == State.DRAFT
    client.force_login(ward.officer)
    assert client.get(incident.get_absolute_url()).status_code == 404
    client.force_login(ward.secretary_a)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Báo cáo ngay" in page
    response = client.post(
        action_url(incident, "report"), {"version": incident.version}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.state == State.REPORTED


def test_form_refuses_a_kind_the_reporter_may_not_report(client, ward):
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:incident-create"),
        {**form_data(ward, kind=Kind.POLICE_REPORT), "report": "1"},
    )
    assert response.status_code == 200
    assert not Incident.objects.exists()


def test_police_reports_to_named_cells(client, ward):
    client.force_login(ward.officer)
    data = form_data(
        ward, reporter=ward.police.pk, kind=Kind.POLICE_REPORT, cells=[ward.cell_b.pk]
    )
    response = client.post(
        reverse("coordination:incident-create"), {**data, "report": "1"}
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert set(incident.addressees.values_list("organization", flat=True)) == {
        ward.standing.pk,
        ward.cell_b.pk,
    }


def test_first_opening_is_recorded_once(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.police_staff)
    client.get(incident.get_absolute_url())
    row = IncidentAddressee.objects.get(incident=incident, organization=ward.police)
    assert row.first_opened_by == ward.police_staff
    first = row.first_opened_at
    client.force_login(ward.officer)
    body = client.get(incident.get_absolute_url()).content.decode()
    row.refresh_from_db()
    assert row.first_opened_at == first and row.first_opened_by == ward.police_staff
    assert "chưa xác nhận" in body
    # The reporter opening its own report records nothing.
    client.force_login(ward.secretary_a)
    client.get(incident.get_absolute_url())
    standing = IncidentAddressee.objects.get(
        incident=incident, organization=ward.standing
    )
    assert standing.first_opened_at is None


def test_acknowledge(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.officer)
    assert client.get(action_url(incident, "acknowledge")).status_code == 200
    response = client.post(action_url(incident, "acknowledge"), {"version": "1"})
    assert response.status_code == 302
    row = IncidentAddressee.objects.get(incident=incident, organization=ward.police)
    assert row.acknowledged_by == ward.officer
    # A second acknowledgement is refused with a message, nothing written.
    client.post(action_url(incident, "acknowledge"), {})
    assert IncidentEvent.objects.filter(action="acknowledge").count() == 1


def test_direct_with_an_action_item_then_done_then_close(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.standing_member)
    page = client.get(action_url(incident, "direct")).content.decode()
    assert "owner_5" in page
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        action_url(incident, "direct"),
        {
            "version": incident.version,
            "text": "Chi bộ A nắm tình hình, Công an bố trí lực lượng.",
            "owner_1": ward.cell_a.pk,
            "item_1": "Vận động các hộ giữ bình tĩnh",
            "due_1": due.isoformat(),
        },
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.state == State.DIRECTED
    item = ActionItem.objects.get()
    assert (item.owner, item.due_date) == (ward.cell_a, due)
    assert IncidentUpdate.objects.filter(kind="direction").count() == 1

    done_url = reverse("coordination:incident-item-done", args=[item.pk])
    client.force_login(ward.member_a)  # a member, not a leader of the owner
    assert client.post(done_url, {"note": "x"}).status_code == 403
    client.force_login(ward.secretary_a)
    body = client.get(incident.get_absolute_url()).content.decode()
    assert "Vận động các hộ giữ bình tĩnh" in body and done_url in body
    assert client.post(done_url, {"note": "Đã vận động"}).status_code == 302
    item.refresh_from_db()
    assert item.done_by == ward.secretary_a and item.done_note == "Đã vận động"

    response = client.post(action_url(incident, "close"), {"outcome": "Ổn định"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.state == State.CLOSED and incident.outcome == "Ổn định"
    body = client.get(incident.get_absolute_url()).content.decode()
    assert "Đã hoàn thành" in body and "Kết thúc" in body


def test_direction_item_rows_are_checked(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.standing_member)
    response = client.post(
        action_url(incident, "direct"),
        {"text": "Chỉ đạo", "item_1": "Việc không có đơn vị", "owner_2": "999999"},
    )
    assert response.status_code == 200
    assert not ActionItem.objects.exists()
    incident.refresh_from_db()
    assert incident.state == State.REPORTED


def test_overdue_item_badge(client, ward, time_machine):
    incident = make_incident(ward)
    services.direct_incident(
        incident=incident,
        by=fresh(ward.standing_member),
        text="Chỉ đạo",
        items=[(ward.cell_a, "Báo cáo kết quả", timezone.localdate())],
    )
    time_machine.move_to(timezone.now() + datetime.timedelta(days=3))
    client.force_login(ward.secretary_a)
    body = client.get(incident.get_absolute_url()).content.decode()
    assert "Quá hạn" in body


def test_update_and_measure(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.staff_a)
    client.post(action_url(incident, "update"), {"body": "Đã giải tán"})
    client.force_login(ward.officer)
    client.post(action_url(incident, "measure"), {"body": "Bố trí 5 cán bộ"})
    kinds = list(IncidentUpdate.objects.values_list("kind", flat=True))
    assert kinds == ["update", "measure"]
    body = client.get(incident.get_absolute_url()).content.decode()
    assert "Đã giải tán" in body and "Bố trí 5 cán bộ" in body


def test_unknown_action_is_404_and_impossible_action_redirects(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.secretary_a)
    assert client.get(action_url(incident, "zzz")).status_code == 404
    response = client.get(action_url(incident, "report"))  # already reported
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["secretary_b", "office_staff", "ward_member"])
def test_outsiders_get_404(client, ward, role):
    incident = make_incident(ward)
    client.force_login(getattr(ward, role))
    assert client.get(incident.get_absolute_url()).status_code == 404
