"""The coordination-request workflow as data, who may act, and the shared
helpers of its transitions (lock, event row, notification, attachments).
The transitions themselves are in ``coordination.services_requests``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from . import uploads
from .models import (
    CoordinationRequest,
    Membership,
    RequestAnswer,
    RequestAttachment,
    RequestEvent,
    RequestRecipient,
)
from .permissions import acting_org_ids, standing_org_ids
from .services import notify

State = RequestRecipient.State
Status = CoordinationRequest.Status
VIEW_PERM = "coordination.view_coordinationrequest"


class TransitionError(Exception):
    """The transition is not possible now (state, stale form, bad input)."""


class NotAllowed(TransitionError):
    """The user holds no position that allows this transition."""


# --- The workflow as data (the README's table is workflow_table()) -------------------------

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
            "position",
            gettext_lazy("Ghi ý kiến của bên mình"),
            (State.ESCALATED,),
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


def workflow_table() -> list[str]:
    """The workflow as Markdown table rows (the README's table; a test keeps them equal)."""
    who = {
        SENDER: "sender side",
        RECIPIENT: "receiving side",
        STANDING: "standing committee",
    }
    rows = ["| action | from | to | who | note |", "|---|---|---|---|---|"]
    for scope, transitions in (
        ("request", REQUEST_TRANSITIONS),
        ("recipient", RECIPIENT_TRANSITIONS),
    ):
        for t in transitions.values():
            with translation.override("vi"):
                label = str(t.label)
            target = t.target
            if t.action == "meeting-outcome":
                target = f"{State.AGREED} / {State.NOT_AGREED}"
            note = "important/complex only" if t.important_only else ""
            rows.append(
                f"| {label} (`{t.action}`, {scope}) | {', '.join(t.sources)} "
                f"| {target} | {', '.join(who[s] for s in t.sides)} | {note} |"
            )
    return rows


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
    """Members of the standing committee of the request's ward."""
    ids = (
        Membership.objects.current()
        .filter(
            organization_id__in=standing_org_ids(request), organization__is_active=True
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
    headline: str | Callable[[], str],
    actor: User,
    extra: str | Callable[[], str] = "",
) -> None:
    """Notify ``users`` (never the actor) of one event, in Vietnamese
    (``headline``/``extra`` may be callables, evaluated in Vietnamese).
    Classified requests show only their placeholder: no subject, no content,
    no comment."""
    # A user who leads both sides (or also sits on the standing committee) is
    # notified once.
    users = list({u.pk: u for u in users if u.pk != actor.pk}.values())
    if not users:
        return
    # Notifications and e-mails are in Vietnamese whatever the actor's language.
    with translation.override(settings.LANGUAGE_CODE):
        _notify_now(
            request=request,
            event=event,
            users=users,
            headline=str(headline() if callable(headline) else headline),
            actor=actor,
            extra=str(extra() if callable(extra) else extra),
        )


def _notify_now(*, request, event, users, headline, actor, extra) -> None:
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
