"""A planned meeting's schedule edited by the hosts before it is held
(``services.update_review``), and the meeting page listing the commendation
and criticism proposals raised under it, with their decision."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from coordination.models import Notification, ReviewInvitation
from coordination.reviews import services
from coordination.reviews.proposals import services as proposals

from .conftest import schedule


def _update(ward, meeting, *, by=None, **kwargs):
    values = {
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "chair": meeting.chair,
        "agenda": meeting.agenda,
        "invited": [ward.cell_a, ward.cell_b, ward.cell_c],
    }
    values.update(kwargs)
    return services.update_review(meeting=meeting, by=by or ward.police_staff, **values)


def test_hosts_edit_a_planned_meeting(ward, django_capture_on_commit_callbacks):
    meeting = schedule(ward, invited=[ward.cell_a, ward.cell_c])
    Notification.objects.all().delete()
    with pytest.raises(services.ReviewError):
        _update(ward, meeting, by=ward.secretary_a, place="Nơi khác")
    later = meeting.starts_at + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        edited = _update(
            ward,
            meeting,
            starts_at=later,
            place="Phòng họp số 2",
            chair=ward.police_staff,
            agenda="1. Đánh giá\n2. Kiến nghị",
            invited=[ward.cell_a, ward.cell_b],
        )
    edited.refresh_from_db()
    assert edited.starts_at == later and edited.place == "Phòng họp số 2"
    assert edited.chair == ward.police_staff
    assert edited.history.first().history_user == ward.police_staff
    invited = set(
        ReviewInvitation.objects.filter(meeting=meeting).values_list(
            "organization_id", flat=True
        )
    )
    assert invited == {ward.cell_a.pk, ward.cell_b.pk}  # C dropped, B added
    notices = {
        (n.user.username, "chuyển sang" in n.title)
        for n in Notification.objects.select_related("user")
    }
    # Cell A (still invited) is told of the new date, cell B invited anew.
    assert ("secretary_a", True) in notices and ("secretary_b", False) in notices
    assert not any(name == "officer" for name, _moved in notices)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        _update(ward, meeting, starts_at=later, place="Phòng họp số 3")
    assert not Notification.objects.filter(title__contains="chuyển sang").exists()
    services.record_review(
        meeting=meeting,
        by=ward.officer,
        minutes="BB",
        decisions="",
        attended=[],
        mark_held=True,
    )
    with pytest.raises(services.ReviewError):
        _update(ward, meeting, place="Sau khi họp")


def test_edit_page_before_and_after_the_meeting(client, ward, meeting):
    client.force_login(ward.officer)
    url = reverse("coordination:review-edit", args=[meeting.pk])
    page = client.get(meeting.get_absolute_url())
    assert page.context["can_edit"] and url in page.content.decode()
    form = client.get(url).context["form"]
    assert form.initial["place"] == meeting.place
    response = client.post(
        url,
        {
            "starts_at": form.initial["starts_at"].strftime("%Y-%m-%dT%H:%M"),
            "place": "Hội trường mới",
            "chair": str(ward.officer.pk),
            "invited": [str(ward.cell_a.pk)],
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Hội trường mới" and meeting.invitations.count() == 1
    response = client.post(url, {"place": ""})
    assert response.status_code == 400
    services.record_review(
        meeting=meeting,
        by=ward.officer,
        minutes="BB",
        decisions="",
        attended=[],
        mark_held=True,
    )
    assert not client.get(meeting.get_absolute_url()).context["can_edit"]
    assert client.get(url).status_code == 403


def test_meeting_page_lists_its_proposals_with_decision(client, ward, meeting):
    commend = proposals.propose(
        by=ward.officer,
        proposer_org=ward.police,
        kind="commend",
        organization=ward.cell_a,
        reason="Phối hợp tốt",
        meeting=meeting,
    )
    proposals.propose(
        by=ward.officer,
        proposer_org=ward.police,
        kind="criticise",
        organization=ward.cell_b,
        reason="Báo cáo chậm",
        meeting=meeting,
    )
    proposals.propose(  # not under this meeting
        by=ward.officer,
        proposer_org=ward.police,
        kind="commend",
        organization=ward.cell_c,
        reason="Khác",
    )
    proposals.decide(
        proposal=commend,
        by=ward.standing_member,
        accepted=True,
        decision_number="12-QĐ/ĐU",
        decision_date=datetime.date(2026, 12, 20),
    )
    client.force_login(ward.officer)
    page = client.get(meeting.get_absolute_url())
    shown = list(page.context["proposals"])
    assert {p.organization for p in shown} == {ward.cell_a, ward.cell_b}
    assert "12-QĐ/ĐU" in page.content.decode()
    client.force_login(ward.secretary_a)  # sees the one about cell A only
    shown = list(client.get(meeting.get_absolute_url()).context["proposals"])
    assert [p.organization for p in shown] == [ward.cell_a]
