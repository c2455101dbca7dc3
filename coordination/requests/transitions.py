"""Each recipient's thread of a coordination request: one function per
transition of ``workflow.RECIPIENT_TRANSITIONS`` (the table names it). Each
locks the request, checks role, priority, state and version
(``workflow.begin_transition``), changes state, writes a ``RequestEvent`` and
notifies the people concerned after commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..workdays import add_working_days
from .models import (
    CoordinationRequest,
    Direction,
    RequestAnswer,
    RequestRecipient,
    WorkingMeeting,
)
from .notify import (
    due_text,
    notify_event,
    recipient_users,
    sender_users,
    standing_committee_users,
)
from .services import save_attachments
from .workflow import (
    RECIPIENT,
    SENDER,
    State,
    TransitionError,
    begin_transition,
    move_recipient,
    user_sides,
)


@transaction.atomic
def receive_request(
    *,
    recipient: RequestRecipient,
    by: User,
    comment: str = "",
    expected_version: int | None = None,
) -> RequestRecipient:
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="receive", expected_version=expected_version
    )
    recipient.received_at = timezone.now()
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
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
    request, recipient, t = begin_transition(
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
    save_attachments(request=request, files=files, by=by, answer=answer)
    event = move_recipient(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
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
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="return", expected_version=expected_version
    )
    if not comment.strip():
        raise TransitionError(_("Xin ghi rõ thông tin còn thiếu."))
    recipient.closed_at = timezone.now()
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request),
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
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="resend", expected_version=expected_version
    )
    today = today or timezone.localdate()
    recipient.due_date = add_working_days(today, request.response_days)
    recipient.closed_at = None
    recipient.received_at = None
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=recipient_users(request, recipient),
        headline=lambda: _("bên đề nghị đã bổ sung và gửi lại"),
        actor=by,
        extra=lambda: due_text(recipient),
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
    request, recipient, t = begin_transition(
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
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=_("Họp lúc %(when)s tại %(place)s") % {"when": when, "place": place},
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request) + recipient_users(request, recipient),
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
    request, recipient, t = begin_transition(
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
    if timezone.now() < meeting.starts_at:
        raise TransitionError(
            _(
                "Cuộc họp làm việc bắt đầu lúc %(when)s: chỉ ghi được kết quả sau khi "
                "đã họp."
            )
            % {"when": timezone.localtime(meeting.starts_at).strftime("%H:%M %d/%m/%Y")}
        )
    meeting.minutes = minutes
    meeting.outcome = (
        WorkingMeeting.Outcome.AGREED if agreed else WorkingMeeting.Outcome.NOT_AGREED
    )
    meeting._history_user = by
    meeting.save()
    target = State.AGREED if agreed else State.NOT_AGREED
    event = move_recipient(
        request=request, recipient=recipient, by=by, action=t.action, target=target
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request) + recipient_users(request, recipient),
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
        + sender_users(request)
        + recipient_users(request, recipient)
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
    request, recipient, t = begin_transition(
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
    event = move_recipient(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    notify_event(
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
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="position", expected_version=expected_version
    )
    if not position.strip():
        raise TransitionError(_("Xin ghi ý kiến của bên đồng chí."))
    own = _own_positions(by, recipient, position, position)
    for name, text in own.items():
        setattr(recipient, name, text)
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=position.strip(),
    )
    notify_event(
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
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="direct", expected_version=expected_version
    )
    if not text.strip():
        raise TransitionError(_("Xin nhập ý kiến chỉ đạo."))
    direction = Direction(recipient=recipient, text=text, given_by=by)
    direction._history_user = by
    direction.save()
    event = move_recipient(
        request=request, recipient=recipient, by=by, action=t.action, target=t.target
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request) + recipient_users(request, recipient),
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
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="close", expected_version=expected_version
    )
    recipient.closed_at = timezone.now()
    event = move_recipient(
        request=request,
        recipient=recipient,
        by=by,
        action=t.action,
        target=t.target,
        comment=comment,
    )
    notify_event(
        request=request,
        event=event,
        users=sender_users(request) + recipient_users(request, recipient),
        headline=lambda: _("đã kết thúc"),
        actor=by,
    )
    return recipient
