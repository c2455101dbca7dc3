"""Classified requests in the admin: an administrator without the clearance
finds no trace of a Mật request on any admin page that mentions one (the
notifications, the e-mail outbox, django-guardian's grant tables and
"Object permissions" pages, their history and search), while a cleared
administrator does; notices about a classified request carry no meeting time,
place, outcome, deadline or organisation; grants change only through the
services (the raw permission pages are read-only)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from coordination.models import (
    CoordinationRequest,
    CoordinationRequestGroupObjectPermission,
    CoordinationRequestUserObjectPermission,
    Notification,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
    OutboundEmail,
    RequestEvent,
)
from coordination.requests import escalation, transitions
from tests.factories import make_request, make_user

IMPORTANT = CoordinationRequest.Priority.IMPORTANT
SECRET_SUBJECT = "Tài liệu mật về đối tượng X"
PLACE = "Phòng họp số 7 nhà B"
MEETING_AT = "09:30"


def _admin_url(name, *args):
    return reverse(f"admin:coordination_{name}", args=args)


def _meeting_time():
    """Yesterday 09:30 (its outcome may be recorded)."""
    local = timezone.localtime() - datetime.timedelta(days=1)
    return local.replace(hour=9, minute=30, second=0, microsecond=0)


@pytest.fixture
def scene(ward):
    """A Mật request from the police to cell A (received, a working meeting
    scheduled), a cell A deputy cleared to read it, a user-level grant on it
    (the services make none, an old database may hold some), and an ordinary
    request beside it."""
    deputy = make_user(
        "cleared_deputy_a", org=ward.cell_a, position="deputy_secretary", clearance=1
    )
    secret = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject=SECRET_SUBJECT,
        content="Nội dung mật Y",
        confidentiality=1,
        priority=IMPORTANT,
    )
    rec = secret.recipients.get()
    transitions.receive_request(recipient=rec, by=deputy)
    escalation.schedule_meeting(
        recipient=rec,
        by=ward.cleared_officer,
        starts_at=_meeting_time(),
        place=PLACE,
        sender_participants="Công an",
        recipient_participants="Chi bộ",
    )
    assign_perm("coordination.view_coordinationrequest", deputy, secret)
    normal = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police]
    )
    assign_perm("coordination.view_coordinationrequest", ward.officer, normal)
    cleared_admin = make_user(
        "cleared_admin", is_staff=True, is_superuser=True, clearance=1
    )
    return {
        "secret": secret,
        "normal": normal,
        "deputy": deputy,
        "cleared_admin": cleared_admin,
    }


def _about(secret) -> dict:
    """Every admin row that mentions the secret request."""
    events = RequestEvent.objects.filter(request=secret)
    keys = [f"request-event:{e.pk}:" for e in events]
    notes = list(Notification.objects.filter(url=secret.get_absolute_url()))
    emails = [
        e
        for e in OutboundEmail.objects.all()
        if e.dedup_key and any(e.dedup_key.startswith(k) for k in keys)
    ]
    group_perms = list(
        CoordinationRequestGroupObjectPermission.objects.filter(content_object=secret)
    )
    user_perms = list(
        CoordinationRequestUserObjectPermission.objects.filter(content_object=secret)
    )
    assert notes and emails and group_perms and user_perms  # something to look at
    return {
        "notification": notes,
        "outboundemail": emails,
        "coordinationrequestgroupobjectpermission": group_perms,
        "coordinationrequestuserobjectpermission": user_perms,
    }


def _changelist_pks(client, model, query=""):
    response = client.get(_admin_url(f"{model}_changelist") + query)
    assert response.status_code == 200, model
    return {obj.pk for obj in response.context["cl"].result_list}, response


def test_uncleared_admin_sees_no_trace_of_a_classified_request(client, ward, scene):
    secret = scene["secret"]
    about = _about(secret)
    placeholder = f"Văn bản Mật #{secret.pk}"
    searches = {
        "notification": ["?q=Mật", f"?q={secret.pk}"],
        "outboundemail": ["?q=Mật", f"?q={secret.pk}"],
        "coordinationrequestgroupobjectpermission": [f"?q={secret.pk}"],
        "coordinationrequestuserobjectpermission": [f"?q={secret.pk}"],
    }
    client.force_login(ward.admin)  # a superuser with clearance 0
    for model, rows in about.items():
        for query in ["", *searches[model]]:
            pks, response = _changelist_pks(client, model, query)
            assert not pks & {r.pk for r in rows}, (model, query)
            body = response.content.decode()
            assert placeholder not in body and SECRET_SUBJECT not in body, model
        for row in rows:
            for url in [
                _admin_url(f"{model}_change", row.pk),
                _admin_url(f"{model}_history", row.pk),
                _admin_url(f"{model}_delete", row.pk),
            ]:
                response = client.get(url, follow=True)
                body = response.content.decode()
                assert placeholder not in body, url
                assert PLACE not in body and SECRET_SUBJECT not in body, url
                # absent (redirected to the index), 404, or refused as any id
                assert response.redirect_chain or response.status_code in (403, 404)
    # guardian's "Object permissions" page of the request is a 404 too
    url = _admin_url("coordinationrequest_permissions", secret.pk)
    assert client.get(url).status_code == 404
    # ordinary notices and grants stay in view
    normal = scene["normal"]
    pks, _resp = _changelist_pks(client, "notification")
    assert Notification.objects.filter(url=normal.get_absolute_url(), pk__in=pks)
    pks, _resp = _changelist_pks(client, "coordinationrequestgroupobjectpermission")
    assert CoordinationRequestGroupObjectPermission.objects.filter(
        content_object=normal, pk__in=pks
    )
    pks, _resp = _changelist_pks(client, "outboundemail")
    assert pks

    # a cleared administrator sees every one of them
    client.force_login(scene["cleared_admin"])
    for model, rows in about.items():
        pks, _resp = _changelist_pks(client, model)
        assert {r.pk for r in rows} <= pks, model
        for row in rows:
            assert client.get(_admin_url(f"{model}_change", row.pk)).status_code == 200
            assert client.get(_admin_url(f"{model}_history", row.pk)).status_code == 200
    pks, _resp = _changelist_pks(client, "notification", "?q=Mật")
    assert {n.pk for n in about["notification"]} <= pks
    response = client.get(url)
    assert response.status_code == 200
    assert ward.cell_a.group.name in response.content.decode()


def test_every_kind_of_trace_is_recognised(ward, scene):
    """The address, the placeholder and the outbox key each suffice."""
    from coordination.admin_access import (
        notifications_within_clearance,
        outbound_emails_within_clearance,
    )

    secret, normal = scene["secret"], scene["normal"]
    event = RequestEvent.objects.filter(request=secret).first()
    user = ward.secretary_b
    by_url = Notification.objects.create(
        user=user, title="Tin", url=secret.get_absolute_url()
    )
    by_title = Notification.objects.create(
        user=user, title=f"Văn bản Mật #{secret.pk}: x", url="/"
    )
    other_pk = secret.pk * 100 + 7  # no such request; same leading digits
    kept = [
        Notification.objects.create(
            user=user, title="Tin", url=f"/de-nghi/{other_pk}/"
        ),
        Notification.objects.create(
            user=user, title="Tin", url=normal.get_absolute_url()
        ),
        Notification.objects.create(user=user, title="Bạn được phân công", url="/"),
    ]
    mail_by_key = OutboundEmail.objects.create(
        to=["a@example.test"],
        subject="Thư",
        body="x",
        dedup_key=f"request-event:{event.pk}:{user.pk}",
    )
    mail_by_subject = OutboundEmail.objects.create(
        to=["a@example.test"], subject=f"[x] Văn bản Mật #{secret.pk}", body="x"
    )
    kept_mail = [
        OutboundEmail.objects.create(
            to=["a@example.test"], subject="Thư", body="x", dedup_key=key
        )
        for key in [
            f"request-event:{event.pk}0:{user.pk}",
            f"membership-start:{event.pk}:{user.pk}",
            None,
        ]
    ]
    notes = set(
        notifications_within_clearance(Notification.objects.all(), 0).values_list(
            "pk", flat=True
        )
    )
    assert by_url.pk not in notes and by_title.pk not in notes
    assert {n.pk for n in kept} <= notes
    mails = set(
        outbound_emails_within_clearance(OutboundEmail.objects.all(), 0).values_list(
            "pk", flat=True
        )
    )
    assert mail_by_key.pk not in mails and mail_by_subject.pk not in mails
    assert {m.pk for m in kept_mail} <= mails
    # cleared to Mật: all of them; a Tối mật placeholder stays hidden
    top = Notification.objects.create(
        user=user, title=f"Văn bản Tối mật #{secret.pk}: x", url="/"
    )
    notes = set(
        notifications_within_clearance(Notification.objects.all(), 1).values_list(
            "pk", flat=True
        )
    )
    assert {by_url.pk, by_title.pk} <= notes and top.pk not in notes
    assert notifications_within_clearance(Notification.objects.all(), 2).count() == (
        Notification.objects.count()
    )


def test_retry_action_works_on_the_scoped_outbox(client, ward, scene):
    failed = OutboundEmail.objects.create(
        to=["a@example.test"], subject="Thư lỗi", body="x", status="failed"
    )
    client.force_login(ward.admin)
    response = client.post(
        _admin_url("outboundemail_changelist"),
        {"action": "retry", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.PENDING


def test_notices_of_a_classified_request_carry_no_details(ward, scene):
    """No meeting time or place, outcome, deadline, organisation or person:
    a neutral line and the placeholder."""
    secret = scene["secret"]
    rec = secret.recipients.get()
    escalation.record_meeting_outcome(
        recipient=rec, by=scene["deputy"], agreed=False, minutes="Chưa thống nhất."
    )
    event_keys = [
        f"request-event:{e.pk}:" for e in RequestEvent.objects.filter(request=secret)
    ]
    texts = [
        n.title + "\n" + n.body
        for n in Notification.objects.filter(url=secret.get_absolute_url())
    ] + [
        e.subject + "\n" + e.body
        for e in OutboundEmail.objects.all()
        if e.dedup_key and any(e.dedup_key.startswith(k) for k in event_keys)
    ]
    # the deputy is told of the sending and of the meeting (notice and e-mail)
    assert len(texts) >= 4
    meeting = RequestEvent.objects.get(request=secret, action="schedule-meeting")
    assert OutboundEmail.objects.filter(
        dedup_key__startswith=f"request-event:{meeting.pk}:"
    ).exists()
    forbidden = [
        MEETING_AT,
        PLACE,
        "Hạn trả lời",
        "kết quả họp",
        "Chưa thống nhất",
        "hẹn họp",
        ward.police.name,
        ward.cell_a.name,
        ward.cleared_officer.get_full_name(),
        scene["deputy"].get_full_name(),
        SECRET_SUBJECT,
    ]
    for text in texts:
        assert f"Văn bản Mật #{secret.pk}" in text
        assert "có diễn biến mới, xin xem trong hệ thống" in text
        for word in forbidden:
            assert word not in text, (word, text)


def test_notices_of_an_ordinary_meeting_keep_their_details(ward):
    req = make_request(
        by=ward.secretary_a,
        sender=ward.cell_a,
        recipients=[ward.police],
        priority=IMPORTANT,
    )
    rec = req.recipients.get()
    transitions.receive_request(recipient=rec, by=ward.officer)
    escalation.schedule_meeting(
        recipient=rec,
        by=ward.officer,
        starts_at=_meeting_time(),
        place=PLACE,
        sender_participants="Chi bộ",
        recipient_participants="Công an",
    )
    note = Notification.objects.filter(user=ward.secretary_a).latest("pk")
    assert MEETING_AT in note.title and PLACE in note.body
    assert ward.cell_a.name in note.body


def test_raw_permission_admins_are_read_only(client, ward, scene):
    secret = scene["secret"]
    client.force_login(scene["cleared_admin"])
    rows = {
        "coordinationrequestgroupobjectpermission": (
            CoordinationRequestGroupObjectPermission.objects.filter(
                content_object=secret
            ).first(),
            {"group": ward.cell_b.group_id, "content_object": secret.pk},
        ),
        "coordinationrequestuserobjectpermission": (
            CoordinationRequestUserObjectPermission.objects.filter(
                content_object=secret
            ).first(),
            {"user": ward.secretary_b.pk, "content_object": secret.pk},
        ),
        "organizationgroupobjectpermission": (
            OrganizationGroupObjectPermission.objects.filter(
                content_object=ward.cell_a
            ).first(),
            {"group": ward.cell_b.group_id, "content_object": ward.cell_a.pk},
        ),
        "organizationuserobjectpermission": (
            _org_user_grant(ward),
            {"user": ward.secretary_b.pk, "content_object": ward.cell_a.pk},
        ),
    }
    counts = _grant_counts()
    for model, (row, data) in rows.items():
        perm = row.permission_id
        data = {**data, "permission": perm}
        assert client.get(_admin_url(f"{model}_add")).status_code == 403, model
        assert client.post(_admin_url(f"{model}_add"), data).status_code == 403
        change = _admin_url(f"{model}_change", row.pk)
        response = client.get(change)
        assert response.status_code == 200  # may be read
        assert 'type="submit"' not in response.content.decode().split("<form")[-1]
        assert client.post(change, data).status_code == 403, model
        delete = _admin_url(f"{model}_delete", row.pk)
        assert client.post(delete, {"post": "yes"}).status_code == 403, model
        response = client.post(
            _admin_url(f"{model}_changelist"),
            {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302, 403)
    assert _grant_counts() == counts


def _org_user_grant(ward):
    assign_perm("coordination.view_organization", ward.secretary_b, ward.cell_a)
    return OrganizationUserObjectPermission.objects.get(
        user=ward.secretary_b, content_object=ward.cell_a
    )


def _grant_counts():
    return [
        model.objects.count()
        for model in (
            CoordinationRequestGroupObjectPermission,
            CoordinationRequestUserObjectPermission,
            OrganizationGroupObjectPermission,
            OrganizationUserObjectPermission,
        )
    ]


@pytest.mark.parametrize("target", ["organization", "coordinationrequest"])
def test_guardian_object_permission_pages_are_read_only(client, ward, scene, target):
    """Today's "Object permissions" page lets an administrator grant another
    ward's committee access to a request with no event written: it only
    lists who holds what now."""
    obj = scene["secret"] if target == "coordinationrequest" else ward.cell_a
    client.force_login(scene["cleared_admin"])
    counts = _grant_counts()
    url = _admin_url(f"{target}_permissions", obj.pk)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert ward.cell_a.group.name in html  # who holds what
    assert "submit_manage_user" not in html and "submit_manage_group" not in html
    assert 'name="user"' not in html and 'name="group"' not in html
    assert "Chỉ xem." in html
    group = ward.cell_b.group
    for path, data in [
        (url, {"submit_manage_group": "1", "group": group.name}),
        (url, {"submit_manage_user": "1", "user": ward.secretary_b.username}),
        (
            _admin_url(f"{target}_permissions_manage_group", obj.pk, group.pk),
            {"permissions": [f"view_{target}"]},
        ),
        (
            _admin_url(
                f"{target}_permissions_manage_user", obj.pk, ward.secretary_b.pk
            ),
            {"permissions": [f"view_{target}"]},
        ),
    ]:
        assert client.post(path, data).status_code == 403, path
    for path in [
        _admin_url(f"{target}_permissions_manage_group", obj.pk, group.pk),
        _admin_url(f"{target}_permissions_manage_user", obj.pk, ward.secretary_b.pk),
    ]:
        assert client.get(path).status_code == 403, path
    assert _grant_counts() == counts
    assert not ward.secretary_b.has_perm(f"coordination.view_{target}", obj)


def test_history_revert_cannot_change_a_request(client, ward, scene):
    """simple-history's page of a past version saved what was posted, without
    asking whether the admin may change the request: a cleared administrator
    could rewrite it, or make a Mật request ordinary."""
    secret = scene["secret"]
    client.force_login(scene["cleared_admin"])
    history = secret.history.earliest("history_date")
    url = _admin_url(
        "coordinationrequest_simple_history", secret.pk, history.history_id
    )
    response = client.get(url)
    assert response.status_code == 200  # may be read
    assert 'name="_save"' not in response.content.decode()  # no "Revert" button
    form = response.context["adminform"].form
    data = {k: v for k in form.fields if (v := form.initial.get(k)) is not None}
    data.update(provisions=[], subject="Sửa qua lịch sử", confidentiality="0")
    assert client.post(url, data).status_code == 403
    secret.refresh_from_db()
    assert secret.subject == SECRET_SUBJECT
    assert secret.confidentiality == 1
