"""The branch for important, complex matters (ward Điều 10.2): a working
meeting, its outcome, and when the sides do not agree, escalation to the
standing committee with each side's own position, and its direction. Each
function is one transition of ``workflow.RECIPIENT_TRANSITIONS``."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import (
    CoordinationRequest,
    Direction,
    RequestRecipient,
    WorkingMeeting,
)
from .notify import (
    notify_event,
    recipient_users,
    sender_users,
    standing_committee_users,
)
from .selectors import joint_report_required, sides_without_own_position
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
    # The other side's text is only the escalating side's summary of it.
    if "sender_position" not in own:
        recipient.sender_position = sender_position.strip()
        recipient.sender_position_is_summary = bool(recipient.sender_position)
    if "recipient_position" not in own:
        recipient.recipient_position = recipient_position.strip()
        recipient.recipient_position_is_summary = bool(recipient.recipient_position)
    for name, text in own.items():
        setattr(recipient, name, text)
        setattr(recipient, f"{name}_is_summary", False)
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
        setattr(recipient, f"{name}_is_summary", False)
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
    proceed_reason: str = "",
    expected_version: int | None = None,
) -> Direction:
    """The standing committee directs. Under a regulation whose escalation is
    a joint report, it waits for both sides' own positions unless the member
    records why it proceeds without one (``proceed_reason``)."""
    request, recipient, t = begin_transition(
        recipient=recipient, by=by, action="direct", expected_version=expected_version
    )
    if not text.strip():
        raise TransitionError(_("Xin nhập ý kiến chỉ đạo."))
    missing = sides_without_own_position(recipient)
    proceed_reason = proceed_reason.strip()
    if missing and not proceed_reason and joint_report_required(request):
        raise TransitionError(
            _(
                "Theo quy chế, hai bên cùng báo cáo: còn chờ ý kiến của %(sides)s. "
                "Nếu vẫn cho ý kiến chỉ đạo, xin ghi rõ lý do."
            )
            % {"sides": ", ".join(missing)}
        )
    direction = Direction(
        recipient=recipient,
        text=text,
        proceed_reason=proceed_reason if missing else "",
        given_by=by,
    )
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
