"""Transitions of coordination requests: states, roles, events, notifications."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from coordination.models import (
    CoordinationRequest,
    Notification,
    OutboundEmail,
    RequestEvent,
    RequestRecipient,
)
from coordination.requests import escalation, transitions, workflow
from coordination.requests import services as svc
from tests.factories import make_not_agreed, make_request, make_user

State = RequestRecipient.State
IMPORTANT = CoordinationRequest.Priority.IMPORTANT


def _recipient(req, org):
    return req.recipients.get(organization=org)


def test_send_sets_due_date_in_working_days_and_grants_recipient_group(ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    assert req.status == CoordinationRequest.Status.DRAFT
    assert not ward.officer.has_perm("coordination.view_coordinationrequest", req)
    # Friday 13/02/2026 + 5 working days: the Tết week 16–20/02 and two weekends do not count.
    svc.send_request(request=req, by=ward.secretary_a, today=datetime.date(2026, 2, 13))
    req.refresh_from_db()
    rec = _recipient(req, ward.police)
    assert req.status == CoordinationRequest.Status.OPEN
    assert rec.state == State.SENT
    assert rec.due_date == datetime.date(2026, 2, 27)
    officer = type(ward.officer).objects.get(pk=ward.officer.pk)
    assert officer.has_perm("coordination.view_coordinationrequest", req)


def test_full_normal_workflow_writes_events_and_notifies_other_side(ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = _recipient(req, ward.police)
    assert Notification.objects.filter(user=ward.officer).count() == 1
    transitions.receive_request(recipient=rec, by=ward.officer)
    transitions.answer_request(
        recipient=rec, by=ward.officer, body="Đã rà soát, kết quả …"
    )
    assert Notification.objects.filter(user=ward.secretary_a).count() == 2
    assert Notification.objects.filter(user=ward.deputy_a).count() == 2  # focal
    assert not Notification.objects.filter(user=ward.member_a).exists()
    transitions.close_request(recipient=rec, by=ward.secretary_a)
    req.refresh_from_db()
    rec.refresh_from_db()
    assert rec.state == State.CLOSED
    assert req.status == CoordinationRequest.Status.CLOSED
    actions = list(
        RequestEvent.objects.filter(recipient=rec).values_list(
            "action", "from_state", "to_state"
        )
    )
    assert actions == [
        ("send", "draft", "sent"),
        ("receive", "sent", "received"),
        ("answer", "received", "answered"),
        ("close", "answered", "closed"),
    ]
    assert rec.history.count() >= 4


def test_meeting_not_agreed_escalated_and_directed(ward):
    rec = make_not_agreed(ward)
    rec.refresh_from_db()
    assert rec.state == State.NOT_AGREED
    escalation.escalate_request(
        recipient=rec,
        by=ward.secretary_a,
        sender_position="Đề nghị tăng cường tuần tra.",
        recipient_position="Lực lượng chưa đủ.",
    )
    assert Notification.objects.filter(user=ward.standing_member).count() == 1
    with pytest.raises(workflow.NotAllowed):
        escalation.direct_request(recipient=rec, by=ward.secretary_a, text="x")
    escalation.direct_request(
        recipient=rec, by=ward.standing_member, text="Hai bên phối hợp tuần tra."
    )
    rec.refresh_from_db()
    assert rec.state == State.DIRECTED
    assert rec.direction.text == "Hai bên phối hợp tuần tra."
    # both sides notified of the direction
    assert Notification.objects.filter(
        user=ward.officer, title__contains="chỉ đạo"
    ).exists()
    assert Notification.objects.filter(
        user=ward.secretary_a, title__contains="chỉ đạo"
    ).exists()
    transitions.close_request(recipient=rec, by=ward.standing_member)
    rec.refresh_from_db()
    assert rec.state == State.CLOSED


def test_each_side_writes_its_own_position_for_the_standing_committee(ward):
    rec = make_not_agreed(ward)
    with pytest.raises(workflow.TransitionError, match="ý kiến của bên đồng chí"):
        # the police writes only the cell's position: its own is missing
        escalation.escalate_request(recipient=rec, by=ward.officer, sender_position="X")
    escalation.escalate_request(
        recipient=rec,
        by=ward.officer,
        recipient_position="Công an cần thêm thời gian.",
        sender_position="(tóm tắt) Chi bộ muốn làm ngay.",
    )
    rec.refresh_from_db()
    assert rec.state == State.ESCALATED
    assert rec.recipient_position == "Công an cần thêm thời gian."
    # the cell is asked to record its own position, and does
    assert Notification.objects.filter(
        user=ward.secretary_a, body__contains="Ghi ý kiến của bên mình"
    ).exists()
    escalation.record_position(
        recipient=rec, by=ward.secretary_a, position="Chi bộ đề nghị làm ngay."
    )
    rec.refresh_from_db()
    assert rec.state == State.ESCALATED
    assert rec.sender_position == "Chi bộ đề nghị làm ngay."
    assert rec.recipient_position == "Công an cần thêm thời gian."  # untouched
    event = RequestEvent.objects.filter(recipient=rec).latest("pk")
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "position",
        ward.secretary_a,
        "escalated",
        "escalated",
    )
    with pytest.raises(workflow.NotAllowed):
        escalation.record_position(recipient=rec, by=ward.standing_member, position="x")
    escalation.direct_request(
        recipient=rec, by=ward.standing_member, text="Làm trong tuần."
    )
    with pytest.raises(workflow.TransitionError):
        escalation.record_position(recipient=rec, by=ward.officer, position="muộn")


def test_a_user_leading_both_sides_is_notified_once(ward):
    from coordination.organizations import services as org_services

    org_services.start_membership(
        user=ward.officer,
        organization=ward.cell_a,
        position="deputy_secretary",
        start_date=datetime.date(2026, 1, 1),
        send_notification=False,
    )
    rec = make_not_agreed(ward)
    before = Notification.objects.filter(user=ward.officer).count()
    escalation.escalate_request(
        recipient=rec, by=ward.secretary_a, sender_position="A", recipient_position="B"
    )
    assert Notification.objects.filter(user=ward.officer).count() == before + 1


def test_ward_committee_leaders_act_only_through_the_standing_committee(ward):
    """A leader of the ward party committee who is not on the standing committee
    is neither notified of an escalation nor able to direct (they could not
    open the request either)."""
    from coordination.permissions import get_request_for_user

    root_secretary = make_user("root_secretary", org=ward.cell_a.parent)
    rec = make_not_agreed(ward)
    escalation.escalate_request(
        recipient=rec, by=ward.secretary_a, sender_position="A", recipient_position="B"
    )
    assert not Notification.objects.filter(user=root_secretary).exists()
    with pytest.raises(workflow.NotAllowed):
        escalation.direct_request(recipient=rec, by=root_secretary, text="x")
    with pytest.raises(Http404):
        get_request_for_user(root_secretary, rec.request_id)


def test_illegal_transition_changes_nothing_and_explains_in_vietnamese(ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = _recipient(req, ward.police)
    events = RequestEvent.objects.count()
    with pytest.raises(workflow.TransitionError) as exc:
        transitions.close_request(recipient=rec, by=ward.secretary_a)
    assert "Không thể" in str(exc.value)
    assert "Đã gửi" in str(exc.value)
    with pytest.raises(workflow.TransitionError, match="quan trọng, phức tạp"):
        escalation.schedule_meeting(
            recipient=rec,
            by=ward.secretary_a,
            starts_at=timezone.now(),
            place="x",
            sender_participants="x",
            recipient_participants="x",
        )
    with pytest.raises(workflow.NotAllowed):
        transitions.answer_request(recipient=rec, by=ward.secretary_b, body="x")
    with pytest.raises(workflow.NotAllowed):  # a plain member cannot act for the cell
        svc.withdraw_request(request=req, by=ward.member_a)
    rec.refresh_from_db()
    assert rec.state == State.SENT
    assert RequestEvent.objects.count() == events


def test_stale_version_is_rejected(ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = _recipient(req, ward.police)
    seen = rec.version
    transitions.receive_request(recipient=rec, by=ward.officer, expected_version=seen)
    with pytest.raises(workflow.TransitionError, match="người khác cập nhật"):
        transitions.answer_request(
            recipient=rec, by=ward.cleared_officer, body="x", expected_version=seen
        )


def test_withdraw_only_before_an_answer(ward):
    req = make_request(
        by=ward.officer, sender=ward.police, recipients=[ward.cell_a, ward.cell_b]
    )
    svc.withdraw_request(request=req, by=ward.cleared_officer, comment="Đã xong")
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.WITHDRAWN
    assert set(req.recipients.values_list("state", flat=True)) == {State.WITHDRAWN}

    req2 = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    transitions.answer_request(
        recipient=_recipient(req2, ward.police), by=ward.officer, body="Trả lời"
    )
    with pytest.raises(workflow.TransitionError, match="đã có đơn vị trả lời"):
        svc.withdraw_request(request=req2, by=ward.secretary_a)


def test_each_recipient_has_its_own_state_and_request_closes_when_all_done(ward):
    req = make_request(
        by=ward.officer, sender=ward.police, recipients=[ward.cell_a, ward.cell_b]
    )
    cell_a, cell_b = _recipient(req, ward.cell_a), _recipient(req, ward.cell_b)
    transitions.answer_request(recipient=cell_a, by=ward.secretary_a, body="OK")
    transitions.return_request(
        recipient=cell_b, by=ward.secretary_b, comment="Thiếu danh sách"
    )
    cell_a.refresh_from_db()
    cell_b.refresh_from_db()
    assert (cell_a.state, cell_b.state) == (State.ANSWERED, State.RETURNED)
    transitions.close_request(recipient=cell_a, by=ward.officer)
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.OPEN  # cell B waits for sender
    transitions.close_request(
        recipient=cell_b, by=ward.officer, comment="Không cần nữa"
    )
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.CLOSED
    # the return / resend branch
    req3 = make_request(by=ward.officer, sender=ward.police, recipients=[ward.cell_b])
    rec3 = _recipient(req3, ward.cell_b)
    transitions.return_request(recipient=rec3, by=ward.secretary_b, comment="Thiếu")
    transitions.resend_request(recipient=rec3, by=ward.officer, comment="Đã bổ sung")
    rec3.refresh_from_db()
    assert rec3.state == State.SENT


def test_classified_request_never_leaks_into_notifications_or_email(
    ward, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from coordination.notifications.outbox import drain_outbox

    with django_capture_on_commit_callbacks(execute=False):  # no broker needed
        req = make_request(
            by=ward.cleared_officer,
            sender=ward.police,
            recipients=[ward.cell_a],
            subject="Danh sách đối tượng trọng điểm",
            content="Nội dung tuyệt mật về đối tượng",
            confidentiality=1,
        )
    drain_outbox(min_age_seconds=0)
    # uncleared cell leaders are not told at all, the cleared ones get a placeholder
    assert not Notification.objects.filter(user=ward.secretary_a).exists()
    for note in Notification.objects.all():
        assert "Danh sách đối tượng" not in note.title + note.body
        assert "tuyệt mật" not in note.title + note.body
    for email in OutboundEmail.objects.all():
        assert "Danh sách đối tượng" not in email.subject + email.body
    for message in mail.outbox:
        assert "Danh sách đối tượng" not in message.subject + message.body
    assert req.safe_title == f"Văn bản Mật #{req.pk}"


def test_notification_is_queued_after_commit_only(
    ward, django_capture_on_commit_callbacks
):
    """T28: the e-mail task is enqueued by an on-commit callback; a rollback
    leaves nothing queued and no outbox row."""
    from unittest import mock

    from django.db import transaction

    with mock.patch("coordination.notifications.tasks.send_email_task.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            req = make_request(
                by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
            )
        assert callbacks
        # the officer and the police committee's support staff
        assert delay.call_count == OutboundEmail.objects.count() == 2

        delay.reset_mock()
        before = OutboundEmail.objects.count()
        rec = _recipient(req, ward.police)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    transitions.answer_request(recipient=rec, by=ward.officer, body="x")
                    raise RuntimeError("rollback")
            except RuntimeError:
                pass
        assert callbacks == []
        delay.assert_not_called()
        assert OutboundEmail.objects.count() == before
        rec.refresh_from_db()
        assert rec.state == State.SENT


def test_home_page_lists_what_waits_for_me(client, ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    client.force_login(ward.officer)
    response = client.get("/")
    items = response.context["pending_items"]
    assert [i.url for i in items] == [req.get_absolute_url()]
    assert items[0].due == _recipient(req, ward.police).due_date
    client.force_login(ward.secretary_b)
    assert client.get("/").context["pending_items"] == []


def test_notifications_are_in_vietnamese_whatever_the_actors_language(ward):
    from django.utils import translation

    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    with translation.override("en"):
        transitions.answer_request(
            recipient=_recipient(req, ward.police), by=ward.officer, body="OK"
        )
    note = Notification.objects.filter(user=ward.secretary_a).latest("pk")
    assert "đã trả lời" in note.title
    assert "Người thực hiện" in note.body


def test_ending_a_membership_ends_the_right_to_act_at_once(ward):
    from coordination.models import Membership
    from coordination.organizations import services

    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = _recipient(req, ward.police)
    assert workflow.can_act(ward.officer, rec, "answer")
    services.end_membership(
        membership=Membership.objects.get(user=ward.officer), by=ward.admin
    )
    officer = type(ward.officer).objects.get(pk=ward.officer.pk)  # next request
    with pytest.raises(workflow.NotAllowed):
        transitions.answer_request(recipient=rec, by=officer, body="x")


def test_readme_table_is_the_workflow():
    """The README's table of states and transitions is the workflow as built."""
    from pathlib import Path

    from django.conf import settings

    from coordination.requests.workflow import workflow_table

    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "\n".join(workflow_table()) in readme


def test_meeting_outcome_is_refused_before_the_meeting_starts(ward, time_machine):
    """No outcome is recorded for a meeting that has not happened yet; once
    its start time has passed, the outcome is recorded."""
    time_machine.move_to(timezone.now(), tick=False)
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        priority=CoordinationRequest.Priority.IMPORTANT,
    )
    rec = _recipient(req, ward.police)
    transitions.receive_request(recipient=rec, by=ward.officer)
    starts_at = timezone.now() + datetime.timedelta(days=1)
    escalation.schedule_meeting(
        recipient=rec,
        by=ward.secretary_a,
        starts_at=starts_at,
        place="Hội trường",
        sender_participants="Chi bộ",
        recipient_participants="Công an",
    )
    events = RequestEvent.objects.count()
    with pytest.raises(workflow.TransitionError, match="chỉ ghi được kết quả sau"):
        escalation.record_meeting_outcome(
            recipient=rec, by=ward.officer, agreed=True, minutes="Thống nhất."
        )
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.MEETING_SCHEDULED
    assert RequestEvent.objects.count() == events
    time_machine.move_to(starts_at + datetime.timedelta(hours=1), tick=False)
    escalation.record_meeting_outcome(
        recipient=rec, by=ward.officer, agreed=True, minutes="Thống nhất."
    )
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.AGREED


def test_every_transition_names_a_service_and_a_form_that_fit():
    """The view dispatches through the table: each row's service exists and
    takes what its form hands over."""
    import inspect

    from coordination.requests import forms

    for table in (workflow.RECIPIENT_TRANSITIONS, workflow.REQUEST_TRANSITIONS):
        for t in table.values():
            service = workflow.service_function(t)
            form_class = getattr(forms, t.form)
            assert issubclass(form_class, forms.VersionedForm), t.action
            params = inspect.signature(service).parameters
            assert "by" in params and "expected_version" in params, t.action
            fields = set(form_class.base_fields) - {"version"}
            if t.action == "meeting-outcome":
                fields = {"agreed", "minutes"}
            assert fields <= set(params), (t.action, fields - set(params))
