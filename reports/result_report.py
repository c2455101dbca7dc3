"""Báo cáo kết quả thực hiện Quy chế phối hợp (ward Điều 11.1): the police
committee's report to the standing committee for a six-monthly round or a
year, compiled from the data when it is rendered, with the sections the
police committee writes by hand (``ReportDraft``).

Every source goes through its own visibility helper and figures
(``coordination.permissions`` and the selectors): the exchanges through
``visible_exchange_reports`` and the timeliness table's ``status_filters``;
requests through ``visible_requests`` and ``overdue_recipients``; urgent
situations through ``visible_incidents``; assessments through
``assessment_table``. A fixed number of queries whatever the number of rounds,
reports, requests or duties.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.assessments.selectors import assessment_table
from coordination.exchanges.models import ExchangeEntry, ExchangeReport, ExchangeRound
from coordination.exchanges.selectors import STATUS_LABELS, status_filters
from coordination.incidents.models import Incident
from coordination.organizations.models import Organization
from coordination.permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
)
from coordination.requests.filters import overdue_recipients
from coordination.requests.models import CoordinationRequest, RequestEvent
from regulations.models import Responsibility
from regulations.selectors import regulation_in_force_for

from .document import PartyDocument, Section, Table
from .documents import (
    lower_first,
    report_document,
    upper_first,
)
from .models import ReportDraft

Kind = Organization.Kind
SIX_MONTHLY = (ExchangeRound.Kind.H1, ExchangeRound.Kind.H2)
# The exchange figures of the report, in the timeliness table's definitions.
EXCHANGE_FIGURES = ("expected", "on_time", "late", "missing", "returned")


@dataclass
class Period:
    start: datetime.date
    end: datetime.date
    rounds: list[ExchangeRound]
    label: str  # "6 tháng đầu năm 2026", "năm 2026"
    round_q: Q  # the period's rounds, as a condition on ``round``

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end + 1 day) in local time, for datetime fields."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tz)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tz
        )
        return start, end


def period_of(draft: ReportDraft) -> Period:
    """A round's period, or the calendar year with every periodic round of
    the ward in it (one query); a term's years (``reports.term_report``)."""
    if draft.term_id:
        from .term_report import term_period

        return term_period(draft)
    if draft.round_id:
        r = draft.round
        return Period(
            r.period_start, r.period_end, [r], lower_first(r.label), Q(round_id=r.pk)
        )
    conditions = {
        "ward_id": draft.ward_id,
        "year": draft.year,
        "kind__in": ExchangeRound.PERIODIC_KINDS,
    }
    rounds = list(
        ExchangeRound.objects.filter(**conditions)
        .select_related("regulation")
        .order_by("period_start", "pk")
    )
    return Period(
        datetime.date(draft.year, 1, 1),
        datetime.date(draft.year, 12, 31),
        rounds,
        _("năm %(year)s") % {"year": draft.year},
        Q(**{f"round__{key}": value for key, value in conditions.items()}),
    )


def police_of(ward: Organization) -> Organization | None:
    return (
        Organization.objects.select_related("parent")
        .filter(parent=ward, kind=Kind.POLICE_COMMITTEE, is_active=True)
        .order_by("pk")
        .first()
    )


def ward_tree(ward_id: int) -> Q:
    """The ward's organisations down to three levels (cells of a đảng bộ
    included), as a condition on an organisation foreign key's path."""
    return (
        Q(pk=ward_id)
        | Q(parent_id=ward_id)
        | Q(parent__parent_id=ward_id)
        | Q(parent__parent__parent_id=ward_id)
    )


def _n(value) -> str:
    return str(value or 0)


# --- The sources, one helper each -----------------------------------------------------------


def exchange_rows(user, period: Period, today=None) -> list[list[str]]:
    """Per organisation and direction: expected, on time, late, missing,
    returned — the timeliness table's own figures, over every round of the
    period in one query."""
    today = today or timezone.localdate()
    filters = status_filters(today)
    rows = (
        visible_exchange_reports(user)
        .filter(period.round_q)
        .values("organization__name", "direction")
        .annotate(**{key: Count("pk", filter=filters[key]) for key in EXCHANGE_FIGURES})
        .order_by("direction", "organization__name")
    )
    directions = dict(ExchangeReport.Direction.choices)
    return [
        [
            row["organization__name"],
            str(directions.get(row["direction"], row["direction"])),
            *(_n(row[key]) for key in EXCHANGE_FIGURES),
        ]
        for row in rows
    ]


def period_requests(user, ward_id: int, period: Period):
    start, end = period.bounds()
    return visible_requests(user).filter(
        ~Q(status=CoordinationRequest.Status.DRAFT),
        sent_at__gte=start,
        sent_at__lt=end,
        sender__in=Organization.objects.filter(ward_tree(ward_id)),
    )


@dataclass
class RequestFigures:
    total: int
    by_status: list[list[str]]
    by_area: list[list[str]]
    overdue: int
    escalations: int
    directions: int


def request_figures(user, ward_id: int, period: Period) -> RequestFigures:
    """Requests sent in the period: by state and by area, still overdue
    today, escalations to the standing committee and its directions (four
    queries)."""
    qs = period_requests(user, ward_id, period)
    statuses = dict(CoordinationRequest.Status.choices)
    by_status = [
        [str(statuses.get(row["status"], row["status"])), _n(row["n"])]
        for row in qs.values("status").annotate(n=Count("pk")).order_by("status")
    ]
    by_area = [
        [row["area__name"] or _("Chưa xác định lĩnh vực"), _n(row["n"])]
        for row in qs.values("area__name")
        .annotate(n=Count("pk"))
        .order_by("area__name")
    ]
    overdue = qs.filter(Exists(overdue_recipients())).count()
    events = RequestEvent.objects.filter(request__in=qs).aggregate(
        escalations=Count("pk", filter=Q(action="escalate")),
        directions=Count("pk", filter=Q(action="direct")),
    )
    return RequestFigures(
        total=sum(int(row[1]) for row in by_status),
        by_status=by_status,
        by_area=by_area,
        overdue=overdue,
        escalations=events["escalations"] or 0,
        directions=events["directions"] or 0,
    )


def incident_rows(user, ward_id: int, period: Period) -> list[list[str]]:
    """Urgent situations reported in the period, by severity and state."""
    start, end = period.bounds()
    rows = (
        visible_incidents(user)
        .filter(
            reported_at__gte=start,
            reported_at__lt=end,
            reporter__in=Organization.objects.filter(ward_tree(ward_id)),
        )
        .values("severity", "state")
        .annotate(n=Count("pk"))
        .order_by("-severity", "state")
    )
    severities = dict(Incident.Severity.choices)
    states = dict(Incident.State.choices)
    return [
        [
            str(severities.get(row["severity"], row["severity"])),
            str(states.get(row["state"], row["state"])),
            _n(row["n"]),
        ]
        for row in rows
    ]


def assessment_rows(user, ward_id: int, period: Period) -> tuple[list, list]:
    """The cells' ratings of police work per area, in the six-monthly rounds of
    the period (the standing committee's assessment table)."""
    table = assessment_table(user, limit_rounds=1000)
    rounds = [
        r
        for r in table.rounds
        if r.ward_id == ward_id
        and r.kind in SIX_MONTHLY
        and period.start <= r.period_start <= period.end
    ]
    rows = []
    for cell in table.cells:
        for area in table.areas:
            values = [table.grid.get((cell.pk, area.pk, r.pk)) for r in rounds]
            if any(values):
                rows.append(
                    [cell.name, area.name, *(v.label if v else "—" for v in values)]
                )
    return [r.label for r in rounds], rows


def regulation_of(ward: Organization, period: Period):
    if period.rounds:
        return period.rounds[-1].regulation
    return regulation_in_force_for(ward)


def coverage(
    user, regulation, period: Period, organization_id: int | None = None
) -> list[tuple[Responsibility, int]]:
    """Each duty of the regulation in the six areas with the number of the
    period's sent exchange reports (of one organisation, if given: a cell's
    scorecard) that record what was done under it (the evidence); two
    queries."""
    if regulation is None:
        return []
    duties = list(
        Responsibility.objects.filter(
            provision__regulation=regulation, area__isnull=False
        )
        .select_related(
            "provision",
            "provision__parent",
            "provision__parent__parent",
            "provision__regulation",
            "area",
            "side",
        )
        .order_by("provision__order", "pk")
    )
    reports = visible_exchange_reports(user).filter(
        period.round_q, state__in=ExchangeReport.SENT
    )
    if organization_id is not None:
        reports = reports.filter(organization_id=organization_id)
    evidence = dict(
        ExchangeEntry.objects.filter(report__in=reports)
        .exclude(text="")
        .values("responsibility_id")
        .annotate(n=Count("report", distinct=True))
        .values_list("responsibility_id", "n")
    )
    return [(duty, evidence.get(duty.pk, 0)) for duty in duties]


# --- The document ------------------------------------------------------------------------------


def _exchange_section(user, period: Period) -> Section:
    rows = exchange_rows(user, period)
    header = [_("Đơn vị"), _("Chiều báo cáo")] + [
        str(STATUS_LABELS[key]) for key in EXCHANGE_FIGURES
    ]
    section = Section(heading=_("Trao đổi thông tin định kỳ"))
    if not rows:
        section.paragraphs.append(_("Không có báo cáo trao đổi thông tin trong kỳ."))
        return section
    totals = [
        sum(int(row[i]) for row in rows) for i in range(2, 2 + len(EXCHANGE_FIGURES))
    ]
    section.paragraphs.append(
        _(
            "Trong kỳ có %(expected)s báo cáo phải nộp: %(on_time)s báo cáo nộp đúng "
            "hạn, %(late)s báo cáo nộp muộn, %(missing)s báo cáo quá hạn chưa nộp, "
            "%(returned)s báo cáo đang trả lại để sửa."
        )
        % dict(zip(EXCHANGE_FIGURES, totals, strict=True))
    )
    section.tables.append(Table(header, rows, widths=[26, 22, 10, 10, 10, 12, 10]))
    return section


def _request_section(figures: RequestFigures) -> Section:
    section = Section(heading=_("Đề nghị phối hợp"))
    section.paragraphs.append(
        _(
            "Trong kỳ có %(total)s đề nghị phối hợp được gửi; %(overdue)s đề nghị "
            "quá hạn trả lời; %(escalations)s lượt báo cáo Thường trực Đảng ủy và "
            "%(directions)s ý kiến chỉ đạo."
        )
        % {
            "total": figures.total,
            "overdue": figures.overdue,
            "escalations": figures.escalations,
            "directions": figures.directions,
        }
    )
    if figures.by_status:
        section.tables.append(
            Table(
                [_("Trạng thái"), _("Số đề nghị")], figures.by_status, widths=[70, 30]
            )
        )
        section.tables.append(
            Table([_("Lĩnh vực"), _("Số đề nghị")], figures.by_area, widths=[70, 30])
        )
    return section


def _incident_section(rows) -> Section:
    section = Section(heading=_("Tình huống phức tạp, đột xuất"))
    if not rows:
        section.paragraphs.append(_("Trong kỳ không có tình huống phức tạp, đột xuất."))
        return section
    section.paragraphs.append(
        _("Trong kỳ có %(count)s tình huống phức tạp, đột xuất được báo cáo.")
        % {"count": sum(int(row[2]) for row in rows)}
    )
    section.tables.append(
        Table(
            [_("Mức độ"), _("Trạng thái"), _("Số tình huống")],
            rows,
            widths=[40, 40, 20],
        )
    )
    return section


def _assessment_section(labels, rows) -> Section:
    section = Section(heading=_("Đánh giá của các chi bộ, đảng bộ"))
    if not rows:
        section.paragraphs.append(_("Chưa có đánh giá nào trong kỳ."))
        return section
    section.tables.append(Table([_("Chi bộ, đảng bộ"), _("Lĩnh vực"), *labels], rows))
    return section


def _coverage_section(duties) -> Section:
    section = Section(heading=_("Thực hiện trách nhiệm theo Quy chế"))
    if not duties:
        section.paragraphs.append(_("Chưa có quy chế áp dụng."))
        return section
    rows = [
        [
            upper_first(duty.provision.citation()),
            duty.area.name,
            duty.side.name,
            _n(count),
        ]
        for duty, count in duties
    ]
    section.tables.append(
        Table(
            [_("Điều khoản"), _("Lĩnh vực"), _("Bên thực hiện"), _("Số báo cáo")],
            rows,
            widths=[30, 30, 25, 15],
        )
    )
    missing = [
        row[0] for row, (_duty, count) in zip(rows, duties, strict=True) if not count
    ]
    if missing:
        section.paragraphs.append(
            _("Các trách nhiệm chưa có kết quả báo cáo trong kỳ: %(duties)s.")
            % {"duties": "; ".join(missing)}
        )
    else:
        section.paragraphs.append(_("Mọi trách nhiệm đều có kết quả báo cáo trong kỳ."))
    return section


def data_sections(user, draft: ReportDraft, period: Period) -> list[Section]:
    ward_id = draft.ward_id
    labels, rows = assessment_rows(user, ward_id, period)
    return [
        _exchange_section(user, period),
        _request_section(request_figures(user, ward_id, period)),
        _incident_section(incident_rows(user, ward_id, period)),
        _assessment_section(labels, rows),
        _coverage_section(coverage(user, regulation_of(draft.ward, period), period)),
    ]


def result_report_document(user, draft: ReportDraft) -> PartyDocument:
    """The report as its reader sees it: data sections from what the user may
    open, then the hand-written sections."""
    if draft.term_id:  # the end-of-term report (ward Điều 11.2)
        from .term_report import term_report_document

        return term_report_document(user, draft)
    ward = draft.ward
    period = period_of(draft)
    police = police_of(ward) or ward
    intro = _(
        "Thực hiện Quy chế phối hợp, %(org)s báo cáo Ban Thường vụ kết quả thực "
        "hiện Quy chế %(period)s (từ ngày %(start)s đến ngày %(end)s) như sau:"
    ) % {
        "org": police.name,
        "period": period.label,
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
    }
    recipients = [
        _("Thường trực Đảng ủy (để báo cáo)"),
        _("Ban Thường vụ Đảng ủy (để báo cáo)"),
        _("Các chi bộ, đảng bộ"),
    ]
    subject = _("kết quả thực hiện Quy chế phối hợp %(period)s") % {
        "period": period.label
    }
    sections = data_sections(user, draft, period)
    return report_document(draft, police, intro, sections, recipients, subject)
