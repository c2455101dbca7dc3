"""Bad input gets a Vietnamese message next to the field, never a server error:
Unicode digits in a search, a version that is not an integer, a meeting in
year 1, subjects and places on one line, caps shown in the form, an invalid
filter that keeps the others, and e-mail subjects that stay one line."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coordination.models import (
    CoordinationRequest,
    OutboundEmail,
    RequestEvent,
    RequestRecipient,
)
from coordination.notifications import outbox
from coordination.notifications.services import notify
from coordination.requests import services as svc
from coordination.requests import transitions
from coordination.requests.workflow import TransitionError
from tests.factories import make_request

State = RequestRecipient.State
IMPORTANT = CoordinationRequest.Priority.IMPORTANT
STALE = "Đề nghị vừa được người khác cập nhật"
SINGLE_LINE = "Chỉ nhập trên một dòng"
BLANK = "Không được chỉ gồm khoảng trắng hoặc ký tự vô hình."


@pytest.fixture(autouse=True)
def _errors_are_responses(client):
    """A server error must show as a 500 here, not as the test's exception."""
    client.raise_request_exception = False


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


def _action_url(req, action):
    rec = req.recipients.get()
    return reverse(
        "coordination:request-recipient-action", args=[req.pk, rec.pk, action]
    )


# --- searches and filters --------------------------------------------------------------


@pytest.mark.parametrize("q", ["²", "①", "#²", "#①", "٣", "#" + "9" * 5000, "9" * 30])
def test_unicode_digits_and_huge_numbers_in_the_search(client, ward, q):
    make_request(by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police])
    client.force_login(ward.officer)
    for name in ("request-inbox", "request-all"):
        response = client.get(reverse(f"coordination:{name}"), {"q": q})
        assert response.status_code in (200, 403), (name, q)


def test_a_number_still_finds_the_request_by_its_id(client, ward):
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        subject="Không có số trong trích yếu",
    )
    client.force_login(ward.officer)
    for q in (str(req.pk), f"#{req.pk}"):
        response = client.get(reverse("coordination:request-inbox"), {"q": q})
        assert [r.pk for r in response.context["page"]] == [req.pk]


def _outbox_with_two_states(ward):
    """Cell A's outbox: one request still sent, one answered."""
    sent = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    answered = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    transitions.answer_request(
        recipient=answered.recipients.get(), by=ward.officer, body="Trả lời"
    )
    return sent, answered


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"area": "abc"}, "Giá trị “abc” không hợp lệ."),
        ({"organization": "abc"}, "Giá trị “abc” không hợp lệ."),
        ({"organization": "-1"}, "Giá trị “-1” không hợp lệ."),
        ({"sent_from": "abc"}, "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026."),
        (
            {"sent_to": "2026-02-30"},
            "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026.",
        ),
        ({"sent_from": "0001-01-01"}, "Ngày phải trong khoảng từ 01/01/2000"),
        ({"q": "x" * 201}, "Tối đa 200 ký tự (đang có 201)."),
        ({"q": "a\x00b"}, "Không được chứa ký tự rỗng (NUL)."),
    ],
)
def test_an_invalid_filter_keeps_the_others_and_says_why(client, ward, bad, message):
    _sent, answered = _outbox_with_two_states(ward)
    client.force_login(ward.secretary_a)
    response = client.get(
        reverse("coordination:request-outbox"), {"state": "answered", **bad}
    )
    assert response.status_code == 200
    # the valid filter (state) still applies: only the answered request
    assert [r.pk for r in response.context["page"]] == [answered.pk]
    (field,) = bad
    (error,) = response.context["filter"].form.errors[field]
    assert error.startswith(message)
    body = response.content.decode()
    assert message in body
    assert "is not a valid value" not in body
    assert "not allowed" not in body


def test_an_invalid_filter_is_reported_to_htmx_too(client, ward):
    _outbox_with_two_states(ward)
    client.force_login(ward.secretary_a)
    response = client.get(
        reverse("coordination:request-outbox"),
        {"state": "answered", "area": "abc"},
        headers={"HX-Request": "true", "HX-Target": "request-results"},
    )
    body = response.content.decode()
    assert 'role="alert"' in body and "Lĩnh vực: Giá trị" in body


def test_dates_in_the_wrong_order_are_refused(client, ward):
    _outbox_with_two_states(ward)
    client.force_login(ward.secretary_a)
    response = client.get(
        reverse("coordination:request-outbox"),
        {"sent_from": "2026-05-01", "sent_to": "2026-04-01"},
    )
    assert response.context["filter"].form.errors["sent_to"] == [
        "Ngày cuối phải sau ngày đầu."
    ]


# --- versions --------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["abc", "²", "1.0", "-1", "9" * 5000])
def test_a_version_that_is_not_an_integer_on_send(client, ward, version):
    draft = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:request-send", args=[draft.pk]),
        {"version": version},
        follow=True,
    )
    assert response.status_code == 200
    assert STALE in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == CoordinationRequest.Status.DRAFT


@pytest.mark.parametrize("version", ["abc", "²", "1.0", "9" * 5000])
def test_a_version_that_is_not_an_integer_on_edit(client, ward, version):
    draft = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:request-edit", args=[draft.pk]),
        _form(ward, subject="Trích yếu mới", version=version),
    )
    assert response.status_code == 200
    assert STALE in response.content.decode()
    draft.refresh_from_db()
    assert draft.subject != "Trích yếu mới"
    assert draft.version == 1


def test_a_version_that_is_not_an_integer_on_a_transition(client, ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    client.force_login(ward.officer)
    response = client.post(_action_url(req, "receive"), {"version": "²"}, follow=True)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert req.recipients.get().state == State.SENT


def test_check_version_refuses_non_integers():
    from coordination.requests.workflow import check_version

    class Obj:
        version = 3

    check_version(Obj, None)
    check_version(Obj, "")
    check_version(Obj, 3)
    check_version(Obj, "3")
    for bad in ("abc", "³", "3.0", "0x3", [3], 2):
        with pytest.raises(TransitionError):
            check_version(Obj, bad)


# --- meetings ---------------------------------------------------------------------------


def _received_important(ward):
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        priority=IMPORTANT,
    )
    transitions.receive_request(recipient=req.recipients.get(), by=ward.officer)
    return req


MEETING = {
    "place": "Hội trường",
    "sender_participants": "Chi bộ A",
    "recipient_participants": "Công an",
}


@pytest.mark.parametrize(
    "starts_at", ["0001-01-01T00:00", "1999-12-31T23:59", "9999-12-31T23:59"]
)
def test_a_meeting_outside_the_sane_window_is_refused(client, ward, starts_at):
    req = _received_important(ward)
    client.force_login(ward.secretary_a)
    response = client.post(
        _action_url(req, "schedule-meeting"), {**MEETING, "starts_at": starts_at}
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["starts_at"]
    assert error.startswith("Ngày phải trong khoảng từ 01/01/2000 đến 31/12/")
    assert req.recipients.get().state == State.RECEIVED


def test_a_meeting_in_the_window_is_scheduled(client, ward):
    req = _received_important(ward)
    client.force_login(ward.secretary_a)
    when = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        _action_url(req, "schedule-meeting"),
        {**MEETING, "starts_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    assert req.recipients.get().state == State.MEETING_SCHEDULED


@pytest.mark.parametrize("place", ["Hội\ntrường", "Hội\ttrường", "\u202eHội trường"])
def test_a_meeting_place_is_one_line(client, ward, place):
    req = _received_important(ward)
    client.force_login(ward.secretary_a)
    response = client.post(
        _action_url(req, "schedule-meeting"),
        {**MEETING, "place": place, "starts_at": "2030-01-02T09:00"},
    )
    assert response.status_code == 200
    assert SINGLE_LINE in response.context["form"].errors["place"][0]


# --- single-line subjects ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Dòng 1\r\nBcc: ai@example.test", SINGLE_LINE),
        ("Dòng 1\nDòng 2", SINGLE_LINE),
        ("Cột\tcột", SINGLE_LINE),
        ("Trích\x07yếu", SINGLE_LINE),
        ("Trích yếu \u202egnắt", SINGLE_LINE),
        ("Trích yếu \u2066x\u2069", SINGLE_LINE),
        ("Dòng\u2028dòng", SINGLE_LINE),
        ("\u200b\u200c \u2060\ufeff", BLANK),
        ("   ", "Trường này là bắt buộc."),
    ],
)
def test_a_subject_is_one_line_in_the_form(client, ward, subject, message):
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:request-create"), _form(ward, subject=subject)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["subject"][0]
    assert not CoordinationRequest.objects.exists()


def test_a_subject_with_a_line_break_is_refused_by_the_service(ward):
    with pytest.raises(TransitionError, match=SINGLE_LINE):
        make_request(
            by=ward.secretary_a,
            sender=ward.cell_a,
            recipients=[ward.police],
            subject="Trích yếu\r\nBcc: ai@example.test",
        )
    assert not CoordinationRequest.objects.exists()
    draft = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    with pytest.raises(TransitionError, match="Trích yếu không hợp lệ"):
        svc.update_draft(request=draft, by=ward.secretary_a, subject="Một\nhai")
    draft.refresh_from_db()
    assert "\n" not in draft.subject


# --- caps and other fields --------------------------------------------------------------


def test_caps_are_shown_in_the_forms(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("coordination:request-create")).content.decode()
    assert 'name="subject" maxlength="255"' in body
    assert 'maxlength="10000"' in body  # content
    assert "Tối đa 255 ký tự." in body and "Tối đa 10.000 ký tự." in body
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    client.force_login(ward.officer)
    body = client.get(_action_url(req, "answer")).content.decode()
    assert 'maxlength="10000"' in body and "Tối đa 10.000 ký tự." in body
    body = client.get(_action_url(req, "return")).content.decode()
    assert 'maxlength="2000"' in body and "Tối đa 2.000 ký tự." in body


def test_too_long_or_control_characters_are_refused_with_a_message(client, ward):
    client.force_login(ward.secretary_a)
    for content, message in [
        ("x" * 10_001, "Tối đa 10000 ký tự (đang có 10001)."),
        ("Nội dung\x00", "Không được chứa ký tự rỗng (NUL)."),
        ("Nội dung\x1b[31m", "Nội dung có ký tự điều khiển không hợp lệ"),
    ]:
        response = client.post(
            reverse("coordination:request-create"), _form(ward, content=content)
        )
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["content"])
    response = client.post(
        reverse("coordination:request-create"),
        _form(ward, content="Dòng 1\r\n\tDòng 2"),  # line breaks and tabs are fine
    )
    assert response.status_code == 302


def test_malformed_choices_and_numbers_get_vietnamese_messages(client, ward):
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:request-create"),
        _form(
            ward,
            recipients=["abc"],
            provisions=["x"],
            response_days="²",
            kind="boss",
            confidentiality="9",
        ),
    )
    errors = response.context["form"].errors
    assert errors["recipients"] == ["Giá trị “abc” không hợp lệ."]
    assert errors["provisions"] == ["Giá trị “x” không hợp lệ."]
    assert errors["response_days"] == ["Xin nhập một số nguyên."]
    assert errors["kind"] == ["Giá trị “boss” không hợp lệ."]
    assert errors["confidentiality"] == ["Giá trị “9” không hợp lệ."]
    response = client.post(
        reverse("coordination:request-create"), _form(ward, response_days="61")
    )
    assert response.context["form"].errors["response_days"] == [
        "Giá trị lớn nhất là 60."
    ]


# --- e-mail subjects ---------------------------------------------------------------------


def test_notify_never_puts_a_line_break_in_an_e_mail_subject(ward):
    notify(
        users=[ward.officer],
        title="Trích yếu cũ\r\nBcc: ai@example.test\t\u202e x",
        body="Nội dung",
    )
    email = OutboundEmail.objects.get()
    assert email.subject == "Trích yếu cũ Bcc: ai@example.test x"


def test_an_old_outbox_row_with_a_line_break_is_still_sent(ward, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = OutboundEmail.objects.create(
        to=[ward.officer.email], subject="Một\r\nhai", body="x"
    )
    assert outbox.send_outbound_email(row.pk)
    assert mail.outbox[-1].subject == "Một hai"


def test_an_old_request_subject_with_a_line_break_does_not_break_mail(ward):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=False
    )
    # a row written before subjects were checked
    CoordinationRequest.objects.filter(pk=req.pk).update(subject="Cũ\nBcc: x")
    req.refresh_from_db()
    events = RequestEvent.objects.count()
    svc.send_request(request=req, by=ward.secretary_a)
    assert RequestEvent.objects.count() > events
    subjects = list(OutboundEmail.objects.values_list("subject", flat=True))
    assert subjects
    assert all("\n" not in s and "\r" not in s for s in subjects)
