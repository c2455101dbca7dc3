"""Reading exchanges: the report form's sections from the regulation's data,
the lists, the completeness and timeliness table, what is owed. Everything
starts from ``permissions.visible_exchange_reports``; each function runs a
fixed number of queries whatever the number of rounds and organisations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.pending import PendingItem
from regulations.models import Responsibility, Side

from ..organizations.models import Organization
from ..permissions import (
    acting_org_ids,
    acting_orgs_of_kind,
    drafting_org_ids,
    member_org_ids,
    visible_exchange_reports,
)
from .models import ExchangeEntry, ExchangeReport, ExchangeRound

State = ExchangeReport.State
Direction = ExchangeReport.Direction

# --- The form follows the regulation ------------------------------------------------------


def author_side_role(report: ExchangeReport) -> str:
    return (
        Side.Role.CELLS if report.direction == Direction.TO_POLICE else Side.Role.POLICE
    )


def report_duties(report: ExchangeReport) -> list[Responsibility]:
    """The author side's duties in the six areas, in the regulation version of
    the round (ward Điều 4–9, province Điều 4–5), memoised on the report."""
    cached = getattr(report, "_duties", None)
    if cached is None:
        cached = list(
            Responsibility.objects.filter(
                provision__regulation_id=report.round.regulation_id,
                side__role=author_side_role(report),
                area__isnull=False,
            )
            .select_related(
                "provision",
                "provision__parent",
                "provision__parent__parent",  # a point's citation names its article
                "area",
                "provision__regulation",
            )
            .order_by("provision__order", "pk")
        )
        report._duties = cached
    return cached


NEW_POLICIES, SUMMARY = "new_policies", "summary"


@dataclass
class Section:
    key: str
    label: str
    duties: list = field(default_factory=list)
    status: str = "todo"  # todo / doing / done

    STATUS_LABELS = {
        "todo": gettext_lazy("Chưa làm"),
        "doing": gettext_lazy("Đang làm"),
        "done": gettext_lazy("Xong"),
    }

    @property
    def status_label(self) -> str:
        return str(self.STATUS_LABELS[self.status])


def report_sections(
    report: ExchangeReport, entries: dict | None = None
) -> list[Section]:
    """The sections of the report's form, in order: the new policies of the
    higher committees (the police committee's report, ward Điều 10.1), one
    section per area with the author side's duties in it, then results,
    difficulties and proposals; each with its progress (GOV.UK task list:
    not started, in progress, done) when ``entries`` (responsibility id →
    text) is given."""
    sections = []
    if report.direction == Direction.TO_CELLS:
        sections.append(Section(NEW_POLICIES, _("Chủ trương mới của cấp ủy cấp trên")))
    by_area: dict[int, Section] = {}
    for duty in report_duties(report):
        section = by_area.get(duty.area_id)
        if section is None:
            section = by_area[duty.area_id] = Section(duty.area.code, duty.area.name)
            sections.append(section)
        section.duties.append(duty)
    sections.append(Section(SUMMARY, _("Kết quả, khó khăn và đề xuất")))
    if entries is not None:
        done = set(report.completed_sections or [])
        for section in sections:
            if section.key in done:
                section.status = "done"
            elif _section_started(report, section, entries):
                section.status = "doing"
    return sections


def _section_started(report, section: Section, entries: dict) -> bool:
    if section.key == NEW_POLICIES:
        return bool(report.new_policies.strip())
    if section.key == SUMMARY:
        return any(
            getattr(report, f).strip() for f in ("results", "difficulties", "proposals")
        )
    return any(entries.get(d.pk, "").strip() for d in section.duties)


def report_entries(report: ExchangeReport) -> dict[int, str]:
    return dict(report.entries.values_list("responsibility_id", "text"))


# --- Figures: one definition of each status, for the table and the list ----------------


def status_filters(today: datetime.date) -> dict[str, Q]:
    """Completeness and timeliness: what each figure counts (and what its link
    lists)."""
    submitted = Q(first_submitted_at__isnull=False)
    return {
        "expected": Q(),
        "submitted": submitted,
        "on_time": submitted & Q(submitted_late=False),
        "late": Q(submitted_late=True),
        "missing": Q(first_submitted_at__isnull=True, round__due_date__lt=today),
        "returned": Q(state=State.RETURNED),
    }


STATUS_LABELS = {
    "expected": gettext_lazy("Phải nộp"),
    "submitted": gettext_lazy("Đã nộp"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Nộp muộn"),
    "missing": gettext_lazy("Quá hạn chưa nộp"),
    "returned": gettext_lazy("Đang trả lại"),
}


def visible_rounds(user) -> QuerySet[ExchangeRound]:
    """Rounds in which the user may open at least one report."""
    return ExchangeRound.objects.filter(
        pk__in=visible_exchange_reports(user).values("round_id")
    ).select_related("ward")


def report_list(
    user,
    *,
    round_id=None,
    status: str = "",
    state: str = "",
    organization_id=None,
    duty_id=None,
    today=None,
) -> QuerySet[ExchangeReport]:
    """The reports the user may open, filtered; ``duty_id``: the sent ones
    that record what was done under that duty (the evidence the dashboards
    count; a draft's content stays its author's)."""
    today = today or timezone.localdate()
    qs = visible_exchange_reports(user).select_related(
        "round", "organization", "round__ward"
    )
    if round_id:
        qs = qs.filter(round_id=round_id)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if duty_id:
        entries = ExchangeEntry.objects.filter(
            report=OuterRef("pk"), responsibility_id=duty_id
        ).exclude(text="")
        qs = qs.filter(Exists(entries), state__in=ExchangeReport.SENT)
    if status in STATUS_LABELS:
        qs = qs.filter(status_filters(today)[status])
    if state in State.values:
        qs = qs.filter(state=state)
    return qs.order_by(
        "-round__period_end", "round_id", "direction", "organization__name"
    )


@dataclass
class TimelinessTable:
    round: ExchangeRound | None
    rows: list[ExchangeReport]
    counts: dict[str, int]
    labels: dict = field(default_factory=lambda: STATUS_LABELS)


def timeliness_table(user, round_: ExchangeRound | None, today=None) -> TimelinessTable:
    """Per organisation of a round: its report's state, when it was
    submitted, on time or late, returned, and (the police's report) how many
    cells acknowledged it; with the round's figures. Only reports the user may
    open: each cell sees its own row (and the police committee's report to
    it); the standing committee, the office and the police committee the
    ward's. Three queries."""
    today = today or timezone.localdate()
    if round_ is None:
        return TimelinessTable(None, [], dict.fromkeys(STATUS_LABELS, 0))
    qs = visible_exchange_reports(user).filter(round=round_)
    filters = status_filters(today)
    counts = qs.aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    rows = list(
        qs.select_related("organization", "round")
        .annotate(
            acks=Count(
                "acknowledgements",
                filter=Q(acknowledgements__submission=F("submission")),
            )
        )
        .order_by("direction", "organization__name")
    )
    for row in rows:
        row.is_missing = row.first_submitted_at is None and round_.due_date < today
    return TimelinessTable(round_, rows, counts)


# --- What is owed, and what waits for the user ----------------------------------------


def pending_exchange_items(user, limit: int = 10) -> list[PendingItem]:
    """Home-page provider (settings.PENDING_WORK_PROVIDERS): reports the
    user's organisations owe, reports waiting for their acceptance or
    acknowledgement. Two queries."""
    drafting, acting = drafting_org_ids(user), acting_org_ids(user)
    if not drafting and not acting:
        return []
    members = member_org_ids(user)
    cond = Q(organization_id__in=drafting, state__in=ExchangeReport.OWED) | Q(
        state=State.SUBMITTED
    ) & ~Q(organization_id__in=members)
    rows = list(
        visible_exchange_reports(user)
        .filter(cond)
        .select_related("round", "organization")
        .prefetch_related("acknowledgements")
        .order_by("round__due_date", "pk")[: limit * 2]
    )
    today = timezone.localdate()
    items = []
    for report in rows:
        owed = (
            report.organization_id in drafting and report.state in ExchangeReport.OWED
        )
        if not owed and not _awaits(report, user):
            continue
        items.append(
            PendingItem(
                title=_("%(title)s: %(state)s")
                % {"title": report.safe_title, "state": report.get_state_display()},
                url=report.get_absolute_url(),
                kind=_("Trao đổi thông tin định kỳ"),
                due=report.round.due_date if owed else None,
                overdue=owed and report.is_overdue(today),
            )
        )
    return items[:limit]


def _awaits(report: ExchangeReport, user) -> bool:
    """A submitted report waits for one of the user's organisations: a cell's
    for its ward's police committee, the police's for each cell."""
    if report.direction == Direction.TO_POLICE:
        return bool(acting_orgs_of_kind(user, (Organization.Kind.POLICE_COMMITTEE,)))
    done = {
        a.organization_id
        for a in report.acknowledgements.all()
        if a.submission == report.submission
    }
    return bool(acting_orgs_of_kind(user, Organization.CELL_SIDE_KINDS) - done)


def duty_choices(regulation_ids) -> list[tuple[int, str]]:
    """The duties (in one of the six areas) of these regulations, as their
    provision's citation and side (one query)."""
    if not regulation_ids:
        return []
    duties = (
        Responsibility.objects.filter(
            provision__regulation_id__in=regulation_ids, area__isnull=False
        )
        .select_related("provision__parent__parent", "side")
        .order_by("provision__regulation_id", "provision__order", "pk")
    )
    return [
        (d.pk, f"{d.provision.citation()} — {d.side.name} ({d.get_mode_display()})")
        for d in duties
    ]
