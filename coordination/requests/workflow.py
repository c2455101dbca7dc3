"""The coordination-request workflow as data, who may act, and the machinery
every transition shares (lock, checks, state change, event row). The
transitions themselves are ``services`` (drafts, sending, withdrawal) and
``transitions`` (each recipient's thread)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from ..organizations.models import Organization
from ..organizations.services import ward_organizations
from ..permissions import acting_org_ids, standing_org_ids, support_org_ids
from ..validators import parse_int, single_line_error
from .models import CoordinationRequest, RequestEvent, RequestRecipient

State = RequestRecipient.State
Status = CoordinationRequest.Status
VIEW_PERM = "coordination.view_coordinationrequest"


class TransitionError(Exception):
    """The transition is not possible now (state, stale form, bad input)."""


class NotAllowed(TransitionError):
    """The user holds no position that allows this transition."""


# --- The workflow as data (the README's table is workflow_table()) -------------------------

SENDER, RECIPIENT, STANDING = "sender", "recipient", "standing"
# Each side's support staff prepare drafts; its leaders send and sign.
SENDER_STAFF, RECIPIENT_STAFF = "sender_staff", "recipient_staff"
SIDE_LABELS = {
    SENDER: gettext_lazy("Bên đề nghị (Bí thư, Phó Bí thư, đầu mối)"),
    RECIPIENT: gettext_lazy("Bên nhận (Bí thư, Phó Bí thư, đầu mối)"),
    STANDING: gettext_lazy("Thường trực / Ban Thường vụ"),
    SENDER_STAFF: gettext_lazy("Bộ phận giúp việc bên đề nghị"),
    RECIPIENT_STAFF: gettext_lazy("Bộ phận giúp việc bên nhận"),
}
# A transition whose target is UNCHANGED keeps the recipient's state.
UNCHANGED = "="


@dataclass(frozen=True)
class Transition:
    """One row of the workflow. ``service`` names the function that performs
    it as "module.function" in this package (``services`` for the request,
    ``transitions`` for a recipient's thread, ``escalation`` for meetings,
    escalation and direction) and ``form`` the form (in ``forms``) the user
    fills in; the view looks both up here (``service_function``), so a new
    transition is one row plus its function and form."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    sides: tuple[str, ...]
    important_only: bool = False
    service: str = ""
    form: str = "CommentForm"


RECIPIENT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "receive",
            gettext_lazy("Tiếp nhận"),
            (State.SENT,),
            State.RECEIVED,
            (RECIPIENT,),
            service="transitions.receive_request",
            form="CommentForm",
        ),
        Transition(
            "draft-answer",
            gettext_lazy("Soạn dự thảo trả lời"),
            (State.SENT, State.RECEIVED),
            UNCHANGED,
            (RECIPIENT, RECIPIENT_STAFF),
            service="transitions.draft_answer",
            form="AnswerDraftForm",
        ),
        Transition(
            "answer",
            gettext_lazy("Trả lời"),
            (State.SENT, State.RECEIVED),
            State.ANSWERED,
            (RECIPIENT,),
            service="transitions.answer_request",
            form="AnswerForm",
        ),
        Transition(
            "return",
            gettext_lazy("Trả lại vì chưa đủ thông tin"),
            (State.SENT, State.RECEIVED),
            State.RETURNED,
            (RECIPIENT,),
            service="transitions.return_request",
            form="ReturnForm",
        ),
        Transition(
            "resend",
            gettext_lazy("Gửi lại sau khi bổ sung"),
            (State.RETURNED,),
            State.SENT,
            (SENDER,),
            service="transitions.resend_request",
            form="CommentForm",
        ),
        Transition(
            "schedule-meeting",
            gettext_lazy("Hẹn họp làm việc"),
            (State.RECEIVED, State.ANSWERED),
            State.MEETING_SCHEDULED,
            (SENDER, RECIPIENT),
            important_only=True,
            service="escalation.schedule_meeting",
            form="MeetingForm",
        ),
        Transition(
            "meeting-outcome",
            gettext_lazy("Ghi kết quả họp"),
            (State.MEETING_SCHEDULED,),
            State.AGREED,  # or NOT_AGREED, by the outcome
            (SENDER, RECIPIENT),
            important_only=True,
            service="escalation.record_meeting_outcome",
            form="MeetingOutcomeForm",
        ),
        Transition(
            "escalate",
            gettext_lazy("Báo cáo Thường trực xin ý kiến chỉ đạo"),
            (State.NOT_AGREED,),
            State.ESCALATED,
            (SENDER, RECIPIENT),
            important_only=True,
            service="escalation.escalate_request",
            form="EscalateForm",
        ),
        Transition(
            "position",
            gettext_lazy("Ghi ý kiến của bên mình"),
            (State.ESCALATED,),
            State.ESCALATED,
            (SENDER, RECIPIENT),
            important_only=True,
            service="escalation.record_position",
            form="PositionForm",
        ),
        Transition(
            "direct",
            gettext_lazy("Ghi ý kiến chỉ đạo"),
            (State.ESCALATED,),
            State.DIRECTED,
            (STANDING,),
            important_only=True,
            service="escalation.direct_request",
            form="DirectionForm",
        ),
        Transition(
            "close",
            gettext_lazy("Kết thúc"),
            (State.ANSWERED, State.AGREED, State.DIRECTED, State.RETURNED),
            State.CLOSED,
            (SENDER, STANDING),
            service="transitions.close_request",
            form="CommentForm",
        ),
    ]
}
REQUEST_TRANSITIONS = {
    "send": Transition(
        "send",
        gettext_lazy("Gửi"),
        (Status.DRAFT,),
        Status.OPEN,
        (SENDER,),
        service="services.send_request",
        form="VersionedForm",
    ),
    "withdraw": Transition(
        "withdraw",
        gettext_lazy("Rút đề nghị"),
        (Status.DRAFT, Status.OPEN),
        Status.WITHDRAWN,
        (SENDER,),
        service="services.withdraw_request",
        form="CommentForm",
    ),
}


def service_function(transition: Transition):
    """The function named by ``transition.service``."""
    module, name = transition.service.split(".")
    return getattr(import_module(f"{__package__}.{module}"), name)


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
        SENDER_STAFF: "sender's support staff",
        RECIPIENT_STAFF: "receiving side's support staff",
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
            if target == UNCHANGED:
                target = "(unchanged)"
            note = "important/complex only" if t.important_only else ""
            rows.append(
                f"| {label} (`{t.action}`, {scope}) | {', '.join(t.sources)} "
                f"| {target} | {', '.join(who[s] for s in t.sides)} | {note} |"
            )
    return rows


# --- Between whom (ward Điều 1, 10.2; province Điều 1, 6.2) -------------------------------


def scope_error(sender: Organization, recipients: Iterable[Organization]) -> str:
    """Why a request may not go from ``sender`` to ``recipients`` ("" if it
    may): a request goes between the two sides of the regulation, inside one
    tree: the police committee on one side, a chi bộ / đảng bộ (huyện ủy,
    thành ủy) on the other. Cell to cell, or to the standing committee, the
    office or the committee itself, is refused."""
    kind = Organization.Kind
    recipients = list(recipients)
    if sender.kind == kind.POLICE_COMMITTEE:
        counterpart = set(Organization.CELL_SIDE_KINDS)
        rule = _("Đề nghị của %(sender)s chỉ gửi các chi bộ, đảng bộ trực thuộc.")
    elif sender.kind in Organization.CELL_SIDE_KINDS:
        counterpart = {kind.POLICE_COMMITTEE}
        rule = _("Đề nghị của %(sender)s chỉ gửi Đảng ủy Công an.")
    else:
        return _(
            "Theo Quy chế phối hợp, đề nghị phối hợp chỉ do Đảng ủy Công an hoặc "
            "các chi bộ, đảng bộ trực thuộc gửi; %(sender)s không gửi đề nghị."
        ) % {"sender": sender.name}
    wrong = [o for o in recipients if o.kind not in counterpart]
    tree = {o.pk for o in ward_organizations(sender.root())}
    foreign = [o for o in recipients if o not in wrong and o.pk not in tree]
    if wrong:
        return (
            (rule % {"sender": sender.name})
            + " "
            + _("Không gửi được cho: %(orgs)s.")
            % {"orgs": ", ".join(o.name for o in wrong)}
        )
    if foreign:
        return _(
            "Đề nghị chỉ gửi trong cùng đảng bộ; không gửi được cho: %(orgs)s."
        ) % {"orgs": ", ".join(o.name for o in foreign)}
    return ""


def counterpart_kinds(sender: Organization) -> tuple[str, ...]:
    """The kinds of organisation ``sender`` may send requests to."""
    if sender.kind == Organization.Kind.POLICE_COMMITTEE:
        return tuple(Organization.CELL_SIDE_KINDS)
    if sender.kind in Organization.CELL_SIDE_KINDS:
        return (Organization.Kind.POLICE_COMMITTEE,)
    return ()


# --- Who may act -------------------------------------------------------------------------


def user_sides(user: User, recipient: RequestRecipient) -> set[str]:
    """The sides the user may act (or, as support staff, prepare) for on this
    recipient row."""
    orgs = acting_org_ids(user)
    staff = support_org_ids(user)
    sides = set()
    if recipient.request.sender_id in orgs:
        sides.add(SENDER)
    if recipient.organization_id in orgs:
        sides.add(RECIPIENT)
    if orgs & standing_org_ids(recipient.request):
        sides.add(STANDING)
    if recipient.request.sender_id in staff:
        sides.add(SENDER_STAFF)
    if recipient.organization_id in staff:
        sides.add(RECIPIENT_STAFF)
    return sides


def _kind_allows(transition: Transition, request: CoordinationRequest) -> bool:
    """A one-way notice has no thread: it is read (``services.mark_read``)."""
    return request.kind not in request.ONE_WAY_KINDS


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
        and _kind_allows(t, recipient.request)
    ]


# --- Shared machinery of every transition ---------------------------------------------


def lock_request(request_id: int) -> CoordinationRequest:
    return (
        CoordinationRequest.objects.select_for_update()
        .select_related("sender")
        .get(pk=request_id)
    )


def record_event(
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


def check_version(obj, expected: int | str | None) -> None:
    """The version the user's form was built on must still be current; a
    version that is not an integer (a tampered form) is refused the same way."""
    if expected is None or expected == "":
        return
    if parse_int(expected) != obj.version:
        raise TransitionError(
            _(
                "Đề nghị vừa được người khác cập nhật. Xin tải lại trang và "
                "thực hiện lại nếu vẫn cần."
            )
        )


def check_subject(subject: str) -> None:
    """A subject is one line: it is the title of pages, notices and e-mails."""
    if error := single_line_error(subject):
        raise TransitionError(
            _("Trích yếu không hợp lệ: %(reason)s") % {"reason": error}
        )


def refresh_request_status(request: CoordinationRequest) -> None:
    """A request whose recipients are all finished is closed."""
    if request.status != Status.OPEN:
        return
    states = set(request.recipients.values_list("state", flat=True))
    if states and states <= set(RequestRecipient.TERMINAL):
        request.status = Status.CLOSED
        request.closed_at = timezone.now()
        request.version += 1
        request.save(update_fields=["status", "closed_at", "version", "updated_at"])


def begin_transition(
    *,
    recipient: RequestRecipient,
    by: User,
    action: str,
    expected_version: int | None,
) -> tuple[CoordinationRequest, RequestRecipient, Transition]:
    """Lock, then check role, priority, state and version, in that order."""
    transition = RECIPIENT_TRANSITIONS[action]
    request = lock_request(recipient.request_id)
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
    if not _kind_allows(transition, request):
        raise TransitionError(
            _("Thông báo một chiều không cần trả lời: không thể “%(action)s”.")
            % {"action": transition.label}
        )
    # A stale form first: two people at once, the loser is told someone else
    # has just acted (not only that the state has moved on).
    check_version(recipient, expected_version)
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
    return request, recipient, transition


def move_recipient(
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
    if target == UNCHANGED:
        target = old
    recipient.state = target
    recipient.version += 1
    recipient._history_user = by
    recipient.save()
    event = record_event(
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
        refresh_request_status(request)
    return event
