"""The overview's figures for a ward, a period, an area and an organisation.

Every figure starts from a visibility helper of ``coordination.permissions``
(``visible_requests``, ``visible_exchange_reports``, ``visible_incidents``,
``visible_review_meetings``, ``assessment_table``) and reuses the report on
the regulation's implementation (``reports.result_report``: its period, its
request and exchange definitions, its coverage of duties), so a number never
counts what its list would not show. Aggregates are computed in the database
(conditional counts); the number of queries does not depend on the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.exchanges.models import ExchangeReport
from coordination.exchanges.selectors import STATUS_LABELS, status_filters
from coordination.incidents.models import ActionItem, Incident
from coordination.organizations.models import Organization
from coordination.permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
)
from coordination.requests.filters import overdue_recipients
from coordination.requests.models import (
    CoordinationRequest,
    RequestEvent,
    RequestRecipient,
)
from reports.result_report import Period, period_requests, ward_tree

from .tables import Cell, Table, link, n, pattern

HEAT = ("on_time", "late", "missing", "returned")
Rec = RequestRecipient.State


@dataclass
class Scope:
    """What the overview is about, and for whom."""

    user: object
    ward: Organization
    view: str  # "oversight" or "police"
    period: Period
    period_key: str
    area: object = None  # regulations.Area
    organization: Organization | None = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def request_list(self) -> str:
        # Only the standing committee and the office have the list of every
        # request; the police committee's are in its inbox.
        if self.view == "oversight":
            return "coordination:request-all"
        return "coordination:request-inbox"

    def request_params(self, **extra) -> dict:
        return {
            "sent_from": self.period.start.isoformat(),
            "sent_to": min(self.period.end, self.today).isoformat(),
            "area": self.area.pk if self.area else None,
            "organization": self.organization.pk if self.organization else None,
            **extra,
        }

    def in_ward(self):
        """The ward's organisations (for ``<organisation>__in``)."""
        return Organization.objects.filter(ward_tree(self.ward.pk))


# --- Requests ---------------------------------------------------------------------------


def scoped_requests(scope: Scope):
    qs = period_requests(scope.user, scope.ward.pk, scope.period)
    if scope.area:
        qs = qs.filter(area=scope.area)
    if scope.organization:
        org = scope.organization
        qs = qs.filter(
            Q(sender=org)
            | Exists(
                RequestRecipient.objects.filter(
                    request=OuterRef("pk"), organization=org
                )
            )
        )
    return qs


def _request_counts(today) -> dict:
    return {
        "total": Count("pk", distinct=True),
        "open": Count(
            "pk", filter=Q(status=CoordinationRequest.Status.OPEN), distinct=True
        ),
        "overdue": Count(
            "pk", filter=Q(Exists(overdue_recipients(today))), distinct=True
        ),
    }


def request_block(scope: Scope) -> dict:
    """Open, overdue, awaiting direction (with age), by area, by pair of
    organisations. Four queries."""
    qs = scoped_requests(scope)
    today, url = scope.today, scope.request_list
    figures = qs.aggregate(**_request_counts(today))
    by_area = Table(
        "requests_by_area",
        _("Đề nghị phối hợp theo lĩnh vực"),
        [_("Lĩnh vực"), _("Đã gửi"), _("Đang xử lý"), _("Quá hạn trả lời")],
        empty=_("Không có đề nghị nào trong kỳ."),
    )
    for row in (
        qs.values("area_id", "area__name")
        .annotate(**_request_counts(today))
        .order_by("area__name")
    ):
        params = scope.request_params(area=row["area_id"] or scope.area)
        by_area.rows.append(
            [
                Cell(row["area__name"] or _("Chưa xác định lĩnh vực")),
                Cell(n(row["total"]), link(url, params)),
                Cell(n(row["open"]), link(url, params)),
                Cell(n(row["overdue"]), link(url, {**params, "overdue": "on"})),
            ]
        )
    pairs = Table(
        "requests_by_pair",
        _("Đề nghị phối hợp theo cặp đơn vị"),
        [_("Đơn vị gửi"), _("Đơn vị nhận"), _("Đã gửi"), _("Chưa xong"), _("Quá hạn")],
        empty=_("Không có đề nghị nào trong kỳ."),
    )
    for row in (
        RequestRecipient.objects.filter(request__in=qs)
        .exclude(state=Rec.DRAFT)
        .values(
            "request__sender_id",
            "request__sender__name",
            "organization_id",
            "organization__name",
        )
        .annotate(
            total=Count("pk"),
            pending=Count("pk", filter=~Q(state__in=RequestRecipient.TERMINAL)),
            overdue=Count(
                "pk",
                filter=Q(
                    state__in=RequestRecipient.AWAITING_ANSWER, due_date__lt=today
                ),
            ),
        )
        .order_by("request__sender__name", "organization__name")
    ):
        # The list filters by one organisation: the recipient's requests.
        params = scope.request_params(organization=row["organization_id"])
        pairs.rows.append(
            [
                Cell(row["request__sender__name"]),
                Cell(row["organization__name"]),
                Cell(n(row["total"]), link(url, params)),
                Cell(n(row["pending"]), link(url, params)),
                Cell(n(row["overdue"]), link(url, {**params, "overdue": "on"})),
            ]
        )
    return {
        "figures": figures,
        "links": {
            "total": link(url, scope.request_params()),
            "open": link(url, scope.request_params()),
            "overdue": link(url, scope.request_params(overdue="on")),
            "escalated": link(url, scope.request_params(state=Rec.ESCALATED)),
        },
        "by_area": by_area,
        "by_pair": pairs,
        "awaiting": awaiting_direction(scope),
    }


def escalated_threads(scope: Scope):
    """Recipients (threads) escalated and not yet directed, whatever the
    period, of the requests of the ward the user may open; of one
    organisation (sender or recipient) if the scope has one."""
    qs = RequestRecipient.objects.filter(
        request__in=visible_requests(scope.user).filter(sender__in=scope.in_ward()),
        state=Rec.ESCALATED,
    )
    org = scope.organization
    if org is not None:
        qs = qs.filter(Q(organization=org) | Q(request__sender=org))
    return qs


def awaiting_direction(scope: Scope) -> Table:
    """Recipients escalated to the standing committee and not yet directed,
    oldest first, with the days since the escalation."""
    escalated_at = (
        RequestEvent.objects.filter(recipient=OuterRef("pk"), action="escalate")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    rows = (
        escalated_threads(scope)
        .annotate(escalated_at=Subquery(escalated_at))
        .values(
            "request_id",
            "request__subject",
            "request__sender__name",
            "organization__name",
            "escalated_at",
        )
        .order_by(F("escalated_at").asc(nulls_last=True), "pk")
    )
    table = Table(
        "awaiting_direction",
        _("Chờ ý kiến chỉ đạo của Thường trực"),
        [
            _("Đề nghị"),
            _("Đơn vị gửi"),
            _("Đơn vị nhận"),
            _("Báo cáo từ"),
            _("Số ngày"),
        ],
        empty=_("Không có việc nào chờ chỉ đạo."),
    )
    url = pattern("coordination:request-detail")
    for row in rows:
        at = row["escalated_at"]
        day = timezone.localtime(at).date() if at else None
        table.rows.append(
            [
                Cell(row["request__subject"], url(row["request_id"])),
                Cell(row["request__sender__name"]),
                Cell(row["organization__name"]),
                Cell(day.strftime("%d/%m/%Y") if day else ""),
                Cell(str((scope.today - day).days) if day else ""),
            ]
        )
    return table


# --- Exchanges: organisations × rounds --------------------------------------------------


def heat_status(state, late, submitted_at, due_date, today) -> str:
    """One report's cell in the heatmap, by status_filters' definitions."""
    if state == ExchangeReport.State.RETURNED:
        return "returned"
    if late:
        return "late"
    if submitted_at is not None:
        return "on_time"
    if due_date < today:
        return "missing"
    return "pending"


HEAT_LABELS = {
    **{key: STATUS_LABELS[key] for key in HEAT},
    "pending": gettext_lazy("Chưa đến hạn"),
}


def scoped_reports(scope: Scope):
    qs = visible_exchange_reports(scope.user).filter(
        scope.period.round_q, round__ward=scope.ward
    )
    if scope.organization:
        qs = qs.filter(organization=scope.organization)
    return qs


def exchange_block(scope: Scope) -> dict:
    """The heatmap (a cell per report: one query) and each round's figures
    (one query)."""
    qs = scoped_reports(scope)
    rounds = scope.period.rounds
    directions = dict(ExchangeReport.Direction.choices)
    grid: dict[tuple, dict] = {}
    names: dict[tuple, str] = {}
    for pk, org_id, name, direction, round_id, state, late, sub, due in qs.values_list(
        "pk",
        "organization_id",
        "organization__name",
        "direction",
        "round_id",
        "state",
        "submitted_late",
        "first_submitted_at",
        "round__due_date",
    ).order_by("direction", "organization__name"):
        key = (direction, org_id)
        names[key] = f"{name} ({directions.get(direction, direction)})"
        grid.setdefault(key, {})[round_id] = (
            pk,
            heat_status(state, late, sub, due, scope.today),
        )
    url = pattern("coordination:exchange-detail")
    heat = Table(
        "exchange_heatmap",
        _("Tình hình nộp báo cáo trao đổi thông tin"),
        [_("Đơn vị")] + [r.label for r in rounds],
        empty=_("Không có báo cáo trao đổi thông tin trong kỳ."),
    )
    for key in names:
        row = [Cell(names[key])]
        for r in rounds:
            found = grid[key].get(r.pk)
            if found is None:
                row.append(Cell("—"))
            else:
                pk, status = found
                row.append(Cell(str(HEAT_LABELS[status]), url(pk), status))
        heat.rows.append(row)
    filters = status_filters(scope.today)
    figures = {
        row["round_id"]: row
        for row in qs.values("round_id").annotate(
            **{key: Count("pk", filter=filters[key]) for key in ("expected", *HEAT)}
        )
    }
    summary = Table(
        "exchange_rounds",
        _("Tình hình nộp theo kỳ"),
        [_("Kỳ"), str(STATUS_LABELS["expected"])]
        + [str(STATUS_LABELS[k]) for k in HEAT],
        empty=_("Không có báo cáo trao đổi thông tin trong kỳ."),
    )
    for r in rounds:
        row = figures.get(r.pk)
        if row is None:
            continue
        cells = [Cell(r.label)]
        for key in ("expected", *HEAT):
            params = {
                "round": r.pk,
                "status": "" if key == "expected" else key,
                "organization": scope.organization.pk if scope.organization else None,
            }
            cells.append(Cell(n(row[key]), link("coordination:exchange-list", params)))
        summary.rows.append(cells)
    return {"heatmap": heat, "rounds": summary}


# --- Urgent situations ------------------------------------------------------------------


def scoped_incidents(scope: Scope):
    qs = visible_incidents(scope.user).filter(reporter__in=scope.in_ward())
    if scope.area:
        qs = qs.filter(area=scope.area)
    if scope.organization:
        qs = qs.filter(reporter=scope.organization)
    return qs


def incident_block(scope: Scope) -> dict:
    """Open ones by severity and age; reported in the period by area and
    month; overdue action items of the directions. Three queries."""
    qs = scoped_incidents(scope)
    now = timezone.now()
    day, week = now - datetime.timedelta(days=1), now - datetime.timedelta(days=7)
    base = {
        "area": scope.area.code if scope.area else None,
        "organization": scope.organization.pk if scope.organization else None,
    }
    severities = dict(Incident.Severity.choices)
    open_table = Table(
        "incidents_open",
        _("Tình huống đang xử lý theo mức độ và thời gian"),
        [_("Mức độ"), _("Tổng số"), _("Dưới 1 ngày"), _("1–7 ngày"), _("Trên 7 ngày")],
        empty=_("Không có tình huống nào đang xử lý."),
    )
    for row in (
        qs.filter(state__in=Incident.OPEN)
        .values("severity")
        .annotate(
            total=Count("pk"),
            fresh=Count("pk", filter=Q(reported_at__gte=day)),
            week=Count("pk", filter=Q(reported_at__lt=day, reported_at__gte=week)),
            older=Count("pk", filter=Q(reported_at__lt=week)),
        )
        .order_by("-severity")
    ):
        # The list of the open ones of this severity (it has no age filter).
        url = link(
            "coordination:incident-list",
            {**base, "severity": row["severity"], "status": "open"},
        )
        open_table.rows.append(
            [Cell(str(severities.get(row["severity"], row["severity"])))]
            + [Cell(n(row[k]), url) for k in ("total", "fresh", "week", "older")]
        )
    start, end = scope.period.bounds()
    monthly = list(
        qs.filter(reported_at__gte=start, reported_at__lt=end)
        .annotate(month=TruncMonth("reported_at"))
        .values("area__code", "area__name", "month")
        .annotate(n=Count("pk"))
        .order_by("area__name", "month")
    )
    months = sorted(
        {
            row["month"].date() if hasattr(row["month"], "date") else row["month"]
            for row in monthly
        }
    )
    by_area = Table(
        "incidents_by_month",
        _("Tình huống đã báo cáo theo lĩnh vực và tháng"),
        [_("Lĩnh vực")] + [m.strftime("%m/%Y") for m in months],
        empty=_("Trong kỳ không có tình huống phức tạp, đột xuất."),
    )
    grid: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for row in monthly:
        code = row["area__code"] or ""
        labels[code] = row["area__name"] or _("Chưa xác định lĩnh vực")
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        grid.setdefault(code, {})[month] = row["n"]
    for code, label in labels.items():
        by_area.rows.append(
            [Cell(label)]
            + [
                Cell(
                    n(grid[code].get(m)),
                    link(
                        "coordination:incident-list",
                        {
                            **base,
                            "area": code or base["area"],
                            "month": m.strftime("%Y-%m"),
                        },
                    ),
                )
                for m in months
            ]
        )
    items = Table(
        "action_items_overdue",
        _("Việc được giao theo chỉ đạo đã quá hạn"),
        [_("Việc cần làm"), _("Đơn vị thực hiện"), _("Hạn"), _("Tình huống")],
        empty=_("Không có việc nào quá hạn."),
    )
    detail = pattern("coordination:incident-detail")
    for row in (
        ActionItem.objects.filter(
            incident__in=qs, done_at__isnull=True, due_date__lt=scope.today
        )
        .values(
            "description", "owner__name", "due_date", "incident_id", "incident__title"
        )
        .order_by("due_date", "pk")
    ):
        items.rows.append(
            [
                Cell(row["description"], detail(row["incident_id"])),
                Cell(row["owner__name"]),
                Cell(row["due_date"].strftime("%d/%m/%Y")),
                Cell(row["incident__title"], detail(row["incident_id"])),
            ]
        )
    return {"open": open_table, "by_month": by_area, "overdue_items": items}
