"""Scheduling, invitations, attendance, minutes, action items: who may do
each, what is recorded, who is told."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from coordination.models import Notification, ReviewActionItem, ReviewMeeting
from coordination.obligations import open_obligations
from coordination.reviews import services
from tests.factories import make_org

from .conftest import add_item, schedule


def test_schedule_invites_every_cell_and_tells_their_leaders_after_commit(
    ward, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = schedule(ward)
        assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    invited = {i.organization for i in meeting.invitations.all()}
    assert invited == {ward.cell_a, ward.cell_b, ward.cell_c}
    assert all(i.attended is None for i in meeting.invitations.all())
    assert meeting.state == ReviewMeeting.State.PLANNED
    assert meeting.created_by == ward.officer
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"secretary_a", "deputy_a", "secretary_b"}


def test_support_staff_schedules_an_interim_review_with_chosen_cells(ward):
    meeting = schedule(
        ward, by=ward.police_staff, kind="interim", invited=[ward.cell_b]
    )
    assert [i.organization for i in meeting.invitations.all()] == [ward.cell_b]


@pytest.mark.parametrize(
    "role", ["secretary_a", "cleared_officer", "standing_member", "office_staff"]
)
def test_only_the_police_committees_leaders_and_staff_schedule(ward, role):
    with pytest.raises(services.ReviewError):
        schedule(ward, by=getattr(ward, role))
    assert not ReviewMeeting.objects.exists()


def test_another_wards_cell_cannot_be_invited(ward):
    other = make_org("Đảng bộ khác", kind="ward_committee")
    stranger = make_org("Chi bộ khác", parent=other)
    with pytest.raises(services.ReviewError):
        schedule(ward, invited=[stranger])


def test_attendance_and_held_needs_minutes(ward, meeting):
    with pytest.raises(services.ReviewError):
        services.record_review(
            meeting=meeting,
            by=ward.officer,
            minutes="  ",
            decisions="",
            attended=[ward.cell_a.pk],
            mark_held=True,
        )
    meeting.refresh_from_db()
    assert meeting.state == ReviewMeeting.State.PLANNED
    services.record_review(
        meeting=meeting,
        by=ward.officer,
        minutes="Biên bản",
        decisions="Kết luận",
        attended=[ward.cell_a.pk, ward.cell_b.pk],
        mark_held=True,
    )
    meeting.refresh_from_db()
    assert meeting.state == ReviewMeeting.State.HELD
    assert meeting.held_at is not None
    attendance = {i.organization_id: i.attended for i in meeting.invitations.all()}
    assert attendance == {
        ward.cell_a.pk: True,
        ward.cell_b.pk: True,
        ward.cell_c.pk: False,
    }
    assert meeting.history.first().history_user == ward.officer


def test_a_cell_cannot_record(ward, meeting):
    with pytest.raises(services.ReviewError):
        services.record_review(
            meeting=meeting,
            by=ward.secretary_a,
            minutes="x",
            decisions="",
            attended=[],
        )


def test_action_item_tells_the_owners_leaders(
    ward, meeting, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        add_item(ward, meeting, owner=ward.cell_b)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"secretary_b"}


def test_done_on_time_by_the_owner(ward, meeting):
    item = meeting.action_items.get()
    with pytest.raises(services.ReviewError):
        services.complete_review_item(item=item, by=ward.secretary_b)
    services.complete_review_item(item=item, by=ward.staff_a, note="Đã nộp")
    item.refresh_from_db()
    assert item.done_by == ward.staff_a and item.done_note == "Đã nộp"
    assert not item.done_late() and item.status_label() == "Đúng hạn"
    with pytest.raises(services.ReviewError):
        services.complete_review_item(item=item, by=ward.secretary_a)


def test_done_late_after_the_due_date_and_overdue_before(ward, meeting):
    item = add_item(
        ward, meeting, due=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert item.status_label() == "Quá hạn"
    services.complete_review_item(item=item, by=ward.secretary_a)
    item.refresh_from_db()
    assert item.done_late() and item.status_label() == "Trễ hạn"
    assert ReviewActionItem.objects.filter(pk=item.pk).exists()  # never erased


def test_done_on_the_due_date_is_on_time(ward, meeting):
    item = meeting.action_items.get()
    with time_machine.travel(
        datetime.datetime.combine(
            item.due_date, datetime.time(16), tzinfo=timezone.get_current_timezone()
        )
    ):
        services.complete_review_item(item=item, by=ward.secretary_a)
    item.refresh_from_db()
    assert not item.done_late()


def test_open_items_are_obligations_of_their_own_kind(ward, meeting):
    item = meeting.action_items.get()
    owed = [o for o in open_obligations([ward.cell_a.pk]) if o.kind == "review_item"]
    assert [(o.object_id, o.due_date) for o in owed] == [(item.pk, item.due_date)]
    assert owed[0].url == meeting.get_absolute_url()
    assert owed[0].ward_id == ward.root.pk
    services.complete_review_item(item=item, by=ward.secretary_a)
    assert not [o for o in open_obligations() if o.kind == "review_item"]
