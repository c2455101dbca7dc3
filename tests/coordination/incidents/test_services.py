"""Urgent situations through the services: who is told at once, who acts,
the direction's action items, the second notice exactly once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coordination.incidents import notify, services, workflow
from coordination.incidents.selectors import incident_list, pending_incident_items
from coordination.models import (
    ActionItem,
    Incident,
    IncidentEvent,
    Notification,
    OutboundEmail,
)
from coordination.permissions import visible_incidents
from coordination.workdays import DayOffOverride
from tests.factories import make_user

State = Incident.State
Kind = Incident.Kind


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def mailed(user) -> bool:
    return any(user.email in row.to for row in OutboundEmail.objects.all())


def report(ward, *, by=None, reporter=None, kind=Kind.CELL_REPORT, cells=(), **extra):
    return services.create_incident(
        by=fresh(by or ward.secretary_a),
        reporter=reporter or ward.cell_a,
        kind=kind,
        title=extra.pop("title", "Tụ tập đông người tại chợ"),
        description="Khoảng 50 người tụ tập, có dấu hiệu kích động.",
        place="Chợ Khu dân cư A",
        started_at=timezone.now() - datetime.timedelta(minutes=20),
        cells=list(cells),
        report=extra.pop("send", True),
        **extra,
    )


def test_cell_report_reaches_standing_and_police_at_once(ward):
    incident = report(ward)
    assert incident.state == State.REPORTED
    orgs = set(incident.addressees.values_list("organization", flat=True))
    assert orgs == {ward.standing.pk, ward.police.pk}
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"standing_member", "officer", "police_staff"} <= told
    assert "secretary_b" not in told
    assert mailed(ward.standing_member)
    assert incident in visible_incidents(fresh(ward.officer))
    assert incident in visible_incidents(fresh(ward.standing_member))
    assert incident not in visible_incidents(fresh(ward.secretary_b))


def test_officer_conduct_goes_to_the_police_only(ward):
    incident = report(ward, kind=Kind.OFFICER_CONDUCT)
    assert list(incident.addressees.values_list("organization", flat=True)) == [
        ward.police.pk
    ]
    assert incident not in visible_incidents(fresh(ward.standing_member))


def test_police_report_to_named_cells(ward):
    incident = report(
        ward,
        by=ward.officer,
        reporter=ward.police,
        kind=Kind.POLICE_REPORT,
        cells=[ward.cell_b],
    )
    assert incident in visible_incidents(fresh(ward.secretary_b))
    assert incident not in visible_incidents(fresh(ward.secretary_a))
    with pytest.raises(workflow.TransitionError):
        report(ward, by=ward.officer, reporter=ward.police, kind=Kind.POLICE_REPORT)


def test_a_draft_is_the_reporters_own(ward):
    incident = report(ward, by=ward.staff_a, send=False)
    assert incident.state == State.DRAFT
    assert incident not in visible_incidents(fresh(ward.officer))
    with pytest.raises(workflow.NotAllowed):  # support staff prepare, leaders report
        services.report_incident(incident=incident, by=fresh(ward.staff_a))
    services.report_incident(incident=incident, by=fresh(ward.secretary_a))


def test_opening_and_acknowledging_are_recorded_per_addressee(ward):
    incident = report(ward)
    assert services.mark_opened(incident=incident, by=fresh(ward.officer))
    assert not services.mark_opened(incident=incident, by=fresh(ward.officer))
    services.acknowledge_incident(incident=incident, by=fresh(ward.officer))
    row = incident.addressees.get(organization=ward.police)
    assert row.first_opened_by == ward.officer and row.acknowledged_at
    with pytest.raises(workflow.TransitionError):
        services.acknowledge_incident(incident=incident, by=fresh(ward.officer))


def test_direction_measures_items_and_close(ward):
    incident = report(ward)
    services.add_update(incident=incident, by=fresh(ward.staff_a), body="Đã giải tán")
    services.record_measure(
        incident=incident, by=fresh(ward.officer), body="Cử tổ công tác"
    )
    with pytest.raises(workflow.NotAllowed):
        services.direct_incident(incident=incident, by=fresh(ward.officer), text="x")
    due = timezone.localdate() - datetime.timedelta(days=1)
    services.direct_incident(
        incident=incident,
        by=fresh(ward.standing_member),
        text="Công an phường chủ trì giải quyết",
        items=[(ward.police, "Báo cáo kết quả xác minh", due)],
    )
    incident.refresh_from_db()
    assert incident.state == State.DIRECTED
    item = ActionItem.objects.get()
    assert item.is_overdue()
    services.complete_action_item(item=item, by=fresh(ward.officer), note="Đã báo cáo")
    item.refresh_from_db()
    assert item.done_at and not item.is_overdue()
    with pytest.raises(workflow.TransitionError):
        services.close_incident(
            incident=incident, by=fresh(ward.secretary_a), outcome=""
        )
    services.close_incident(
        incident=incident, by=fresh(ward.secretary_a), outcome="Ổn định"
    )
    actions = list(incident.events.values_list("action", flat=True))
    assert actions == [
        "create",
        "report",
        "update",
        "measure",
        "direct",
        "item-done",
        "close",
    ]


def test_second_notice_exactly_once(ward, time_machine, settings):
    settings.INCIDENT_ACK_HOURS = 2
    incident = report(ward)
    services.acknowledge_incident(incident=incident, by=fresh(ward.standing_member))
    assert notify.escalate_unacknowledged() == 0  # not yet two hours
    later = timezone.now() + datetime.timedelta(hours=2, minutes=1)
    before = Notification.objects.filter(user=ward.standing_member).count()
    assert notify.escalate_unacknowledged(later) == 1
    assert notify.escalate_unacknowledged(later) == 0  # beat ran twice
    notes = Notification.objects.filter(user=ward.standing_member)
    assert notes.count() == before + 1
    assert "Đảng ủy Công an" in notes.order_by("-pk").first().body
    assert IncidentEvent.objects.filter(incident=incident, action="remind").count() == 1


def test_incident_mail_goes_out_on_a_holiday(ward, time_machine):
    """At once means at once: a day off changes nothing."""
    DayOffOverride.objects.create(
        date=timezone.localdate(), kind=DayOffOverride.Kind.DAY_OFF, name="Nghỉ bù"
    )
    report(ward)
    assert mailed(ward.officer)


def test_list_puts_open_and_severe_first_and_pending_on_home(ward):
    mild = report(ward, title="Va chạm nhỏ")
    severe = report(ward, title="Gây rối", severity=Incident.Severity.CRITICAL)
    closed = report(ward, title="Đã xong")
    services.close_incident(incident=closed, by=fresh(ward.secretary_a), outcome="x")
    order = list(incident_list(fresh(ward.officer)))
    assert order == [severe, mild, closed]
    titles = [i.title for i in pending_incident_items(fresh(ward.officer))]
    assert any("Gây rối" in t for t in titles)
    secretary_c = make_user("secretary_c", org=ward.cell_c)
    assert list(incident_list(fresh(secretary_c))) == []


def test_readme_has_the_workflow_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert "\n".join(workflow.workflow_table()) in readme
