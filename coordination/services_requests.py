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
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm

from accounts.models import User

from . import uploads
from .models import (
    CoordinationRequest,
    Direction,
    Membership,
    Organization,
    RequestAnswer,
    RequestAttachment,
    RequestEvent,
    RequestRecipient,
    WorkingMeeting,
)
from .permissions import acting_org_ids, standing_org_ids
from .services import notify, oversight_groups
from .workdays import add_working_days

State = RequestRecipient.State
Status = CoordinationRequest.Status
VIEW_PERM = "coordination.view_coordinationrequest"


class TransitionError(Exception):
    """The transition is not possible now (state, stale form, bad input)."""


class NotAllowed(TransitionError):
    """The user holds no position that allows this transition."""


# --- The workflow as data (README table is generated from this) -------------------------

SENDER, RECIPIENT, STANDING = "sender", "recipient", "standing"
SIDE_LABELS = {
    SENDER: gettext_lazy("Bên đề nghị (Bí thư, Phó Bí thư, đầu mối)"),
    RECIPIENT: gettext_lazy("Bên nhận (Bí thư, Phó Bí thư, đầu mối)"),
    STANDING: gettext_lazy("Thường trực / Ban Thường vụ"),
}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    sides: tuple[str, ...]
    important_only: bool = False


RECIPIENT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "receive",
            gettext_lazy("Tiếp nhận"),
            (State.SENT,),
            State.RECEIVED,
            (RECIPIENT,),
        ),
        Transition(
            "answer",
            gettext_lazy("Trả lời"),
            (State.SENT, State.RECEIVED),
            State.ANSWERED,
            (RECIPIENT,),
        ),
        Transition(
            "return",
            gettext_lazy("Trả lại vì chưa đủ thông tin"),
            (State.SENT, State.RECEIVED),
            State.RETURNED,
            (RECIPIENT,),
        ),
        Transition(
            "resend",
            gettext_lazy("Gửi lại sau khi bổ sung"),
            (State.RETURNED,),
            State.SENT,
            (SENDER,),
        ),
        Transition(
            "schedule-meeting",
            gettext_lazy("Hẹn họp làm việc"),
            (State.RECEIVED, State.ANSWERED),
            State.MEETING_SCHEDULED,
            (SENDER, RECIPIENT),
            important_only=True,
        ),
        Transition(
            "meeting-outcome",
            gettext_lazy("Ghi kết quả họp"),
            (State.MEETING_SCHEDULED,),
            State.AGREED,  # or NOT_AGREED, by the outcome
            (SENDER, RECIPIENT),
            important_only=True,
        ),
        Transition(
            "escalate",
            gettext_lazy("Báo cáo Thường trực xin ý kiến chỉ đạo"),
            (State.NOT_AGREED,),
            State.ESCALATED,
            (SENDER, RECIPIENT),
            important_only=True,
        ),
        Transition(
            "direct",
            gettext_lazy("Ghi ý kiến chỉ đạo"),
            (State.ESCALATED,),
            State.DIRECTED,
            (STANDING,),
            important_only=True,
        ),
        Transition(
            "close",
            gettext_lazy("Kết thúc"),
            (State.ANSWERED, State.AGREED, State.DIRECTED, State.RETURNED),
            State.CLOSED,
            (SENDER, STANDING),
        ),
    ]
}
REQUEST_TRANSITIONS = {
    "send": Transition(
        "send", gettext_lazy("Gửi"), (Status.DRAFT,), Status.OPEN, (SENDER,)
    ),
    "withdraw": Transition(
        "withdraw",
        gettext_lazy("Rút đề nghị"),
        (Status.DRAFT, Status.OPEN),
        Status.WITHDRAWN,
        (SENDER,),
    ),
}
# A request may be withdrawn only while no recipient has answered.
WITHDRAWABLE_STATES = (
    State.DRAFT,
    State.SENT,
    State.RECEIVED,
    State.RETURNED,
    State.WITHDRAWN,
)


# --- Who may act -------------------------------------------------------------------------


def user_sides(user: User, recipient: RequestRecipient) -> set[str]:
    """The sides the user may act for on this recipient row."""
    orgs = acting_org_ids(user)
    sides = set()
    if recipient.request.sender_id in orgs:
        sides.add(SENDER)
    if recipient.organization_id in orgs:
        sides.add(RECIPIENT)
    if orgs & standing_org_ids(recipient.request):
        sides.add(STANDING)
    return sides


def can_act(user: User, recipient: RequestRecipient, action: str) -> bool:
    transition = RECIPIENT_TRANSITIONS[action]
    return bool(user_sides(user, recipient) & set(transition.sides))


def is_sender_actor(user: User, request: CoordinationRequest) -> bool:
    return request.sender_id in acting_org_ids(user)


def available_actions(user: User, recipient: RequestRecipient) -> list[Transition]:
    """Transitions this user may take on this recipient row now (for buttons)."""
    sides = user_sides(user, recipient)
    important = recipient.request.priority == CoordinationRequest.Priority.IMPORTANT
    return [
        t
        for t in RECIPIENT_TRANSITIONS.values()
        if recipient.state in t.sources
        and sides & set(t.sides)
        and (important or not t.important_only)
    ]


# --- Helpers ------------------------------------------------------------------------------


def _lock(request_id: int) -> CoordinationRequest:
    return (
        CoordinationRequest.objects.select_for_update()
        .select_related("sender")
        .get(pk=request_id)
    )


def _event(
    *,
    request: CoordinationRequest,
    actor: User,
    action: str,
    from_state: str,
    to_state: str,
    recipient: RequestRecipient | None = None,
    comment: str = "",
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        recipient=recipient,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and int(expected) != obj.version:
        raise TransitionError(
            _(
                "Đề nghị vừa được người khác cập nhật. Xin tải lại trang và "
                "thực hiện lại nếu vẫn cần."
            )
        )


def org_leaders(org_ids: Iterable[int], *, clearance: int = 0) -> list[User]:
    """Users to notify for an organisation: current secretaries, deputies and
    focal points, cleared for the request's level."""
    ids = (
        Membership.objects.current()
        .filter(organization_id__in=list(org_ids), organization__is_active=True)
        .filter(Q(position__in=Membership.LEADERSHIP) | Q(is_focal_point=True))
        .values("user_id")
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True, clearance__gte=clearance)
    )


def standing_committee_users(
    request: CoordinationRequest, *, clearance: int = 0
) -> list[User]:
    """Members of the standing committee of the request's ward, and the ward
    committee's secretary and deputies."""
    kind = Organization.Kind
    ids = (
        Membership.objects.current()
        .filter(
            organization_id__in=standing_org_ids(request), organization__is_active=True
        )
        .filter(
            Q(organization__kind=kind.STANDING_COMMITTEE)
            | Q(position__in=Membership.LEADERSHIP)
        )
        .values("user_id")
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True, clearance__gte=clearance)
    )


def _notify(
    *,
    request: CoordinationRequest,
    event: RequestEvent,
    users: Iterable[User],
    headline: str,
    actor: User,
    extra: str = "",
) -> None:
    """Notify ``users`` (never the actor) of one event. Classified requests
    show only their placeholder: no subject, no content, no comment."""
    users = [u for u in users if u.pk != actor.pk]
    if not users:
        return
    title = f"[{_('Đề nghị phối hợp')}] {request.safe_title}: {headline}"
    lines = [
        _("Đề nghị phối hợp %(ref)s của %(org)s: %(headline)s.")
        % {"ref": request.reference, "org": request.sender.name, "headline": headline},
        _("Người thực hiện: %(name)s, lúc %(time)s.")
        % {
            "name": actor.get_full_name(),
            "time": timezone.localtime(event.created_at).strftime("%H:%M %d/%m/%Y"),
        },
    ]
    if extra:
        lines.append(extra)
    if not request.is_classified and event.comment:
        lines.append(_("Ghi chú: %(comment)s") % {"comment": event.comment})
    if request.is_classified:
        lines.append(
            _("Nội dung văn bản mật chỉ xem được trong hệ thống, không gửi qua thư.")
        )
    notify(
        users=users,
        title=title[:255],
        body="\n".join(lines),
        url=request.get_absolute_url(),
        dedup_key=f"request-event:{event.pk}",
    )


def _due_text(recipient: RequestRecipient) -> str:
    if recipient.due_date is None:
        return ""
    return _("Hạn trả lời: %(date)s.") % {
        "date": recipient.due_date.strftime("%d/%m/%Y")
    }


def _refresh_request_status(request: CoordinationRequest) -> None:
    """A request whose recipients are all finished is closed."""
    if request.status != Status.OPEN:
        return
    states = set(request.recipients.values_list("state", flat=True))
    if states and states <= set(RequestRecipient.TERMINAL):
        request.status = Status.CLOSED
        request.closed_at = timezone.now()
        request.version += 1
        request.save(update_fields=["status", "closed_at", "version", "updated_at"])


def _save_attachments(
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
    for name, value in fields.items():
        if name in editable:
            setattr(request, name, value)
    request.version += 1
    request._history_user = by
    request.save()
    if provisions is not None:
        request.provisions.set(list(provisions))
    if recipients is not None:
        wanted = {o.pk for o in recipients if o.pk != request.sender_id}
        if not wanted:
            raise TransitionError(_("Xin chọn ít nhất một đơn vị nhận."))
        request.recipients.exclude(organization_id__in=wanted).delete()
        have = set(request.recipients.values_list("organization_id", flat=True))
        RequestRecipient.objects.bulk_create(
            [
                RequestRecipient(request=request, organization_id=pk)
                for pk in wanted - have
            ]
        )
    _save_attachments(request=request, files=files, by=by)
    _event(
        request=request,
        actor=by,
        action="edit",
        from_state=Status.DRAFT,
        to_state=Status.DRAFT,
    )
    return request


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
        headline=_("đề nghị mới gửi đến đơn vị đồng chí"),
        actor=by,
        extra=_("Hạn trả lời: %(date)s.") % {"date": due.strftime("%d/%m/%Y")},
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
            headline=_("bên đề nghị đã rút đề nghị"),
            actor=by,
        )
    return request


# --- Recipient transitions -------------------------------------------------------------------


def _begin(
    *,
    recipient: RequestRecipient,
    by: User,
    action: str,
    expected_version: int | None,
) -> tuple[CoordinationRequest, RequestRecipient, Transition]:
    """Lock, then check role, priority, state and version, in that order."""
    transition = RECIPIENT_TRANSITIONS[action]
    request = _lock(recipient.request_id)
    recipient = (
        RequestRecipient.objects.select_for_update()
        .select_related("organization")
        .get(pk=recipient.pk)
    )
    recipient.request = request
    if not set(transition.sides) & user_sides(by, recipient):
        raise NotAllowed(
            _("Bạn không có quyền thực hiện thao tác “%(action)s” với đề nghị này.")
            % {"action": transition.label}
        )
    if (
        transition.important_only
        and request.priority != CoordinationRequest.Priority.IMPORTANT
    ):
        raise TransitionError(
            _("Thao tác “%(action)s” chỉ dùng cho việc quan trọng, phức tạp.")
            % {"action": transition.label}
        )
    if request.status != Status.OPEN or recipient.state not in transition.sources:
        raise TransitionError(
            _(
                "Không thể “%(action)s”: đề nghị với %(org)s đang ở trạng thái "
                "“%(state)s”."
            )
            % {
                "action": transition.label,
                "org": recipient.organization.name,
                "state": recipient.get_state_display(),
            }
        )
    _check_version(recipient, expected_version)
    return request, recipient, transition


def _move(
    *,
    request: CoordinationRequest,
    recipient: RequestRecipient,
    by: User,
    action: str,
    target: str,
    comment: str = "",
    fields: Iterable[str] = (),
) -> RequestEvent:
    old = recipient.state
    recipient.state = target
    recipient.version += 1
    recipient._history_user = by
    recipient.save()
    event = _event(
        request=request,
        recipient=recipient,
        actor=by,
        action=action,
        from_state=old,
        to_state=target,
        comment=comment,
    )
    request.version += 1
    request._history_user = by
    request.save(update_fields=["version", "updated_at"])
    if target in RequestRecipient.TERMINAL:
        _refresh_request_status(request)
    return event


def _sender_users(request: CoordinationRequest) -> list[User]:
    return org_leaders([request.sender_id], clearance=request.confidentiality)


def _recipient_users(
    request: CoordinationRequest, recipient: RequestRecipient
) -> list[User]:
    return org_leaders([recipient.organization_id], clearance=request.confidentiality)


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
        headline=_("%(org)s đã tiếp nhận") % {"org": recipient.organization.name},
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
        headline=_("%(org)s đã trả lời") % {"org": recipient.organization.name},
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
        headline=_("%(org)s trả lại vì chưa đủ thông tin")
        % {"org": recipient.organization.name},
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
        headline=_("bên đề nghị đã bổ sung và gửi lại"),
        actor=by,
        extra=_due_text(recipient),
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
        headline=_("hẹn họp làm việc lúc %(when)s") % {"when": when},
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
        headline=_("kết quả họp làm việc: %(outcome)s")
        % {"outcome": meeting.get_outcome_display()},
        actor=by,
    )
    return meeting


@transaction.atomic
def escalate_request(
    *,
    recipient: RequestRecipient,
    by: User,
    sender_position: str,
    recipient_position: str,
    expected_version: int | None = None,
) -> RequestRecipient:
    """Not agreed: both sides report to the standing committee, each with its
    position."""
    request, recipient, t = _begin(
        recipient=recipient, by=by, action="escalate", expected_version=expected_version
    )
    if not sender_position.strip() or not recipient_position.strip():
        raise TransitionError(_("Xin ghi ý kiến của cả hai bên."))
    recipient.sender_position = sender_position
    recipient.recipient_position = recipient_position
    event = _move(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    _notify(
        request=request,
        event=event,
        users=standing_committee_users(request, clearance=request.confidentiality)
        + _sender_users(request)
        + _recipient_users(request, recipient),
        headline=_("hai bên chưa thống nhất, báo cáo xin ý kiến chỉ đạo"),
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
        headline=_("Thường trực đã có ý kiến chỉ đạo"),
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
        headline=_("đã kết thúc"),
        actor=by,
    )
    return recipient


@transaction.atomic
def add_attachments(
    *, request: CoordinationRequest, by: User, files: Iterable[UploadedFile]
) -> list[RequestAttachment]:
    request = _lock(request.pk)
    if not is_sender_actor(by, request) or request.status != Status.DRAFT:
        raise NotAllowed(_("Chỉ bên đề nghị được đính kèm tệp khi còn dự thảo."))
    return _save_attachments(request=request, files=files, by=by)
