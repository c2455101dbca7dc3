"""Coordination requests held to the regulation's rules (issue: the
regulation's own people and scope): between whom, what may be cited, one-way
notices, who sees which thread, position summaries and the joint report,
support staff who draft and leaders who send, classified requests to an
organisation nobody there may open."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, get_roles
from coordination.models import CoordinationRequest, RequestEvent, RequestRecipient
from coordination.requests import escalation, services, transitions, workflow
from regulations.models import Provision, Regulation
from tests.factories import make_not_agreed, make_org, make_request

State = RequestRecipient.State
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def ward_regulation(ward) -> Regulation:
    """The shipped regulations loaded; the ward's is in force for the test ward."""
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    regulation.organization = ward.root
    regulation.save(update_fields=["organization"])
    return regulation


# --- Roles -------------------------------------------------------------------------------


def test_roles_of_support_staff_office_and_ward_committee(ward):
    assert get_roles(fresh(ward.staff_a)) == {Role.SUPPORT_STAFF}
    assert get_roles(fresh(ward.police_staff)) == {Role.SUPPORT_STAFF}
    assert get_roles(fresh(ward.office_staff)) == {Role.OFFICE_STAFF}
    assert get_roles(fresh(ward.ward_member)) == {Role.EXECUTIVE_COMMITTEE}


# --- Scope ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "by", "recipient", "message"),
    [
        ("cell_a", "secretary_a", "cell_b", "chỉ gửi Đảng ủy Công an"),
        ("cell_a", "secretary_a", "standing", "chỉ gửi Đảng ủy Công an"),
        ("police", "officer", "standing", "chỉ gửi các chi bộ, đảng bộ trực thuộc"),
        ("police", "officer", "office", "chỉ gửi các chi bộ, đảng bộ trực thuộc"),
    ],
)
def test_requests_outside_the_two_sides_are_refused_by_the_service(
    ward, sender, by, recipient, message
):
    with pytest.raises(workflow.TransitionError, match=message):
        make_request(
            by=getattr(ward, by),
            sender=getattr(ward, sender),
            recipients=[getattr(ward, recipient)],
        )
    assert not CoordinationRequest.objects.exists()


def test_a_request_never_leaves_its_ward(ward):
    other_root = make_org("Đảng bộ phường khác", kind="ward_committee")
    other_police = make_org(
        "Đảng ủy Công an phường khác", kind="police_committee", parent=other_root
    )
    with pytest.raises(workflow.TransitionError, match="cùng đảng bộ"):
        make_request(by=ward.secretary_a, sender=ward.cell_a, recipients=[other_police])


def test_a_draft_cannot_be_edited_into_a_cell_to_cell_request(ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    with pytest.raises(workflow.TransitionError, match="Không gửi được cho"):
        services.update_draft(
            request=req, by=ward.secretary_a, recipients=[ward.police, ward.cell_b]
        )
    assert list(req.recipients.values_list("organization", flat=True)) == [
        ward.police.pk
    ]


def test_the_form_offers_only_the_other_side(client, ward):
    client.force_login(ward.secretary_a)
    form = client.get(reverse("coordination:request-create")).context["form"]
    assert set(form.fields["recipients"].queryset) == {ward.police}
    client.force_login(ward.officer)
    form = client.get(reverse("coordination:request-create")).context["form"]
    assert set(form.fields["recipients"].queryset) == {
        ward.cell_a,
        ward.cell_b,
        ward.cell_c,
    }


# --- Citations ----------------------------------------------------------------------------


def test_a_point_is_cited_stored_and_linked(client, ward, ward_regulation):
    point = Provision.objects.get(regulation=ward_regulation, ref="d5-k1-a")
    assert point.kind == Provision.Kind.POINT
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        provisions=[point],
    )
    assert list(req.provisions.all()) == [point]
    client.force_login(ward.officer)
    body = client.get(req.get_absolute_url()).content.decode()
    assert f'href="{point.get_absolute_url()}"' in body
    assert "Điều 5, khoản 1, điểm a)" in body


def test_the_form_lists_points_of_the_regulation_in_force_only(
    client, ward, ward_regulation
):
    client.force_login(ward.secretary_a)
    form = client.get(reverse("coordination:request-create")).context["form"]
    offered = list(form.fields["provisions"].queryset)
    assert {p.regulation_id for p in offered} == {ward_regulation.pk}
    assert any(p.kind == Provision.Kind.POINT for p in offered)
    labels = [form.fields["provisions"].label_from_instance(p) for p in offered]
    assert "Điều 5, khoản 1, điểm a) — qc-phuong-hai-duong" in labels


def test_a_provision_of_another_regulation_is_refused(ward, ward_regulation):
    bullet = Provision.objects.filter(
        regulation__code="qc-tinh-810-2023", kind=Provision.Kind.POINT
    ).first()
    with pytest.raises(workflow.TransitionError, match="đang có hiệu lực"):
        make_request(
            by=ward.secretary_a,
            sender=ward.cell_a,
            recipients=[ward.police],
            provisions=[bullet],
        )
    assert not CoordinationRequest.objects.exists()


def test_a_dash_bullet_of_the_province_is_labelled_by_its_words(ward):
    call_command("load_regulations", verbosity=0)
    from coordination.requests.selectors import provision_label

    bullet = (
        Provision.objects.filter(
            regulation__code="qc-tinh-810-2023", kind=Provision.Kind.POINT, label="-"
        )
        .select_related("regulation", "parent__parent")
        .first()
    )
    label = provision_label(bullet)
    assert label.startswith(f"{bullet.parent.parent.label}, khoản")
    assert "ý “" in label and label.endswith("— qc-tinh-810-2023")


# --- One-way notices -----------------------------------------------------------------------


def test_a_notice_has_no_deadline_never_overdue_and_records_who_read_it(
    client, ward, time_machine
):
    req = make_request(
        by=ward.officer,
        sender=ward.police,
        recipients=[ward.cell_a, ward.cell_b],
        kind=CoordinationRequest.Kind.NOTICE,
    )
    a, b = (req.recipients.get(organization=o) for o in (ward.cell_a, ward.cell_b))
    assert req.due_date is None and a.due_date is None
    time_machine.move_to(timezone.now() + datetime.timedelta(days=60))
    assert not a.is_overdue() and not b.is_overdue()
    with pytest.raises(workflow.TransitionError, match="Thông báo một chiều"):
        transitions.answer_request(recipient=a, by=ward.secretary_a, body="Trả lời")
    # The sender opening it reads nothing for anyone.
    client.force_login(ward.officer)
    client.get(req.get_absolute_url())
    a.refresh_from_db()
    assert a.read_at is None
    # Cell A's focal point opens it: receipt recorded, its part ends.
    client.force_login(ward.deputy_a)
    response = client.get(req.get_absolute_url())
    assert response.context["recipients"][0].actions == []
    a.refresh_from_db()
    assert (a.read_by, a.state) == (ward.deputy_a, State.CLOSED)
    assert RequestEvent.objects.filter(recipient=a, action="read").count() == 1
    client.get(req.get_absolute_url())  # a second opening changes nothing
    assert RequestEvent.objects.filter(recipient=a, action="read").count() == 1
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.OPEN  # cell B has not read it
    client.force_login(ward.officer)
    body = client.get(req.get_absolute_url()).content.decode()
    assert "Đã đọc: Deputy A" in body and "Chưa đọc" in body
    client.force_login(ward.secretary_b)
    client.get(req.get_absolute_url())
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.CLOSED


def test_an_ordinary_request_records_the_receipt_and_keeps_its_state(client, ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    client.force_login(ward.member_a)  # a member of the sender's cell, not the police
    client.get(req.get_absolute_url())
    rec = req.recipients.get()
    assert rec.read_at is None
    client.force_login(ward.officer)
    client.get(req.get_absolute_url())
    rec.refresh_from_db()
    assert (rec.read_by, rec.state) == (ward.officer, State.SENT)


# --- Each recipient its own thread -------------------------------------------------------


def test_recipient_a_cannot_read_recipient_bs_answer(client, ward):
    req = make_request(
        by=ward.officer, sender=ward.police, recipients=[ward.cell_a, ward.cell_b]
    )
    a, b = (req.recipients.get(organization=o) for o in (ward.cell_a, ward.cell_b))
    answer = transitions.answer_request(
        recipient=a,
        by=ward.secretary_a,
        body="Trả lời riêng của chi bộ A",
        files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")],
    )
    transitions.return_request(recipient=b, by=ward.secretary_b, comment="Thiếu B")
    attachment = answer.attachments.get()
    download = reverse("coordination:request-attachment-download", args=[attachment.pk])

    client.force_login(ward.secretary_b)
    response = client.get(req.get_absolute_url())
    body = response.content.decode()
    assert "Trả lời riêng của chi bộ A" not in body
    assert [r.organization for r in response.context["recipients"]] == [ward.cell_b]
    assert all(e.recipient_id in (None, b.pk) for e in response.context["events"])
    assert client.get(download).status_code == 404
    inbox = client.get(reverse("coordination:request-inbox"))
    row = next(r for r in inbox.context["page"].object_list if r.pk == req.pk)
    assert [r.organization for r in row.shown_recipients] == [ward.cell_b]

    for who in (ward.officer, ward.standing_member, ward.office_staff):
        client.force_login(who)
        body = client.get(req.get_absolute_url()).content.decode()
        assert "Trả lời riêng của chi bộ A" in body and "Thiếu B" in body
        assert client.get(download).status_code == 200


# --- Positions on escalation --------------------------------------------------------------


def test_a_summary_of_the_other_side_is_labelled_until_it_writes_its_own(client, ward):
    rec = make_not_agreed(ward)
    escalation.escalate_request(
        recipient=rec,
        by=ward.officer,
        recipient_position="Công an cần thêm thời gian.",
        sender_position="Chi bộ muốn làm ngay.",
    )
    rec.refresh_from_db()
    assert rec.sender_position_is_summary and not rec.recipient_position_is_summary
    client.force_login(ward.standing_member)
    body = client.get(rec.request.get_absolute_url()).content.decode()
    assert "tóm tắt của bên Đảng ủy Công an phường" in body
    direct = reverse(
        "coordination:request-recipient-action",
        args=[rec.request_id, rec.pk, "direct"],
    )
    form_page = client.get(direct).content.decode()
    assert "Chưa có ý kiến do chính bên này ghi: Chi bộ Khu dân cư A" in form_page
    escalation.record_position(
        recipient=rec, by=ward.secretary_a, position="Chi bộ đề nghị làm trong tuần."
    )
    rec.refresh_from_db()
    assert not rec.sender_position_is_summary
    body = client.get(rec.request.get_absolute_url()).content.decode()
    assert "tóm tắt của bên" not in body
    assert (
        "Chưa có ý kiến do chính bên này ghi" not in client.get(direct).content.decode()
    )


def test_under_a_joint_report_the_direction_waits_for_both_positions(
    ward, ward_regulation
):
    ward_regulation.joint_escalation_report = True
    ward_regulation.save(update_fields=["joint_escalation_report"])
    rec = make_not_agreed(ward)
    escalation.escalate_request(
        recipient=rec, by=ward.secretary_a, sender_position="Chi bộ muốn làm ngay."
    )
    with pytest.raises(workflow.TransitionError, match="hai bên cùng báo cáo"):
        escalation.direct_request(recipient=rec, by=ward.standing_member, text="Làm")
    rec.refresh_from_db()
    assert rec.state == State.ESCALATED
    escalation.record_position(
        recipient=rec, by=ward.officer, position="Công an cần thêm thời gian."
    )
    direction = escalation.direct_request(
        recipient=rec, by=ward.standing_member, text="Giao Công an chủ trì."
    )
    assert direction.proceed_reason == ""
    rec.refresh_from_db()
    assert rec.state == State.DIRECTED


def test_under_a_joint_report_a_member_may_proceed_with_a_reason(ward, ward_regulation):
    ward_regulation.joint_escalation_report = True
    ward_regulation.save(update_fields=["joint_escalation_report"])
    rec = make_not_agreed(ward)
    escalation.escalate_request(
        recipient=rec, by=ward.secretary_a, sender_position="Chi bộ muốn làm ngay."
    )
    direction = escalation.direct_request(
        recipient=rec,
        by=ward.standing_member,
        text="Giao Công an chủ trì.",
        proceed_reason="Việc gấp, Công an đã báo cáo miệng.",
    )
    assert direction.proceed_reason == "Việc gấp, Công an đã báo cáo miệng."


def test_without_a_joint_report_the_standing_committee_may_direct_at_once(
    ward, ward_regulation
):
    rec = make_not_agreed(ward)
    escalation.escalate_request(
        recipient=rec, by=ward.secretary_a, sender_position="Chi bộ muốn làm ngay."
    )
    escalation.direct_request(recipient=rec, by=ward.standing_member, text="Làm ngay.")
    rec.refresh_from_db()
    assert rec.state == State.DIRECTED


# --- Support staff prepare, leaders send --------------------------------------------------


def test_support_staff_drafts_and_a_leader_sends(client, ward):
    req = make_request(by=ward.officer, sender=ward.police, recipients=[ward.cell_a])
    rec = req.recipients.get()
    with pytest.raises(workflow.NotAllowed):
        transitions.answer_request(recipient=rec, by=ward.staff_a, body="x")
    transitions.draft_answer(
        recipient=rec, by=ward.staff_a, body="Dự thảo của giúp việc"
    )
    rec.refresh_from_db()
    assert (rec.state, rec.answer_draft_by) == (State.SENT, ward.staff_a)

    client.force_login(ward.officer)  # the sender never sees the internal draft
    page = client.get(req.get_absolute_url())
    assert "Dự thảo của giúp việc" not in page.content.decode()
    assert "draft-answer" not in [e.action for e in page.context["events"]]
    client.force_login(ward.staff_a)
    page = client.get(req.get_absolute_url())
    assert [t.action for t in page.context["recipients"][0].actions] == ["draft-answer"]
    assert "soạn dự thảo trả lời" in page.content.decode()  # the timeline's label
    client.force_login(ward.deputy_a)
    answer_url = reverse(
        "coordination:request-recipient-action", args=[req.pk, rec.pk, "answer"]
    )
    form = client.get(answer_url).context["form"]
    assert form.initial["body"] == "Dự thảo của giúp việc"
    response = client.post(
        answer_url, {"body": "Dự thảo của giúp việc (đã duyệt)", "version": rec.version}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.state, rec.answer_draft) == (State.ANSWERED, "")
    assert rec.answers.get().author == ward.deputy_a


def test_support_staff_drafts_a_request_but_cannot_send_it(client, ward):
    client.force_login(ward.staff_a)
    response = client.post(
        reverse("coordination:request-create"),
        {
            "sender": ward.cell_a.pk,
            "recipients": [ward.police.pk],
            "subject": "Dự thảo đề nghị",
            "content": "Nội dung",
            "kind": "proposal",
            "priority": "normal",
            "confidentiality": "0",
            "response_days": "5",
            "send": "1",
        },
    )
    req = CoordinationRequest.objects.get()
    assert response.status_code == 302
    assert req.status == CoordinationRequest.Status.DRAFT  # saved, not sent, not lost
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("chưa gửi" in m for m in messages)
    with pytest.raises(workflow.NotAllowed):
        services.send_request(request=req, by=ward.staff_a)
    services.send_request(request=req, by=ward.deputy_a)
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.OPEN


# --- Classified requests nobody there may open --------------------------------------------


def test_classified_request_to_an_uncleared_cell_is_warned_then_flagged(client, ward):
    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_b],
        confidentiality=1,
        send=False,
    )
    with pytest.raises(services.UnclearedRecipients, match="Chi bộ Khu dân cư B"):
        services.send_request(request=req, by=ward.cleared_officer)
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.DRAFT
    client.force_login(ward.cleared_officer)
    body = client.get(req.get_absolute_url()).content.decode()
    assert "Cảnh báo độ mật" in body and 'name="acknowledge_uncleared"' in body
    response = client.post(
        reverse("coordination:request-send", args=[req.pk]),
        {"version": req.version},
    )
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.DRAFT
    response = client.post(
        reverse("coordination:request-send", args=[req.pk]),
        {"version": req.version, "acknowledge_uncleared": "on"},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == CoordinationRequest.Status.OPEN
    ward.standing_member.clearance = 1
    ward.standing_member.save()
    client.force_login(ward.standing_member)
    body = client.get(req.get_absolute_url()).content.decode()
    assert "Cảnh báo độ mật" in body


def test_no_warning_when_a_leader_there_is_cleared(ward):
    ward.secretary_b.clearance = 1
    ward.secretary_b.save()
    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_b],
        confidentiality=1,
        acknowledge_uncleared=False,
    )
    assert req.status == CoordinationRequest.Status.OPEN


def test_support_staff_are_told_of_their_organisations_requests(ward):
    from coordination.models import Notification

    make_request(by=ward.officer, sender=ward.police, recipients=[ward.cell_a])
    assert Notification.objects.filter(user=ward.staff_a).exists()
    assert not Notification.objects.filter(user=ward.police_staff).exists()  # sender
    make_request(by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police])
    assert Notification.objects.filter(user=ward.police_staff).exists()
