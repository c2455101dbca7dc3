"""Access to coordination requests: the role × URL × method matrix (T02),
horizontal IDOR (T03), list/count scoping (T04), mass assignment (T05) and
classified leakage (T06)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse
from django.utils import timezone

from coordination.models import (
    CoordinationRequest,
    RequestAttachment,
    RequestEvent,
    RequestRecipient,
)
from coordination.requests import escalation, transitions
from coordination.requests import urls as request_urls
from tests.factories import make_request, make_user

from .access_table import ANON, ROLES, ROWS

IMPORTANT = CoordinationRequest.Priority.IMPORTANT
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _rec(req):
    return req.recipients.get()


def build_scene(ward, only: str | None = None) -> dict:
    """The objects of the access table; with ``only`` just that one."""
    a, police = ward.cell_a, ward.police
    sa, off = ward.secretary_a, ward.officer
    important = {"priority": IMPORTANT}
    meeting = {
        "starts_at": timezone.now() - datetime.timedelta(hours=1),
        "place": "Hội trường",
        "sender_participants": "Chi bộ A",
        "recipient_participants": "Công an",
    }

    def draft():
        return make_request(by=sa, sender=a, recipients=[police], send=False)

    def sent():
        return make_request(
            by=sa,
            sender=a,
            recipients=[police],
            subject="Đề nghị đã gửi",
            files=[_pdf()],
        )

    def answered():
        req = make_request(by=sa, sender=a, recipients=[police])
        transitions.answer_request(recipient=_rec(req), by=off, body="Trả lời")
        return req

    def received_i():
        req = make_request(by=sa, sender=a, recipients=[police], **important)
        transitions.receive_request(recipient=_rec(req), by=off)
        return req

    def meeting_path(stage):
        req = make_request(by=sa, sender=a, recipients=[police], **important)
        rec = _rec(req)
        transitions.receive_request(recipient=rec, by=off)
        escalation.schedule_meeting(recipient=rec, by=sa, **meeting)
        if stage in ("not_agreed", "escalated"):
            escalation.record_meeting_outcome(
                recipient=rec, by=off, agreed=False, minutes="x"
            )
        if stage == "escalated":
            escalation.escalate_request(
                recipient=rec, by=sa, sender_position="A", recipient_position="B"
            )
        return req

    def returned():
        req = make_request(by=off, sender=police, recipients=[ward.cell_b])
        transitions.return_request(
            recipient=_rec(req), by=ward.secretary_b, comment="Thiếu"
        )
        return req

    def secret():
        return make_request(
            by=ward.cleared_officer,
            sender=police,
            recipients=[a],
            subject="Tài liệu mật về đối tượng X",
            content="Nội dung mật Y",
            confidentiality=1,
            files=[_pdf("mat.pdf")],
        )

    builders = {
        "draft": draft,
        "sent": sent,
        "answered": answered,
        "received_i": received_i,
        "scheduled": lambda: meeting_path("scheduled"),
        "not_agreed": lambda: meeting_path("not_agreed"),
        "escalated": lambda: meeting_path("escalated"),
        "returned": returned,
        "secret": secret,
    }
    objs: dict = {}
    for key, build in builders.items():
        if only is None or key == only:
            objs[key] = build()
    for key in ("sent", "secret"):
        if key in objs:
            objs[f"{key}:attachment"] = RequestAttachment.objects.get(request=objs[key])
    return objs


def _client_for(client, ward, role):
    if role == "anon":
        return client
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
    else:
        user = getattr(ward, role)
    client.force_login(user)
    return client


def _url(name, objs, key, extra):
    kwargs = dict(extra)
    if key:
        obj = objs[key]
        kwargs["pk"] = obj.pk
        if name == "coordination:request-recipient-action":
            kwargs["rid"] = obj.recipients.get().pk
    return reverse(name, kwargs=kwargs)


CASES = [
    pytest.param(
        row,
        role,
        id=f"{row[0].split(':')[1]}-{row[1]}-{row[2].get('action', '')}-{row[3]}-{role}",
    )
    for row in ROWS
    for role in ROLES
]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_access_matrix(client, ward, row, role):
    name, key, extra, method, data, expected = row
    objs = build_scene(ward, only=key.split(":")[0] if key else "")
    c = _client_for(client, ward, role)
    url = _url(name, objs, key, extra)
    last_event = RequestEvent.objects.order_by("-pk").values_list("pk", flat=True)
    last_event = last_event.first() or 0
    response = c.post(url, data or {}) if method == "POST" else c.get(url)
    assert response.status_code == expected[role], (url, method, role)
    written = RequestEvent.objects.filter(pk__gt=last_event)
    if method == "POST" and expected[role] == 302 and role not in ANON:
        # An actor's 302 is the transition done, not a refusal sent back.
        assert written.filter(actor=getattr(ward, role)).exists(), (url, role)
    elif method == "POST":
        assert not written.exists(), (url, role)
    if expected[role] == 302 and role in ("anon", "inactive"):
        assert response["Location"].startswith(reverse("accounts:login"))


def test_every_request_route_has_a_row():
    covered = {row[0] for row in ROWS}
    names = {
        f"coordination:{p.name}"
        for p in request_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - covered == set()
    for row in ROWS:
        assert set(row[5]) == set(ROLES), row[:4]


def test_another_cells_request_is_404_and_nothing_changes(client, ward):
    """T03: secretary B tries cell A's request by id and pk±1."""
    objs = build_scene(ward)
    req = objs["sent"]
    rec = _rec(req)
    client.force_login(ward.secretary_b)
    events = RequestEvent.objects.count()
    for pk in (req.pk,):
        for url, data in [
            (reverse("coordination:request-detail", args=[pk]), None),
            (reverse("coordination:request-edit", args=[pk]), {"subject": "hack"}),
            (reverse("coordination:request-withdraw", args=[pk]), {}),
            (
                reverse(
                    "coordination:request-recipient-action",
                    args=[pk, rec.pk, "answer"],
                ),
                {"body": "hack"},
            ),
            (
                reverse(
                    "coordination:request-recipient-action",
                    args=[pk, rec.pk, "close"],
                ),
                {},
            ),
            (
                reverse(
                    "coordination:request-recipient-action",
                    args=[pk, rec.pk, "escalate"],
                ),
                {"sender_position": "x", "recipient_position": "y"},
            ),
        ]:
            response = client.post(url, data) if data is not None else client.get(url)
            assert response.status_code == 404, url
    attachment = objs["sent:attachment"]
    for pk in (attachment.pk, attachment.pk + 1):
        url = reverse("coordination:request-attachment-download", args=[pk])
        assert client.get(url).status_code == 404, url
    for pk in (req.pk - 1, req.pk + 1, 999999):
        assert (
            client.get(reverse("coordination:request-detail", args=[pk])).status_code
            == 404
        )
    rec.refresh_from_db()
    req.refresh_from_db()
    assert rec.state == RequestRecipient.State.SENT
    assert req.subject == "Đề nghị đã gửi"
    assert RequestEvent.objects.count() == events


def test_refused_access_is_logged_once(client, ward, caplog):
    objs = build_scene(ward)
    client.force_login(ward.secretary_b)
    with caplog.at_level("WARNING", logger="security"):
        client.get(reverse("coordination:request-detail", args=[objs["sent"].pk]))
    denied = [r for r in caplog.records if "authz_denied" in r.getMessage()]
    assert len(denied) == 1
    assert f"user={ward.secretary_b.pk}" in denied[0].getMessage()


def test_lists_and_counts_only_show_what_the_user_can_open(client, ward):
    """T04: three cells; tampered filters never widen the list."""
    objs = build_scene(ward)
    b_own = make_request(
        by=ward.secretary_b,
        sender=ward.cell_b,
        recipients=[ward.police],
        subject="Việc riêng của chi bộ B",
    )
    from coordination.permissions import visible_requests

    client.force_login(ward.secretary_a)
    visible_ids = set(visible_requests(ward.secretary_a).values_list("pk", flat=True))
    assert b_own.pk not in visible_ids
    assert objs["secret"].pk not in visible_ids
    for name in ("coordination:request-inbox", "coordination:request-outbox"):
        for query in (
            "",
            f"?organization={ward.cell_b.pk}",
            "?q=chi bộ B",
            f"?q={b_own.pk}",
            "?state=sent&overdue=on",
            "?ordering=-id&page=2",
        ):
            response = client.get(reverse(name) + query)
            assert response.status_code == 200
            shown = {r.pk for r in response.context["page"].object_list}
            assert shown <= visible_ids
            assert "Việc riêng của chi bộ B" not in response.content.decode()
            assert response.context["page"].paginator.count <= len(visible_ids)
    response = client.get(
        reverse("coordination:request-outbox") + f"?organization={ward.cell_b.pk}"
    )
    # cell A never writes to cell B (the regulation's sides): nothing.
    assert not response.context["page"].object_list
    response = client.get(
        reverse("coordination:request-outbox") + f"?organization={ward.police.pk}"
    )
    shown = {r.pk for r in response.context["page"].object_list}
    expected = {objs[k].pk for k in ("draft", "sent", "answered", "escalated")}
    assert expected <= shown <= visible_ids


def test_posted_extra_fields_are_ignored(client, ward):
    """T05: state, sender, recipients of an existing request, author and
    version cannot be set from the browser."""
    objs = build_scene(ward)
    client.force_login(ward.secretary_a)
    response = client.post(
        reverse("coordination:request-create"),
        {
            "sender": ward.cell_a.pk,
            "recipients": [ward.police.pk],
            "subject": "Đề nghị mới",
            "content": "Nội dung",
            "kind": "proposal",
            "priority": "normal",
            "confidentiality": "0",
            "response_days": "5",
            "status": "closed",
            "state": "directed",
            "created_by": ward.officer.pk,
            "due_date": "2020-01-01",
            "version": "99",
        },
    )
    assert response.status_code == 302
    new = CoordinationRequest.objects.get(subject="Đề nghị mới")
    assert new.status == CoordinationRequest.Status.DRAFT
    assert new.created_by == ward.secretary_a
    assert new.due_date is None
    assert new.version == 1
    # a sender the user does not belong to is refused by the form
    response = client.post(
        reverse("coordination:request-create"),
        {
            "sender": ward.cell_b.pk,
            "recipients": [ward.police.pk],
            "subject": "Giả mạo",
            "content": "x",
            "kind": "proposal",
            "priority": "normal",
            "confidentiality": "0",
            "response_days": "5",
        },
    )
    assert response.status_code == 200
    assert "sender" in response.context["form"].errors
    assert not CoordinationRequest.objects.filter(subject="Giả mạo").exists()
    # answering cannot change the sender or the request's subject
    sent = objs["sent"]
    client.force_login(ward.officer)
    client.post(
        reverse(
            "coordination:request-recipient-action",
            args=[sent.pk, _rec(sent).pk, "answer"],
        ),
        {
            "body": "Trả lời",
            "state": "closed",
            "sender": ward.cell_b.pk,
            "subject": "đổi",
            "organization": ward.cell_c.pk,
        },
    )
    sent.refresh_from_db()
    rec = _rec(sent)
    assert rec.state == RequestRecipient.State.ANSWERED
    assert rec.organization == ward.police
    assert sent.sender == ward.cell_a
    assert sent.subject == "Đề nghị đã gửi"
    assert rec.answers.get().organization == ward.police


def test_classified_content_never_shown_without_clearance(client, ward, caplog):
    """T06: Mật title and body are absent from lists, search, counts, the
    notification page, the admin (lists, history, download log), notifications
    and e-mails; opening it without clearance is a logged 404."""
    from coordination.models import AttachmentAccessLog, Notification, OutboundEmail

    # A cleared deputy in cell A: notifications and e-mails about the secret
    # request exist, so the checks below have something to look at.
    cleared_deputy = make_user(
        "cleared_deputy_a",
        org=ward.cell_a,
        position="deputy_secretary",
        clearance=1,
    )
    objs = build_scene(ward)
    secret = objs["secret"]
    client.force_login(cleared_deputy)
    attachment = objs["secret:attachment"]
    download = reverse("coordination:request-attachment-download", args=[attachment.pk])
    assert client.get(download).status_code == 200
    assert AttachmentAccessLog.objects.filter(attachment=attachment).exists()
    words = ["Tài liệu mật về đối tượng X", "Nội dung mật Y", "mat.pdf"]
    history = secret.history.order_by("history_id").first()
    for role in ("secretary_a", "officer", "standing_member", "office_staff", "admin"):
        client.force_login(getattr(ward, role))
        for url in [
            reverse("coordination:request-inbox"),
            reverse("coordination:request-outbox"),
            reverse("coordination:request-all"),
            reverse("coordination:request-inbox") + "?q=mật",
            reverse("coordination:notification-list"),
            reverse("accounts:home"),
            reverse("admin:coordination_coordinationrequest_changelist"),
            reverse("admin:coordination_requestrecipient_changelist"),
            reverse("admin:coordination_attachmentaccesslog_changelist"),
            reverse("admin:coordination_requestattachment_changelist"),
        ]:
            body = client.get(url).content.decode()
            for word in words:
                assert word not in body, (role, url)
        caplog.clear()
        with caplog.at_level("WARNING", logger="security"):
            assert (
                client.get(
                    reverse("coordination:request-detail", args=[secret.pk])
                ).status_code
                == 404
            )
        assert [r for r in caplog.records if "authz_denied" in r.getMessage()]
    # The administrator (no clearance) gets 404 on simple-history's pages too.
    client.force_login(ward.admin)
    for url in [
        reverse("admin:coordination_coordinationrequest_history", args=[secret.pk]),
        reverse(
            "admin:coordination_coordinationrequest_simple_history",
            args=[secret.pk, history.history_id],
        ),
        reverse("admin:coordination_coordinationrequest_change", args=[secret.pk]),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 404), url
        for word in words:
            assert word not in response.content.decode(), url
    about_secret = [
        n.title + n.body for n in Notification.objects.filter(user=cleared_deputy)
    ] + [
        e.subject + e.body
        for e in OutboundEmail.objects.all()
        if cleared_deputy.email in e.to
    ]
    assert len(about_secret) >= 2  # at least one notification and one e-mail
    for text in [n.title + n.body for n in Notification.objects.all()] + [
        e.subject + e.body for e in OutboundEmail.objects.all()
    ]:
        for word in words:
            assert word not in text
    # the cleared officer sees it in full
    client.force_login(ward.cleared_officer)
    body = client.get(reverse("coordination:request-outbox")).content.decode()
    assert words[0] in body
