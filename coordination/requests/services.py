"""Coordination requests: drafts, sending and withdrawal; each recipient's
thread is in ``transitions``.

Each function checks the actor's role and the current state, locks the
request row (``select_for_update``), changes state, writes a ``RequestEvent``
and writes notifications/e-mails to the outbox, which is sent after commit
(``notifications.services.notify``). An illegal change raises
``TransitionError`` with a Vietnamese message and changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm

from accounts.models import User

from .. import uploads
from ..organizations.models import Organization
from ..organizations.services import oversight_groups
from ..permissions import drafting_org_ids
from ..validators import nfc
from ..workdays import add_working_days
from .models import (
    CoordinationRequest,
    RequestAnswer,
    RequestAttachment,
    RequestRecipient,
)
from .notify import notify_event, org_leaders, sender_users
from .selectors import citable_provisions, uncleared_recipients
from .workflow import (
    VIEW_PERM,
    WITHDRAWABLE_STATES,
    NotAllowed,
    State,
    Status,
    TransitionError,
    check_subject,
    check_version,
    is_sender_actor,
    lock_request,
    move_recipient,
    record_event,
    scope_error,
)


def save_attachments(
    *,
    request: CoordinationRequest,
    files: Iterable[UploadedFile],
    by: User,
    answer: RequestAnswer | None = None,
) -> list[RequestAttachment]:
    saved = []
    for f in files:
        if not f:
            continue
        content_type = uploads.validate_attachment(f)
        saved.append(
            RequestAttachment.objects.create(
                request=request,
                answer=answer,
                file=f,
                original_name=uploads.safe_display_name(f.name),
                size=f.size,
                content_type=content_type,
                uploaded_by=by,
            )
        )
    return saved


@transaction.atomic
def create_request(
    *,
    by: User,
    sender: Organization,
    recipients: Iterable[Organization],
    subject: str,
    content: str,
    kind: str = CoordinationRequest.Kind.PROPOSAL,
    priority: str = CoordinationRequest.Priority.NORMAL,
    confidentiality: int = 0,
    response_days: int = 5,
    area=None,
    provisions: Iterable = (),
    files: Iterable[UploadedFile] = (),
    send: bool = False,
    acknowledge_uncleared: bool = False,
) -> CoordinationRequest:
    """Create a draft (and send it at once with ``send=True``). The
    organisation's leaders and its support staff draft; only leaders send."""
    if sender.pk not in drafting_org_ids(by):
        raise NotAllowed(_("Bạn không có chức vụ để gửi đề nghị thay mặt đơn vị này."))
    if confidentiality > by.clearance:
        raise TransitionError(_("Bạn không được tiếp cận tài liệu ở độ mật đã chọn."))
    check_subject(subject)
    recipients = [r for r in recipients if r.pk != sender.pk]
    if not recipients:
        raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
    check_scope(sender, recipients)
    provisions = list(provisions)
    check_citations(sender, provisions)
    request = CoordinationRequest(
        sender=sender,
        created_by=by,
        subject=nfc(subject),
        content=nfc(content),
        kind=kind,
        priority=priority,
        confidentiality=confidentiality,
        response_days=response_days,
        area=area,
    )
    request.set_search_keys()
    request._history_user = by
    request.save()
    request.provisions.set(provisions)
    RequestRecipient.objects.bulk_create(
        [RequestRecipient(request=request, organization=org) for org in recipients]
    )
    assign_perm(VIEW_PERM, sender.group, request)
    save_attachments(request=request, files=files, by=by)
    record_event(
        request=request,
        actor=by,
        action="create",
        from_state="",
        to_state=Status.DRAFT,
    )
    if send:
        send_request(
            request=request, by=by, acknowledge_uncleared=acknowledge_uncleared
        )
        request.refresh_from_db()
    return request


def check_scope(sender: Organization, recipients: Iterable[Organization]) -> None:
    error = scope_error(sender, recipients)
    if error:
        raise TransitionError(error)


def check_citations(sender: Organization, provisions: list) -> None:
    """Only provisions of the regulation version in force for the sender's
    ward may be cited."""
    if not provisions:
        return
    allowed = set(
        citable_provisions([sender])
        .filter(pk__in=[p.pk for p in provisions])
        .values_list("pk", flat=True)
    )
    wrong = [p for p in provisions if p.pk not in allowed]
    if wrong:
        raise TransitionError(
            _(
                "Chỉ trích dẫn được điều khoản của Quy chế phối hợp đang có hiệu lực "
                "của đảng bộ; không trích dẫn được: %(refs)s."
            )
            % {"refs": ", ".join(f"{p.label} ({p.regulation.code})" for p in wrong)}
        )


@transaction.atomic
def update_draft(
    *,
    request: CoordinationRequest,
    by: User,
    expected_version: int | None = None,
    recipients: Iterable[Organization] | None = None,
    provisions: Iterable | None = None,
    files: Iterable[UploadedFile] = (),
    **fields,
) -> CoordinationRequest:
    """Edit a draft. Only subject, content, kind, priority, confidentiality,
    response_days and area may change; anything else is ignored."""
    request = lock_request(request.pk)
    if request.sender_id not in drafting_org_ids(by):
        raise NotAllowed(_("Chỉ bên đề nghị được sửa dự thảo."))
    if request.status != Status.DRAFT:
        raise TransitionError(_("Chỉ sửa được đề nghị còn ở trạng thái dự thảo."))
    check_version(request, expected_version)
    editable = {
        "subject",
        "content",
        "kind",
        "priority",
        "confidentiality",
        "response_days",
        "area",
    }
    if fields.get("confidentiality", 0) > by.clearance:
        raise TransitionError(_("Bạn không được tiếp cận tài liệu ở độ mật đã chọn."))
    if "subject" in fields:
        check_subject(fields["subject"])
    changed = []
    for name, value in fields.items():
        if name in ("subject", "content"):
            value = nfc(value)
        if name in editable and getattr(request, name) != value:
            changed.append(name)
            setattr(request, name, value)
    request.set_search_keys()
    request.version += 1
    request._history_user = by
    request.save()
    if provisions is not None:
        provisions = list(provisions)
        check_citations(request.sender, provisions)
        if {p.pk for p in provisions} != set(
            request.provisions.values_list("pk", flat=True)
        ):
            changed.append("provisions")
        request.provisions.set(provisions)
    if recipients is not None:
        recipients = [o for o in recipients if o.pk != request.sender_id]
        wanted = {o.pk for o in recipients}
        if not wanted:
            raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
        check_scope(request.sender, recipients)
        have = set(request.recipients.values_list("organization_id", flat=True))
        if wanted != have:
            changed.append("recipients")
        request.recipients.exclude(organization_id__in=wanted).delete()
        RequestRecipient.objects.bulk_create(
            [
                RequestRecipient(request=request, organization_id=pk)
                for pk in wanted - have
            ]
        )
    if save_attachments(request=request, files=files, by=by):
        changed.append("attachments")
    record_event(
        request=request,
        actor=by,
        action="edit",
        from_state=Status.DRAFT,
        to_state=Status.DRAFT,
        comment=_changed_fields_text(changed),
    )
    return request


def _changed_fields_text(names: list[str]) -> str:
    """ "Đã sửa: trích yếu, nội dung" — field names only (never values, so a
    classified draft leaks nothing), in Vietnamese like every stored record."""
    if not names:
        return ""
    extra = {
        "recipients": gettext_lazy("đơn vị nhận"),
        "attachments": gettext_lazy("tệp đính kèm"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        labels = [
            str(
                extra[name]
                if name in extra
                else CoordinationRequest._meta.get_field(name).verbose_name
            )
            for name in names
        ]
        return _("Đã sửa: %(fields)s") % {"fields": ", ".join(labels)}


@transaction.atomic
def send_request(
    *,
    request: CoordinationRequest,
    by: User,
    expected_version: int | None = None,
    today: datetime.date | None = None,
    acknowledge_uncleared: bool = False,
) -> CoordinationRequest:
    """Send a draft: every recipient gets its due date (working days; a
    one-way notice gets none); the recipients' groups and the oversight groups
    (standing committee, office) of every ward involved get the view
    permission. A classified request to an organisation none of whose leaders
    is cleared for it is sent only once the sender has acknowledged the
    warning (``acknowledge_uncleared``); the standing committee sees it
    flagged."""
    request = lock_request(request.pk)
    if not is_sender_actor(by, request):
        raise NotAllowed(_("Chỉ bên đề nghị được gửi đề nghị."))
    if request.status != Status.DRAFT:
        raise TransitionError(
            _("Đề nghị đang ở trạng thái “%(state)s”, không gửi được nữa.")
            % {"state": request.get_status_display()}
        )
    check_version(request, expected_version)
    recipients = list(request.recipients.select_related("organization__group"))
    if not recipients:
        raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
    check_scope(request.sender, [r.organization for r in recipients])
    uncleared = uncleared_recipients(request, recipients)
    if uncleared and not acknowledge_uncleared:
        raise UnclearedRecipients(uncleared_warning(request, uncleared))
    today = today or timezone.localdate()
    one_way = request.kind in CoordinationRequest.ONE_WAY_KINDS
    due = None if one_way else add_working_days(today, request.response_days)
    request.status = Status.OPEN
    request.sent_at = timezone.now()
    request.due_date = due
    request.version += 1
    request._history_user = by
    request.save()
    event = record_event(
        request=request,
        actor=by,
        action="send",
        from_state=Status.DRAFT,
        to_state=Status.OPEN,
    )
    # The standing committee and office of each ward involved oversee it.
    oversight = {g.pk: g for g in oversight_groups(request.sender)}
    for recipient in recipients:
        for group in oversight_groups(recipient.organization):
            oversight.setdefault(group.pk, group)
    for group in oversight.values():
        assign_perm(VIEW_PERM, group, request)
    for recipient in recipients:
        recipient.state = State.SENT
        recipient.due_date = due
        recipient.version += 1
        recipient._history_user = by
        recipient.save()
        assign_perm(VIEW_PERM, recipient.organization.group, request)
        record_event(
            request=request,
            recipient=recipient,
            actor=by,
            action="send",
            from_state=State.DRAFT,
            to_state=State.SENT,
        )
    notify_event(
        request=request,
        event=event,
        users=org_leaders(
            [r.organization_id for r in recipients], clearance=request.confidentiality
        ),
        headline=lambda: (
            _("thông báo mới gửi đến đơn vị đồng chí")
            if one_way
            else _("đề nghị mới gửi đến đơn vị đồng chí")
        ),
        actor=by,
        extra=lambda: (
            _("Thông báo không cần trả lời.")
            if one_way
            else _("Hạn trả lời: %(date)s.") % {"date": due.strftime("%d/%m/%Y")}
        ),
    )
    return request


class UnclearedRecipients(TransitionError):
    """A classified request would go to an organisation where nobody who acts
    for it may open it; the sender must acknowledge first."""


def uncleared_warning(request: CoordinationRequest, uncleared) -> str:
    return _(
        "%(orgs)s không có lãnh đạo (bí thư, phó bí thư, đầu mối) được tiếp cận tài "
        "liệu %(level)s: đơn vị sẽ không mở được đề nghị này cho đến khi có người "
        "được cấp quyền. Thường trực sẽ thấy đề nghị được đánh dấu."
    ) % {
        "orgs": ", ".join(r.organization.name for r in uncleared),
        "level": request.get_confidentiality_display(),
    }


def mark_read(*, recipient: RequestRecipient, by: User) -> bool:
    """Read receipt: the first time someone who acts for (or prepares for) a
    recipient organisation opens the request, who and when is recorded. A
    one-way notice needs nothing more: reading it ends that recipient's part
    (its event says so and the sender is told). Returns True if recorded."""
    if recipient.read_at is not None or recipient.state == State.DRAFT:
        return False
    if recipient.organization_id not in drafting_org_ids(by):
        return False
    return _record_read(recipient=recipient, by=by)


@transaction.atomic
def _record_read(*, recipient: RequestRecipient, by: User) -> bool:
    request = lock_request(recipient.request_id)
    recipient = RequestRecipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.read_at is not None:
        return False
    recipient.read_at = timezone.now()
    recipient.read_by = by
    recipient._history_user = by
    if request.kind not in CoordinationRequest.ONE_WAY_KINDS or (
        recipient.state != State.SENT
    ):
        recipient.save(update_fields=["read_at", "read_by"])
        return True
    recipient.closed_at = recipient.read_at
    event = move_recipient(
        request=request, recipient=recipient, by=by, action="read", target=State.CLOSED
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
        headline=lambda: (
            _("%(org)s đã đọc thông báo") % {"org": recipient.organization.name}
        ),
        actor=by,
    )
    return True


@transaction.atomic
def withdraw_request(
    *,
    request: CoordinationRequest,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> CoordinationRequest:
    """The sender withdraws the request, only before any recipient answered."""
    request = lock_request(request.pk)
    if not is_sender_actor(by, request):
        raise NotAllowed(_("Chỉ bên đề nghị được rút đề nghị."))
    if request.status not in (Status.DRAFT, Status.OPEN):
        raise TransitionError(
            _("Đề nghị đang ở trạng thái “%(state)s”, không rút được.")
            % {"state": request.get_status_display()}
        )
    check_version(request, expected_version)
    recipients = list(request.recipients.all())
    if any(r.state not in WITHDRAWABLE_STATES for r in recipients):
        raise TransitionError(
            _("Không rút được: đã có đơn vị trả lời hoặc đang họp làm việc.")
        )
    old = request.status
    request.status = Status.WITHDRAWN
    request.closed_at = timezone.now()
    request.version += 1
    request._history_user = by
    request.save()
    event = record_event(
        request=request,
        actor=by,
        action="withdraw",
        from_state=old,
        to_state=Status.WITHDRAWN,
        comment=comment,
    )
    notified = []
    for recipient in recipients:
        if recipient.state in (State.SENT, State.RECEIVED, State.RETURNED):
            notified.append(recipient.organization_id)
        recipient_old = recipient.state
        recipient.state = State.WITHDRAWN
        recipient.closed_at = request.closed_at
        recipient.version += 1
        recipient._history_user = by
        recipient.save()
        record_event(
            request=request,
            recipient=recipient,
            actor=by,
            action="withdraw",
            from_state=recipient_old,
            to_state=State.WITHDRAWN,
            comment=comment,
        )
    if notified:
        notify_event(
            request=request,
            event=event,
            users=org_leaders(notified, clearance=request.confidentiality),
            headline=lambda: _("bên đề nghị đã rút đề nghị"),
            actor=by,
        )
    return request
