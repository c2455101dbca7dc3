"""Request pages: forms with server-side messages, drafts, stale forms, htmx."""

from __future__ import annotations

from django.urls import reverse

from coordination.models import CoordinationRequest, RequestRecipient
from coordination.requests import services as svc
from coordination.requests import transitions
from tests.factories import make_not_agreed, make_org, make_request

State = RequestRecipient.State


def _form(ward, **extra):
    data = {
        "sender": ward.cell_a.pk,
        "recipients": [ward.police.pk],
        "subject": "Đề nghị",
        "content": "Nội dung",
        "kind": "proposal",
        "priority": "normal",
        "confidentiality": "0",
        "response_days": "5",
    }
    data.update(extra)
    return data


def test_empty_form_shows_vietnamese_messages_next_to_fields(client, ward):
    client.force_login(ward.secretary_a)
    response = client.post(reverse("coordination:request-create"), {"send": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Có lỗi cần sửa trước khi tiếp tục" in body
    assert 'class="field__error" id="id_subject_error"' in body
    assert "Trường này là bắt buộc." in body
    assert not CoordinationRequest.objects.exists()


def test_cannot_choose_clearance_above_own_or_other_ward_recipient(client, ward):
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:request-create"), _form(ward, confidentiality="1")
    )
    assert "confidentiality" in response.context["form"].errors
    other_ward = make_org("Đảng bộ phường khác", kind="ward_committee")
    foreign = make_org("Chi bộ phường khác", parent=other_ward)
    response = client.post(
        reverse("coordination:request-create"), _form(ward, recipients=[foreign.pk])
    )
    assert "recipients" in response.context["form"].errors
    assert not CoordinationRequest.objects.exists()


def test_draft_edit_then_send(client, ward):
    client.force_login(ward.officer)
    client.post(
        reverse("coordination:request-create"),
        _form(ward, sender=ward.police.pk, recipients=[ward.cell_a.pk]),
    )
    req = CoordinationRequest.objects.get()
    assert req.status == CoordinationRequest.Status.DRAFT
    url = reverse("coordination:request-edit", args=[req.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(
        url,
        _form(
            ward,
            subject="Đề nghị đã sửa",
            recipients=[ward.cell_a.pk, ward.cell_b.pk],
            version=req.version,
            send="1",
        ),
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.subject == "Đề nghị đã sửa"
    assert req.status == CoordinationRequest.Status.OPEN
    assert set(req.recipients.values_list("state", flat=True)) == {State.SENT}
    assert req.recipients.count() == 2
    actions = list(req.events.filter(recipient=None).values_list("action", flat=True))
    assert actions == ["create", "edit", "send"]


def test_stale_form_is_rejected_and_changes_nothing(client, ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = req.recipients.get()
    old_version = rec.version
    transitions.receive_request(recipient=rec, by=ward.cleared_officer)
    client.force_login(ward.officer)
    url = reverse(
        "coordination:request-recipient-action", args=[req.pk, rec.pk, "return"]
    )
    response = client.post(url, {"comment": "Thiếu", "version": old_version})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.state == State.RECEIVED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("người khác cập nhật" in m for m in messages)
    # with htmx the conflict is a 409 that sends the page back to the request
    response = client.post(
        url, {"comment": "Thiếu", "version": old_version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert response["HX-Redirect"] == req.get_absolute_url()


def test_htmx_gets_the_action_form_alone(client, ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    rec = req.recipients.get()
    client.force_login(ward.officer)
    url = reverse(
        "coordination:request-recipient-action", args=[req.pk, rec.pk, "answer"]
    )
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert 'name="body"' in body
    assert 'name="version"' in body
    # an action no longer possible: htmx is told to reload the request page
    transitions.answer_request(recipient=rec, by=ward.officer, body="OK")
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 409


def test_htmx_filter_returns_only_the_results(client, ward):
    make_request(by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police])
    client.force_login(ward.secretary_a)
    response = client.get(
        reverse("coordination:request-outbox") + "?state=sent",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="request-results",
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "request-row" in body


def test_overdue_items_are_marked_and_counted(client, ward):
    import datetime

    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    svc.send_request(request=req, by=ward.secretary_a, today=datetime.date(2026, 1, 5))
    make_request(by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police])
    client.force_login(ward.officer)
    response = client.get(reverse("coordination:request-inbox"))
    assert response.context["overdue_count"] == 1
    assert response.content.decode().count("is-overdue") == 1
    response = client.get(reverse("coordination:request-inbox") + "?overdue=on")
    assert [r.pk for r in response.context["page"].object_list] == [req.pk]
    detail = client.get(req.get_absolute_url()).content.decode()
    assert "badge--overdue" in detail


def test_admin_shows_requests_read_only(client, ward):
    from django.contrib import admin

    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    client.force_login(ward.admin)
    for model in (
        "coordinationrequest",
        "requestrecipient",
        "requestevent",
        "requestattachment",
        "dayoffoverride",
    ):
        url = reverse(f"admin:coordination_{model}_changelist")
        assert client.get(url).status_code == 200, url
    url = reverse("admin:coordination_coordinationrequest_change", args=[req.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="subject"' not in response.content.decode()  # view only
    model_admin = admin.site._registry[CoordinationRequest]
    assert not model_admin.has_change_permission(response.wsgi_request, req)
    assert client.post(url, {"subject": "đổi"}).status_code == 403
    req.refresh_from_db()
    assert req.subject == "Đề nghị phối hợp rà soát đối tượng"


def test_pages_in_english_when_chosen(client, ward):
    from django.conf import settings

    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        priority="important",
    )
    client.force_login(ward.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("coordination:request-inbox")).content.decode()
    assert "Requests to my organisations" in body
    assert "Response due" in body
    body = client.get(req.get_absolute_url()).content.decode()
    assert "Timeline" in body
    assert "Acknowledge receipt" in body
    assert "Important, complex" in body


def test_timeline_shows_what_an_edit_changed_and_each_state_change(client, ward):
    req = make_request(
        by=ward.officer, sender=ward.police, recipients=[ward.cell_a], send=False
    )
    svc.update_draft(
        request=req,
        by=ward.officer,
        subject="Trích yếu mới",
        content=req.content,
        recipients=[ward.cell_a, ward.cell_b],
    )
    edit = req.events.get(action="edit")
    assert edit.comment == "Đã sửa: trích yếu, đơn vị nhận"
    svc.send_request(request=req, by=ward.officer)
    rec = req.recipients.get(organization=ward.cell_a)
    transitions.receive_request(recipient=rec, by=ward.secretary_a)
    client.force_login(ward.officer)
    body = client.get(reverse("coordination:request-detail", args=[req.pk]))
    text = body.content.decode()
    assert "Đã sửa: trích yếu, đơn vị nhận" in text
    assert "Đã gửi → Đã tiếp nhận" in text


def test_escalate_form_asks_each_side_for_its_own_position(client, ward):
    rec = make_not_agreed(ward)
    url = reverse(
        "coordination:request-recipient-action",
        args=[rec.request_id, rec.pk, "escalate"],
    )
    client.force_login(ward.officer)
    # The police writes only a summary of the cell's position: its own is missing.
    response = client.post(url, {"sender_position": "Chi bộ muốn làm ngay."})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_recipient_position_error"' in body
    assert "Xin ghi ý kiến của bên đồng chí." in body
    rec.refresh_from_db()
    assert rec.state == State.NOT_AGREED


def test_a_select_with_one_real_choice_has_no_blank_line(client, ward):
    client.force_login(ward.secretary_a)  # acts for cell A only
    body = client.get(reverse("coordination:request-create")).content.decode()
    sender_select = body.split('name="sender"', 1)[1].split("</select>", 1)[0]
    assert "---------" not in sender_select
    assert sender_select.count("<option") == 1
