"""The overview's other blocks: the cells' assessments of police work, the
coverage of the regulation's duties, and what is due in the next ten working
days. Same rules as ``selectors``: visibility helpers first, counts in the
database, a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from coordination.assessments.selectors import assessment_table
from coordination.exchanges.models import ExchangeReport
from coordination.incidents.models import ActionItem
from coordination.organizations.models import Organization
from coordination.permissions import (
    visible_exchange_reports,
    visible_requests,
    visible_review_meetings,
)
from coordination.requests.models import CoordinationRequest, RequestRecipient
from coordination.reviews.models import ReviewActionItem
from coordination.workdays import add_working_days
from regulations.models import Side
from reports.result_report import coverage, regulation_of

from .selectors import Scope, scoped_incidents, scoped_requests
from .tables import Cell, Table, link, n, pattern

TREND = {"up": "↑", "down": "↓", "same": "→", "": ""}


def assessment_block(scope: Scope) -> Table:
    """Cells × areas: the latest rating in the period and its trend against
    the round before (the assessment table's own figures)."""
    table = assessment_table(scope.user, limit_rounds=1000)
    start, end = scope.period.start, scope.period.end
    rounds = [
        r
        for r in table.rounds
        if r.ward_id == scope.ward.pk and start <= r.period_start <= end
    ]
    result = Table(
        "assessments",
        _("Nhận xét, đánh giá công tác công an của các chi bộ"),
        [_("Chi bộ, đảng bộ"), _("Lĩnh vực"), _("Mức gần nhất"), _("Xu hướng")],
        empty=_("Chưa có đánh giá nào trong kỳ."),
    )
    for cell in table.cells:
        if scope.organization and cell.pk != scope.organization.pk:
            continue
        for area in table.areas:
            if scope.area and area.pk != scope.area.pk:
                continue
            latest = latest_round = None
            for r in rounds:
                value = table.grid.get((cell.pk, area.pk, r.pk))
                if value is not None:
                    latest, latest_round = value, r
            if latest is None:
                continue
            # The list of this cell's assessments of the round, in the area.
            url = link(
                "coordination:assessment-list",
                {"organization": cell.pk, "round": latest_round.pk, "area": area.code},
            )
            result.rows.append(
                [
                    Cell(cell.name),
                    Cell(area.name),
                    Cell(latest.label, url),
                    Cell(TREND.get(latest.trend, "")),
                ]
            )
    return result


def requests_citing(qs) -> dict[int, int]:
    """Provision id → how many of these requests cite it (one query)."""
    return dict(
        CoordinationRequest.provisions.through.objects.filter(
            coordinationrequest__in=qs
        )
        .values("provision_id")
        .annotate(n=Count("coordinationrequest_id", distinct=True))
        .values_list("provision_id", "n")
    )


def side_of(org: Organization) -> str:
    """The side of the regulation an organisation stands on."""
    if org.kind == Organization.Kind.POLICE_COMMITTEE:
        return Side.Role.POLICE
    return Side.Role.CELLS


def without_evidence(duties, reports: dict, citing: dict) -> list:
    """The duties no sent exchange report records and no request cites."""
    return [
        duty
        for duty in duties
        if not reports.get(duty.pk, 0) and not citing.get(duty.provision_id, 0)
    ]


def evidence_link(period, organization=None):
    """The exchange list of a duty's evidence: the reports that record it,
    of the period's round (when it is one) and of one organisation."""
    round_id = period.rounds[0].pk if len(period.rounds) == 1 else None
    org_id = organization.pk if organization else None
    return lambda duty: link(
        "coordination:exchange-list",
        {"duty": duty.pk, "round": round_id, "organization": org_id},
    )


def duty_rows(
    duties, reports: dict, citing: dict, report_url=None
) -> tuple[Table, Table]:
    """The coverage table and the list of duties without evidence (the
    number of reports linked to them by ``report_url``, if given)."""
    full = Table(
        "coverage",
        _("Thực hiện trách nhiệm theo Quy chế trong kỳ"),
        [
            _("Điều khoản"),
            _("Bên"),
            _("Hình thức"),
            _("Lĩnh vực"),
            _("Số báo cáo ghi kết quả"),
            _("Số đề nghị viện dẫn"),
        ],
        empty=_("Chưa có quy chế áp dụng."),
    )
    missing = Table(
        "no_evidence",
        _("Trách nhiệm chưa có kết quả trong kỳ"),
        [_("Điều khoản"), _("Bên"), _("Hình thức"), _("Lĩnh vực")],
        empty=_("Mọi trách nhiệm đều có kết quả trong kỳ."),
    )
    for duty in duties:
        url = duty.provision.get_absolute_url()
        citation = duty.provision.citation()
        citation = citation[:1].upper() + citation[1:]
        head = [
            Cell(citation, url),
            Cell(duty.side.name),
            Cell(duty.get_mode_display()),
            Cell(duty.area.name),
        ]
        count, cited = reports.get(duty.pk, 0), citing.get(duty.provision_id, 0)
        counted = Cell(n(count), report_url(duty) if report_url and count else "")
        full.rows.append(head + [counted, Cell(n(cited))])
    missing.rows = [
        full.rows[i][:4]
        for i, duty in enumerate(duties)
        if duty in without_evidence([duty], reports, citing)
    ]
    return full, missing


def coverage_block(scope: Scope) -> dict:
    """Every lead / coordinate duty of the regulation in force (the police
    committee sees its own side), with the period's evidence: sent exchange
    reports that record what was done under it (``result_report.coverage``)
    and requests that cite its provision. Three queries."""
    regulation = regulation_of(scope.ward, scope.period)
    org = scope.organization
    found = coverage(
        scope.user, regulation, scope.period, organization_id=org.pk if org else None
    )
    side = side_of(org) if org else (Side.Role.POLICE if scope.view == "police" else "")
    duties = [
        duty
        for duty, _count in found
        if (not side or duty.side.role == side)
        and (not scope.area or duty.area_id == scope.area.pk)
    ]
    counts = {duty.pk: count for duty, count in found}
    # One organisation's evidence: its own reports, the requests it sent
    # (as its scorecard counts them).
    cited = scoped_requests(scope)
    if org:
        cited = cited.filter(sender=org)
    full, missing = duty_rows(
        duties,
        counts,
        requests_citing(cited),
        evidence_link(scope.period, org),
    )
    return {"regulation": regulation, "coverage": full, "no_evidence": missing}


# --- Due in the next ten working days ----------------------------------------------


def due_soon(scope: Scope, days: int = 10, limit: int = 100) -> Table:
    """Answers, exchange reports and action items (of urgent situations and
    of review meetings) due from today to ``days`` working days ahead, that
    the user may open: four queries and the working-day calendar's one."""
    today = scope.today
    horizon = add_working_days(today, days)
    window = {"due_date__gte": today, "due_date__lte": horizon}
    table = Table(
        "due_soon",
        _("Đến hạn trong %(days)s ngày làm việc tới (đến %(date)s)")
        % {"days": days, "date": horizon.strftime("%d/%m/%Y")},
        [_("Loại việc"), _("Nội dung"), _("Đơn vị phải làm"), _("Hạn")],
        empty=_("Không có việc nào đến hạn."),
    )
    found: list[tuple[datetime.date, list[Cell]]] = []
    request_url = pattern("coordination:request-detail")
    requests = visible_requests(scope.user).filter(
        sender__in=scope.in_ward(), status=CoordinationRequest.Status.OPEN
    )
    for row in (
        RequestRecipient.objects.filter(
            request__in=requests, state__in=RequestRecipient.AWAITING_ANSWER, **window
        )
        .values("request_id", "request__subject", "organization__name", "due_date")
        .order_by("due_date", "pk")[:limit]
    ):
        found.append(
            (
                row["due_date"],
                [
                    Cell(_("Trả lời đề nghị")),
                    Cell(row["request__subject"], request_url(row["request_id"])),
                    Cell(row["organization__name"]),
                ],
            )
        )
    report_url = pattern("coordination:exchange-detail")
    for report in (
        visible_exchange_reports(scope.user)
        .filter(
            round__ward=scope.ward,
            state__in=ExchangeReport.OWED,
            round__due_date__gte=today,
            round__due_date__lte=horizon,
        )
        .select_related("round", "organization")
        .order_by("round__due_date", "pk")[:limit]
    ):
        found.append(
            (
                report.round.due_date,
                [
                    Cell(_("Báo cáo trao đổi thông tin")),
                    Cell(report.round.label, report_url(report.pk)),
                    Cell(report.organization.name),
                ],
            )
        )
    incident_url = pattern("coordination:incident-detail")
    for row in (
        ActionItem.objects.filter(
            incident__in=scoped_incidents(scope), done_at__isnull=True, **window
        )
        .values("description", "incident_id", "owner__name", "due_date")
        .order_by("due_date", "pk")[:limit]
    ):
        found.append(
            (
                row["due_date"],
                [
                    Cell(_("Việc theo chỉ đạo")),
                    Cell(row["description"], incident_url(row["incident_id"])),
                    Cell(row["owner__name"]),
                ],
            )
        )
    review_url = pattern("coordination:review-detail")
    for row in (
        ReviewActionItem.objects.filter(
            meeting__in=visible_review_meetings(scope.user).filter(ward=scope.ward),
            done_at__isnull=True,
            **window,
        )
        .values("description", "meeting_id", "owner__name", "due_date")
        .order_by("due_date", "pk")[:limit]
    ):
        found.append(
            (
                row["due_date"],
                [
                    Cell(_("Việc sau họp đánh giá")),
                    Cell(row["description"], review_url(row["meeting_id"])),
                    Cell(row["owner__name"]),
                ],
            )
        )
    found.sort(key=lambda item: item[0])
    table.rows = [cells + [Cell(day.strftime("%d/%m/%Y"))] for day, cells in found]
    return table
