"""The overview by unit, for those who oversee a ward or a province (its
standing committee and office): one row per organisation under it (the
police committee, the cells, đảng bộ; in a province the huyện ủy and thành
ủy) with the key figures of the period. Each figure is the one the
overview narrowed to that unit shows (``?unit=``), counted by the same
definitions from the same ``visible_*`` helpers, grouped by organisation in
the database: the number of queries does not depend on the number of units
or of items."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from coordination.exchanges.models import ExchangeEntry, ExchangeReport
from coordination.exchanges.selectors import STATUS_LABELS, status_filters
from coordination.incidents.models import Incident
from coordination.permissions import visible_exchange_reports
from coordination.requests.models import CoordinationRequest, RequestRecipient
from regulations.models import Responsibility
from reports.result_report import regulation_of

from .coverage import side_of
from .selectors import (
    Scope,
    _request_counts,
    escalated_threads,
    scoped_incidents,
    scoped_reports,
    scoped_requests,
)
from .tables import Cell, Table, link, n

REQUESTS = ("open", "overdue", "awaiting")
EXCHANGES = ("on_time", "late", "missing")
FIGURES = (*REQUESTS, *EXCHANGES, "incidents", "no_evidence")


def request_figures(scope: Scope, ids: list[int]) -> dict[int, Counter]:
    """Per unit, the period's requests it sent or received (open, overdue:
    the overview's definitions) and the escalated threads it is a party to
    (awaiting direction). Three queries."""
    today = scope.today
    found: dict[int, Counter] = {pk: Counter() for pk in ids}
    qs = scoped_requests(scope)
    counts = _request_counts(today)
    for row in (
        qs.filter(sender_id__in=ids).values("sender_id").annotate(**counts)
    ).order_by():
        found[row["sender_id"]].update(open=row["open"], overdue=row["overdue"])
    overdue = RequestRecipient.objects.filter(
        request=OuterRef("request_id"),
        state__in=RequestRecipient.AWAITING_ANSWER,
        due_date__lt=today,
    )
    for row in (
        RequestRecipient.objects.filter(request__in=qs, organization_id__in=ids)
        # A request counts once for a unit that is also its sender.
        .exclude(organization_id=F("request__sender_id"))
        .values("organization_id")
        .annotate(
            open=Count(
                "request",
                filter=Q(request__status=CoordinationRequest.Status.OPEN),
                distinct=True,
            ),
            overdue=Count("request", filter=Q(Exists(overdue)), distinct=True),
        )
        .order_by()
    ):
        found[row["organization_id"]].update(open=row["open"], overdue=row["overdue"])
    for org_id, sender_id, count in (
        escalated_threads(scope)
        .values_list("organization_id", "request__sender_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        for pk in {org_id, sender_id} & found.keys():
            found[pk]["awaiting"] += count
    return found


def exchange_figures(scope: Scope, ids: list[int]) -> dict[int, dict]:
    """Per unit, its exchange reports of the period's rounds: on time, late,
    missing (the timeliness table's definitions). One query."""
    filters = status_filters(scope.today)
    return {
        row["organization_id"]: row
        for row in scoped_reports(scope)
        .filter(organization_id__in=ids)
        .values("organization_id")
        .annotate(**{key: Count("pk", filter=filters[key]) for key in EXCHANGES})
        .order_by()
    }


def incident_figures(scope: Scope, ids: list[int]) -> dict[int, int]:
    """Per unit, the urgent situations it reported that are still open."""
    return dict(
        scoped_incidents(scope)
        .filter(reporter_id__in=ids, state__in=Incident.OPEN)
        .values("reporter_id")
        .annotate(n=Count("pk"))
        .values_list("reporter_id", "n")
        .order_by()
    )


def duties_without_evidence(scope: Scope, units) -> dict[int, int]:
    """Per unit, the duties of its side (in the area, if chosen) that none
    of its sent exchange reports records and none of the requests it sent
    cites: the overview narrowed to it lists them. Three queries and the
    period's regulation."""
    regulation = regulation_of(scope.ward, scope.period)
    if regulation is None:
        return {}
    duties = Responsibility.objects.filter(
        provision__regulation=regulation, area__isnull=False
    )
    if scope.area:
        duties = duties.filter(area=scope.area)
    duties = list(duties.values_list("pk", "provision_id", "side__role"))
    ids = [u.pk for u in units]
    reports = visible_exchange_reports(scope.user).filter(
        scope.period.round_q, state__in=ExchangeReport.SENT, organization_id__in=ids
    )
    recorded = set(
        ExchangeEntry.objects.filter(report__in=reports)
        .exclude(text="")
        .values_list("report__organization_id", "responsibility_id")
        .distinct()
    )
    cited = set(
        CoordinationRequest.provisions.through.objects.filter(
            coordinationrequest__in=scoped_requests(scope).filter(sender_id__in=ids)
        )
        .values_list("coordinationrequest__sender_id", "provision_id")
        .distinct()
    )
    return {
        unit.pk: sum(
            1
            for pk, provision_id, role in duties
            if role == side_of(unit)
            and (unit.pk, pk) not in recorded
            and (unit.pk, provision_id) not in cited
        )
        for unit in units
    }


def figure(value, url: str) -> Cell:
    """A number linked to what it counts (a nought lists nothing: no link)."""
    return Cell(n(value), url if value else "")


def unit_table(scope: Scope, units, request_list: str) -> Table:
    """One row per unit, each figure linked to the list (or the overview's
    table) that shows exactly what it counts."""
    ids = [u.pk for u in units]
    requests = request_figures(scope, ids)
    exchanges = exchange_figures(scope, ids)
    incidents = incident_figures(scope, ids)
    no_evidence = duties_without_evidence(scope, units)
    table = Table(
        "units",
        _("Tình hình thực hiện Quy chế theo đơn vị"),
        [
            _("Đơn vị"),
            _("Đề nghị đang xử lý"),
            _("Đề nghị quá hạn trả lời"),
            _("Chờ ý kiến chỉ đạo"),
            str(STATUS_LABELS["on_time"]),
            str(STATUS_LABELS["late"]),
            str(STATUS_LABELS["missing"]),
            _("Tình huống đang xử lý"),
            _("Trách nhiệm chưa có kết quả"),
        ],
        empty=_("Không có đơn vị nào trực thuộc."),
    )
    period = scope.period
    single_round = period.rounds[0].pk if len(period.rounds) == 1 else None
    area = scope.area.code if scope.area else None
    for unit in units:
        overview = {"unit": unit.pk, "period": scope.period_key, "area": area}
        request_params = scope.request_params(organization=unit.pk)
        report_params = {"organization": unit.pk, "round": single_round}
        figures = exchanges.get(unit.pk, {})
        table.rows.append(
            [
                Cell(unit.name, link("reports:dashboard-overview", overview)),
                figure(requests[unit.pk]["open"], link(request_list, request_params)),
                figure(
                    requests[unit.pk]["overdue"],
                    link(request_list, {**request_params, "overdue": "on"}),
                ),
                figure(
                    requests[unit.pk]["awaiting"],
                    link(request_list, {"organization": unit.pk, "state": "escalated"}),
                ),
                *(
                    figure(
                        figures.get(key),
                        link(
                            "coordination:exchange-list",
                            {**report_params, "status": key},
                        ),
                    )
                    for key in EXCHANGES
                ),
                figure(
                    incidents.get(unit.pk),
                    link(
                        "coordination:incident-list",
                        {"organization": unit.pk, "status": "open", "area": area},
                    ),
                ),
                figure(
                    no_evidence.get(unit.pk),
                    link("reports:dashboard-overview", overview) + "#table-no_evidence",
                ),
            ]
        )
    return table
