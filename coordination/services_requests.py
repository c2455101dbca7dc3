"""Coordination requests: every state change is one function here.

Each transition checks the actor's role and the current state, locks the
request row (``select_for_update``), changes state, writes a ``RequestEvent``
and writes notifications/e-mails to the outbox, which is sent after commit
(``services.notify``). An illegal transition raises ``TransitionError`` with a
Vietnamese message and changes nothing.
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

from .models import (
    CoordinationRequest,
    Direction,
    Organization,
    RequestAnswer,
    RequestRecipient,
    WorkingMeeting,
)
from .permissions import acting_org_ids
from .request_workflow import (  # noqa: F401 - re-exported for views and tests
    RECIPIENT,
    RECIPIENT_TRANSITIONS,
    REQUEST_TRANSITIONS,
    SENDER,
    SIDE_LABELS,
    VIEW_PERM,
    WITHDRAWABLE_STATES,
    NotAllowed,
    State,
    Status,
    Transition,
    TransitionError,
    _begin,
    _check_version,
    _due_text,
    _event,
    _lock,
    _move,
    _notify,
    _recipient_users,
    _save_attachments,
    _sender_users,
    available_actions,
    can_act,
    is_sender_actor,
    org_leaders,
    standing_committee_users,
    user_sides,
)
from .services import oversight_groups
from .workdays import add_working_days

# --- Drafts and sending --------------------------------------------------------------------


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
) -> CoordinationRequest:
    """Create a draft (and send it at once with ``send=True``)."""
    if sender.pk not in acting_org_ids(by):
        raise NotAllowed(_("Bạn không có chức vụ để gửi đề nghị thay mặt đơn vị này."))
    if confidentiality > by.clearance:
        raise TransitionError(_("Bạn không được tiếp cận tài liệu ở độ mật đã chọn."))
    recipients = [r for r in recipients if r.pk != sender.pk]
    if not recipients:
        raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
    request = CoordinationRequest(
        sender=sender,
        created_by=by,
        subject=subject,
        content=content,
        kind=kind,
        priority=priority,
        confidentiality=confidentiality,
        response_days=response_days,
        area=area,
    )
    request._history_user = by
    request.save()
    request.provisions.set(list(provisions))
    RequestRecipient.objects.bulk_create(
        [RequestRecipient(request=request, organization=org) for org in recipients]
    )
    assign_perm(VIEW_PERM, sender.group, request)
    _save_attachments(request=request, files=files, by=by)
    _event(
        request=request,
        actor=by,
        action="create",
        from_state="",
        to_state=Status.DRAFT,
    )
    if send:
        send_request(request=request, by=by)
        request.refresh_from_db()
    return request


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
    request = _lock(request.pk)
    if not is_sender_actor(by, request):
        raise NotAllowed(_("Chỉ bên đề nghị được sửa dự thảo."))
    if request.status != Status.DRAFT:
        raise TransitionError(_("Chỉ sửa được đề nghị còn ở trạng thái dự thảo."))
    _check_version(request, expected_version)
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
    changed = []
    for name, value in fields.items():
        if name in editable and getattr(request, name) != value:
            changed.append(name)
            setattr(request, name, value)
    request.version += 1
    request._history_user = by
    request.save()
    if provisions is not None:
        provisions = list(provisions)
        if {p.pk for p in provisions} != set(
            request.provisions.values_list("pk", flat=True)
        ):
            changed.append("provisions")
        request.provisions.set(provisions)
    if recipients is not None:
        wanted = {o.pk for o in recipients if o.pk != request.sender_id}
        if not wanted:
            raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
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
    if _save_attachments(request=request, files=files, by=by):
        changed.append("attachments")
    _event(
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
) -> CoordinationRequest:
    """Send a draft: every recipient gets its due date (working days); the
    recipients' groups and the oversight groups (standing committee, office) of
    every ward involved get the view permission."""
    request = _lock(request.pk)
    if not is_sender_actor(by, request):
        raise NotAllowed(_("Chỉ bên đề nghị được gửi đề nghị."))
    if request.status != Status.DRAFT:
        raise TransitionError(
            _("Đề nghị đang ở trạng thái “%(state)s”, không gửi được nữa.")
            % {"state": request.get_status_display()}
        )
    _check_version(request, expected_version)
    recipients = list(request.recipients.select_related("organization__group"))
    if not recipients:
        raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
    today = today or timezone.localdate()
    due = add_working_days(today, request.response_days)
    request.status = Status.OPEN
    request.sent_at = timezone.now()
    request.due_date = due
    request.version += 1
    request._history_user = by
    request.save()
    event = _event(
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
        _event(
            request=request,
            recipient=recipient,
            actor=by,
            action="send",
            from_state=State.DRAFT,
            to_state=State.SENT,
        )
    _notify(
        request=request,
        event=event,
        users=org_leaders(
            [r.organization_id for r in recipients], clearance=request.confidentiality
        ),
        headline=lambda: _("đề nghị mới gửi đến đơn vị đồng chí"),
        actor=by,
        extra=lambda: _("Hạn trả lời: %(date)s.") % {"date": due.strftime("%d/%m/%Y")},
    )
    return request


@transaction.atomic
def withdraw_request(
    *,
    request: CoordinationRequest,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> CoordinationRequest:
    """The sender withdraws the request, only before any recipient answered."""
    request = _lock(request.pk)
    if not is_sender_actor(by, request):
        raise NotAllowed(_("Chỉ bên đề nghị được rút đề nghị."))
    if request.status not in (Status.DRAFT, Status.OPEN):
        raise TransitionError(
            _("Đề nghị đang ở trạng thái “%(state)s”, không rút được.")
            % {"state": request.get_status_display()}
        )
    _check_version(request, expected_version)
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
    event = _event(
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
        _event(
            request=request,
            recipient=recipient,
            actor=by,
            action="withdraw",
            from_state=recipient_old,
            to_state=State.WITHDRAWN,
            comment=comment,
        )
    if notified:
        _notify(
            request=request,
            event=event,
            users=org_leaders(notified, clearance=request.confidentiality),
            headline=lambda: _("bên đề nghị đã rút đề nghị"),
            actor=by,
        )
    return request


@transaction.atomic
def receive_request(
    *, recipient: RequestRecipient, by: User, expected_version: int | None = None
) -> RequestRecipient:
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="receive", expected_version=expected_version
    )
    recipient.received_at = timezone.now()
    event = _move(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request),
        headline=lambda: (
            _("%(org)s đã tiếp nhận") % {"org": recipient.organization.name}
        ),
        actor=by,
    )
    return recipient


@transaction.atomic
def answer_request(
    *,
    recipient: RequestRecipient,
    by: User,
    body: str,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
) -> RequestAnswer:
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="answer", expected_version=expected_version
    )
    if not body.strip():
        raise TransitionError(_("Xin nhập nội dung trả lời."))
    now = timezone.now()
    recipient.received_at = recipient.received_at or now
    recipient.answered_at = now
    answer = RequestAnswer(
        recipient=recipient,
        organization=recipient.organization,
        author=by,
        body=body,
    )
    answer._history_user = by
    answer.save()
    _save_attachments(request=request, files=files, by=by, answer=answer)
    event = _move(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request),
        headline=lambda: _("%(org)s đã trả lời") % {"org": recipient.organization.name},
        actor=by,
    )
    return answer


@transaction.atomic
def return_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str,
    expected_version: int | None = None,
) -> RequestRecipient:
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="return", expected_version=expected_version
    )
    if not comment.strip():
        raise TransitionError(_("Xin ghi rõ thông tin còn thiếu."))
    recipient.closed_at = timezone.now()
    event = _move(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request),
        headline=lambda: (
            _("%(org)s trả lại vì chưa đủ thông tin")
            % {"org": recipient.organization.name}
        ),
        actor=by,
    )
    return recipient


@transaction.atomic
def resend_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> RequestRecipient:
    """After a return, the sender completes the information and sends again:
    a new deadline is counted from today."""
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="resend", expected_version=expected_version
    )
    today = today or timezone.localdate()
    recipient.due_date = add_working_days(today, request.response_days)
    recipient.closed_at = None
    recipient.received_at = None
    event = _move(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    _notify(
        request=request,
        event=event,
        users=_recipient_users(request, recipient),
        headline=lambda: _("bên đề nghị đã bổ sung và gửi lại"),
        actor=by,
        extra=lambda: _due_text(recipient),
    )
    return recipient


@transaction.atomic
def schedule_meeting(
    *,
    recipient: RequestRecipient,
    by: User,
    starts_at: datetime.datetime,
    place: str,
    sender_participants: str,
    recipient_participants: str,
    expected_version: int | None = None,
) -> WorkingMeeting:
    request, recipient, t = _begin(
        recipient=recipient,
        by=by,
        action="schedule-meeting",
        expected_version=expected_version,
    )
    meeting = WorkingMeeting(
        recipient=recipient,
        starts_at=starts_at,
        place=place,
        sender_participants=sender_participants,
        recipient_participants=recipient_participants,
        created_by=by,
    )
    meeting._history_user = by
    meeting.save()
    when = timezone.localtime(starts_at).strftime("%H:%M %d/%m/%Y")
    event = _move(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=_("Họp lúc %(when)s tại %(place)s") % {"when": when, "place": place},
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request) + _recipient_users(request, recipient),
        headline=lambda: _("hẹn họp làm việc lúc %(when)s") % {"when": when},
        actor=by,
    )
    return meeting


@transaction.atomic
def record_meeting_outcome(
    *,
    recipient: RequestRecipient,
    by: User,
    agreed: bool,
    minutes: str,
    expected_version: int | None = None,
) -> WorkingMeeting:
    request, recipient, t = _begin(
        recipient=recipient,
        by=by,
        action="meeting-outcome",
        expected_version=expected_version,
    )
    if not minutes.strip():
        raise TransitionError(_("Xin ghi biên bản cuộc họp."))
    meeting = recipient.meetings.order_by("-starts_at", "-pk").first()
    if meeting is None:  # pragma: no cover - schedule_meeting always creates one
        raise TransitionError(_("Chưa có cuộc họp làm việc."))
    meeting.minutes = minutes
    meeting.outcome = (
        WorkingMeeting.Outcome.AGREED if agreed else WorkingMeeting.Outcome.NOT_AGREED
    )
    meeting._history_user = by
    meeting.save()
    target = State.AGREED if agreed else State.NOT_AGREED
    event = _move(
        request=request, recipient=recipient, by=by, action=t.action, target=target
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request) + _recipient_users(request, recipient),
        headline=lambda: (
            _("kết quả họp làm việc: %(outcome)s")
            % {"outcome": meeting.get_outcome_display()}
        ),
        actor=by,
    )
    return meeting


def _own_positions(
    by: User, recipient: RequestRecipient, sender_position: str, recipient_position: str
) -> dict[str, str]:
    """The position fields the actor may write: each side writes its own; a
    side's text left empty keeps what that side already recorded."""
    sides = user_sides(by, recipient)
    given = {SENDER: sender_position.strip(), RECIPIENT: recipient_position.strip()}
    field = {SENDER: "sender_position", RECIPIENT: "recipient_position"}
    return {field[side]: given[side] for side in (SENDER, RECIPIENT) if side in sides}


def _standing_and_both_sides(
    request: CoordinationRequest, recipient: RequestRecipient
) -> list[User]:
    return (
        standing_committee_users(request, clearance=request.confidentiality)
        + _sender_users(request)
        + _recipient_users(request, recipient)
    )


@transaction.atomic
def escalate_request(
    *,
    recipient: RequestRecipient,
    by: User,
    sender_position: str = "",
    recipient_position: str = "",
    expected_version: int | None = None,
) -> RequestRecipient:
    """Not agreed: both sides report to the standing committee, each with its
    own position. The side that escalates writes its position (required); the
    other side's text, if given, is kept only as a summary until that side
    records its own (``record_position``), and that side is asked to."""
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="escalate", expected_version=expected_version
    )
    own = _own_positions(by, recipient, sender_position, recipient_position)
    if not any(own.values()):
        raise TransitionError(_("Xin ghi ý kiến của bên đồng chí."))
    if "sender_position" not in own:
        recipient.sender_position = sender_position.strip()
    if "recipient_position" not in own:
        recipient.recipient_position = recipient_position.strip()
    for name, text in own.items():
        setattr(recipient, name, text)
    event = _move(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    _notify(
        request=request,
        event=event,
        users=_standing_and_both_sides(request, recipient),
        headline=lambda: _("hai bên chưa thống nhất, báo cáo xin ý kiến chỉ đạo"),
        actor=by,
        extra=lambda: _(
            "Bên chưa ghi ý kiến của mình xin ghi ngay trên trang đề nghị "
            "(“Ghi ý kiến của bên mình”)."
        ),
    )
    return recipient


@transaction.atomic
def record_position(
    *,
    recipient: RequestRecipient,
    by: User,
    position: str,
    expected_version: int | None = None,
) -> RequestRecipient:
    """After escalation, a side records (or corrects) its own position for the
    standing committee; the state stays escalated, the event is kept."""
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="position", expected_version=expected_version
    )
    if not position.strip():
        raise TransitionError(_("Xin ghi ý kiến của bên đồng chí."))
    own = _own_positions(by, recipient, position, position)
    for name, text in own.items():
        setattr(recipient, name, text)
    event = _move(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=position.strip(),
    )
    _notify(
        request=request,
        event=event,
        users=_standing_and_both_sides(request, recipient),
        headline=lambda: _("một bên đã ghi ý kiến để báo cáo Thường trực"),
        actor=by,
    )
    return recipient


@transaction.atomic
def direct_request(
    *,
    recipient: RequestRecipient,
    by: User,
    text: str,
    expected_version: int | None = None,
) -> Direction:
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="direct", expected_version=expected_version
    )
    if not text.strip():
        raise TransitionError(_("Xin nhập ý kiến chỉ đạo."))
    direction = Direction(recipient=recipient, text=text, given_by=by)
    direction._history_user = by
    direction.save()
    event = _move(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request) + _recipient_users(request, recipient),
        headline=lambda: _("Thường trực đã có ý kiến chỉ đạo"),
        actor=by,
    )
    return direction


@transaction.atomic
def close_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> RequestRecipient:
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="close", expected_version=expected_version
    )
    recipient.closed_at = timezone.now()
    event = _move(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    _notify(
        request=request,
        event=event,
        users=_sender_users(request) + _recipient_users(request, recipient),
        headline=lambda: _("đã kết thúc"),
        actor=by,
    )
    return recipient
