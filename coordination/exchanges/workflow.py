"""The exchange-report workflow as data, who may act, and the machinery every
transition shares (lock, checks, state change, event row). The transitions
themselves are in ``services``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from ..organizations.models import Organization
from ..permissions import acting_org_ids, member_org_ids, support_org_ids
from ..validators import parse_int
from .models import ExchangeEvent, ExchangeReport

State = ExchangeReport.State
Direction = ExchangeReport.Direction
VIEW_PERM = "coordination.view_exchangereport"


class TransitionError(Exception):
    """The transition is not possible now (state, stale form, lock date)."""


class NotAllowed(TransitionError):
    """The user holds no position that allows this transition."""


class StaleDraft(TransitionError):
    """Someone else saved the draft since this form was opened."""

    def __init__(self, message: str, current: ExchangeReport):
        super().__init__(message)
        self.current = current


# --- The workflow as data (the README's table is workflow_table()) -------------------------

AUTHOR, AUTHOR_STAFF, COUNTERPART, OVERSIGHT = (
    "author",
    "author_staff",
    "counterpart",
    "oversight",
)
SIDE_LABELS = {
    AUTHOR: gettext_lazy("Đơn vị báo cáo (Bí thư, Phó Bí thư, đầu mối)"),
    AUTHOR_STAFF: gettext_lazy("Bộ phận giúp việc đơn vị báo cáo"),
    COUNTERPART: gettext_lazy("Bên nhận báo cáo (Bí thư, Phó Bí thư, đầu mối)"),
    OVERSIGHT: gettext_lazy("Thường trực / Văn phòng Đảng ủy"),
}
UNCHANGED = "="


@dataclass(frozen=True)
class Transition:
    """One row of the workflow; ``service`` names the function in
    ``services`` and ``form`` the form in ``forms`` (as for requests)."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    sides: tuple[str, ...]
    service: str
    form: str = "VersionedForm"
    direction: str = ""  # only for reports in this direction ("" = both)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "save",
            gettext_lazy("Lưu nháp"),
            ExchangeReport.EDITABLE,
            State.DRAFT,  # a returned report stays returned until resubmitted
            (AUTHOR, AUTHOR_STAFF),
            service="services.save_draft",
            form="ReportForm",
        ),
        Transition(
            "submit",
            gettext_lazy("Nộp báo cáo"),
            ExchangeReport.EDITABLE,
            State.SUBMITTED,
            (AUTHOR,),
            service="services.submit_report",
        ),
        Transition(
            "accept",
            gettext_lazy("Tiếp nhận"),
            (State.SUBMITTED,),
            State.ACCEPTED,
            (COUNTERPART,),
            service="services.accept_report",
            direction=Direction.TO_POLICE,
        ),
        Transition(
            "acknowledge",
            gettext_lazy("Xác nhận đã nhận"),
            (State.SUBMITTED,),
            State.ACCEPTED,  # once every concerned cell has acknowledged
            (COUNTERPART,),
            service="services.acknowledge_report",
            direction=Direction.TO_CELLS,
        ),
        Transition(
            "return",
            gettext_lazy("Trả lại để sửa"),
            (State.SUBMITTED,),
            State.RETURNED,
            (COUNTERPART,),
            service="services.return_report",
            form="ReasonForm",
        ),
        Transition(
            "reopen",
            gettext_lazy("Mở lại sau khóa sổ"),
            (State.NOT_STARTED, State.DRAFT),
            UNCHANGED,
            (OVERSIGHT,),
            service="services.reopen_report",
            form="ReasonForm",
        ),
    ]
}


def service_function(transition: Transition):
    module, name = transition.service.split(".")
    return getattr(import_module(f"{__package__}.{module}"), name)


def workflow_table() -> list[str]:
    """The workflow as Markdown table rows (the README's table; a test keeps
    them equal)."""
    who = {
        AUTHOR: "reporting organisation's leaders",
        AUTHOR_STAFF: "its support staff",
        COUNTERPART: "counterpart's leaders",
        OVERSIGHT: "standing committee / ward office",
    }
    notes = {
        "save": "returned reports stay returned",
        "submit": "after the lock date only once reopened; after the due date marked late",
        "accept": "a cell's report, by the police committee",
        "acknowledge": "the police's report, by each cell; accepted when all have",
        "return": "reason required",
        "reopen": "after the lock date; reason required",
    }
    rows = ["| action | from | to | who | note |", "|---|---|---|---|---|"]
    for t in TRANSITIONS.values():
        with translation.override("vi"):
            label = str(t.label)
        target = "(unchanged)" if t.target == UNCHANGED else t.target
        rows.append(
            f"| {label} (`{t.action}`) | {', '.join(t.sources)} | {target} "
            f"| {', '.join(who[s] for s in t.sides)} | {notes[t.action]} |"
        )
    return rows


# --- Who may act -------------------------------------------------------------------------


def counterpart_ids(report: ExchangeReport) -> set[int]:
    """The organisations a report is addressed to: the ward's police committee
    for a cell's report, the round's cells for the police's (memoised)."""
    cached = getattr(report, "_counterpart_ids", None)
    if cached is None:
        if report.direction == Direction.TO_CELLS:
            cached = set(report.round.organizations.values_list("pk", flat=True))
        else:
            cached = set(
                Organization.objects.filter(
                    parent_id=report.round.ward_id,
                    kind=Organization.Kind.POLICE_COMMITTEE,
                    is_active=True,
                ).values_list("pk", flat=True)
            )
        report._counterpart_ids = cached
    return cached


def oversight_ids(report: ExchangeReport) -> set[int]:
    """The ward's standing committee and office (memoised)."""
    cached = getattr(report, "_oversight_ids", None)
    if cached is None:
        cached = set(
            Organization.objects.filter(
                parent_id=report.round.ward_id,
                kind__in=(
                    Organization.Kind.STANDING_COMMITTEE,
                    Organization.Kind.OFFICE,
                ),
            ).values_list("pk", flat=True)
        )
        report._oversight_ids = cached
    return cached


def user_sides(user: User, report: ExchangeReport) -> set[str]:
    acting = acting_org_ids(user)
    sides = set()
    if report.organization_id in acting:
        sides.add(AUTHOR)
    if report.organization_id in support_org_ids(user):
        sides.add(AUTHOR_STAFF)
    if acting & counterpart_ids(report):
        sides.add(COUNTERPART)
    if member_org_ids(user) & oversight_ids(report):
        sides.add(OVERSIGHT)
    return sides


def acting_counterparts(user: User, report: ExchangeReport) -> list[int]:
    """The counterpart organisations the user acts for on this report."""
    return sorted(acting_org_ids(user) & counterpart_ids(report))


def can_read_content(user: User, report: ExchangeReport) -> bool:
    """A draft is its organisation's own: the counterpart and the oversight
    read a report once it has been submitted."""
    return report.state in ExchangeReport.SENT or (
        report.organization_id in member_org_ids(user)
    )


def available_actions(user: User, report: ExchangeReport) -> list[Transition]:
    sides = user_sides(user, report)
    return [
        t
        for t in TRANSITIONS.values()
        if report.state in t.sources
        and sides & set(t.sides)
        and t.direction in ("", report.direction)
        and not (t.action == "reopen" and not needs_reopening(report))
        and not (t.action == "acknowledge" and not _unacknowledged(user, report))
    ]


def needs_reopening(report: ExchangeReport, today=None) -> bool:
    """Past the lock date, not yet submitted, not reopened."""
    return (
        report.round.is_locked(today)
        and report.first_submitted_at is None
        and report.reopened_at is None
    )


def _unacknowledged(user: User, report: ExchangeReport) -> list[int]:
    done = {
        a.organization_id
        for a in report.acknowledgements.all()
        if a.submission == report.submission
    }
    return [pk for pk in acting_counterparts(user, report) if pk not in done]


# --- Shared machinery of every transition ---------------------------------------------


def check_version(report: ExchangeReport, expected) -> None:
    if expected is None or expected == "":
        return
    if parse_int(expected) != report.version:
        raise TransitionError(
            _(
                "Báo cáo vừa được người khác cập nhật. Xin tải lại trang và thực "
                "hiện lại nếu vẫn cần."
            )
        )


def begin_transition(
    *, report: ExchangeReport, by: User, action: str, expected_version
) -> tuple[ExchangeReport, Transition]:
    """Lock, then check role, direction, version and state, in that order."""
    transition = TRANSITIONS[action]
    report = (
        ExchangeReport.objects.select_for_update()
        .select_related("round", "organization")
        .get(pk=report.pk)
    )
    if not set(transition.sides) & user_sides(by, report) or (
        transition.direction not in ("", report.direction)
    ):
        raise NotAllowed(
            _("Bạn không có quyền thực hiện thao tác “%(action)s” với báo cáo này.")
            % {"action": transition.label}
        )
    if report.confidentiality > by.clearance:
        raise NotAllowed(_("Bạn không được tiếp cận tài liệu ở độ mật này."))
    check_version(report, expected_version)
    if report.state not in transition.sources:
        raise TransitionError(
            _("Không thể “%(action)s”: báo cáo đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": report.get_state_display()}
        )
    return report, transition


def move(
    *,
    report: ExchangeReport,
    by: User,
    action: str,
    target: str,
    comment: str = "",
    organization_id: int | None = None,
) -> ExchangeEvent:
    old = report.state
    if target == UNCHANGED:
        target = old
    report.state = target
    report.version += 1
    report._history_user = by
    report.save()
    return ExchangeEvent.objects.create(
        report=report,
        organization_id=organization_id,
        actor=by,
        action=action,
        from_state=old,
        to_state=target,
        comment=comment,
    )
