"""A cell's scorecard: what it owes now, how timely its exchange reports
were in the period, its open requests, and its side's duties with or without
evidence. Only what the viewer may open (the visibility helpers of
``coordination.permissions``); a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.exchanges.models import ExchangeReport
from coordination.exchanges.selectors import STATUS_LABELS, status_filters
from coordination.incidents.models import ActionItem
from coordination.permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
    visible_review_meetings,
)
from coordination.requests.filters import overdue_recipients
from coordination.requests.models import CoordinationRequest, RequestRecipient
from coordination.reviews.models import ReviewActionItem
from regulations.models import Side
from reports.result_report import Period, coverage, period_requests, regulation_of

from .coverage import duty_rows, evidence_link, requests_citing
from .selectors import HEAT, HEAT_LABELS, heat_status
from .tables import Cell, Table, link, n, pattern


def _due_cells(kind: str, text: str, url: str, due, today):
    overdue = due is not None and due < today
    return due or datetime.date.max, [
        Cell(kind),
        Cell(text, url),
        Cell(due.strftime("%d/%m/%Y") if due else ""),
        Cell(_("Quá hạn") if overdue else _("Còn hạn"), "", "late" if overdue else ""),
    ]


def obligations(user, cell, today) -> Table:
    """What the cell owes now: answers, exchange reports, action items.
    Four queries."""
    table = Table(
        "obligations",
        _("Việc chi bộ đang phải làm"),
        [_("Loại việc"), _("Nội dung"), _("Hạn"), _("Tình trạng")],
        empty=_("Không có việc nào đang chờ."),
    )
    rows = []
    request_url = pattern("coordination:request-detail")
    for row in (
        RequestRecipient.objects.filter(
            organization=cell,
            state__in=RequestRecipient.AWAITING_ANSWER,
            request__status=CoordinationRequest.Status.OPEN,
            request__in=visible_requests(user),
        )
        .values("request_id", "request__subject", "due_date")
        .order_by("due_date", "pk")
    ):
        rows.append(
            _due_cells(
                _("Trả lời đề nghị"),
                row["request__subject"],
                request_url(row["request_id"]),
                row["due_date"],
                today,
            )
        )
    report_url = pattern("coordination:exchange-detail")
    for report in (
        visible_exchange_reports(user)
        .filter(organization=cell, state__in=ExchangeReport.OWED)
        .select_related("round")
        .order_by("round__due_date", "pk")
    ):
        rows.append(
            _due_cells(
                _("Báo cáo trao đổi thông tin"),
                report.round.label,
                report_url(report.pk),
                report.round.due_date,
                today,
            )
        )
    incident_url = pattern("coordination:incident-detail")
    for row in (
        ActionItem.objects.filter(
            owner=cell, done_at__isnull=True, incident__in=visible_incidents(user)
        )
        .values("description", "incident_id", "due_date")
        .order_by("due_date", "pk")
    ):
        rows.append(
            _due_cells(
                _("Việc theo chỉ đạo"),
                row["description"],
                incident_url(row["incident_id"]),
                row["due_date"],
                today,
            )
        )
    review_url = pattern("coordination:review-detail")
    for row in (
        ReviewActionItem.objects.filter(
            owner=cell,
            done_at__isnull=True,
            meeting__in=visible_review_meetings(user),
        )
        .values("description", "meeting_id", "due_date")
        .order_by("due_date", "pk")
    ):
        rows.append(
            _due_cells(
                _("Việc sau họp đánh giá"),
                row["description"],
                review_url(row["meeting_id"]),
                row["due_date"],
                today,
            )
        )
    rows.sort(key=lambda row: row[0])
    table.rows = [cells for _due, cells in rows]
    return table


def timeliness(user, cell, period: Period, today) -> tuple[Table, dict]:
    """The cell's exchange reports of the period's rounds (one row each) and
    their figures, in the timeliness table's definitions. Two queries."""
    qs = visible_exchange_reports(user).filter(period.round_q, organization=cell)
    filters = status_filters(today)
    figures = qs.aggregate(
        **{key: Count("pk", filter=filters[key]) for key in ("expected", *HEAT)}
    )
    table = Table(
        "timeliness",
        _("Báo cáo trao đổi thông tin của chi bộ"),
        [_("Kỳ"), _("Hạn nộp"), _("Nộp lần đầu"), _("Tình hình nộp")],
        empty=_("Không có báo cáo nào trong kỳ."),
    )
    url = pattern("coordination:exchange-detail")
    for report in qs.select_related("round").order_by("round__period_start", "pk"):
        status = heat_status(
            report.state,
            report.submitted_late,
            report.first_submitted_at,
            report.round.due_date,
            today,
        )
        sent = report.first_submitted_at
        table.rows.append(
            [
                Cell(report.round.label),
                Cell(report.round.due_date.strftime("%d/%m/%Y")),
                Cell(timezone.localtime(sent).strftime("%d/%m/%Y") if sent else ""),
                Cell(str(HEAT_LABELS[status]), url(report.pk), status),
            ]
        )
    return table, figures


def request_figures(user, cell, ward, period: Period, today, list_name) -> dict:
    """The period's requests the cell sent or received: open, overdue. One
    query."""
    qs = period_requests(user, ward.pk, period).filter(
        Q(sender=cell)
        | Exists(
            RequestRecipient.objects.filter(request=OuterRef("pk"), organization=cell)
        )
    )
    figures = qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=CoordinationRequest.Status.OPEN)),
        overdue=Count("pk", filter=Q(Exists(overdue_recipients(today)))),
    )
    params = {
        "organization": cell.pk,
        "sent_from": period.start.isoformat(),
        "sent_to": min(period.end, today).isoformat(),
    }
    figures["url"] = link(list_name, params)
    figures["overdue_url"] = link(list_name, {**params, "overdue": "on"})
    return figures


def duties(user, cell, ward, period: Period) -> tuple[Table, Table]:
    """The cells' side's duties, with the cell's own evidence in the period:
    its sent exchange reports that record them, its requests citing them."""
    regulation = regulation_of(ward, period)
    found = coverage(user, regulation, period, organization_id=cell.pk)
    own = [d for d, _c in found if d.side.role == Side.Role.CELLS]
    counts = {d.pk: c for d, c in found}
    sent = period_requests(user, ward.pk, period).filter(sender=cell)
    return duty_rows(own, counts, requests_citing(sent), evidence_link(period, cell))


def scorecard(user, cell, ward, period: Period, list_name: str) -> dict:
    today = timezone.localdate()
    timely, figures = timeliness(user, cell, period, today)
    full, missing = duties(user, cell, ward, period)
    labels = {key: STATUS_LABELS[key] for key in ("expected", *HEAT)}
    return {
        "obligations": obligations(user, cell, today),
        "timeliness": timely,
        # The exchange list of the cell's reports, by round and status.
        "figures": [
            (
                labels[k],
                n(figures[k]),
                link(
                    "coordination:exchange-list",
                    {
                        "round": period.rounds[0].pk if len(period.rounds) == 1 else "",
                        "status": "" if k == "expected" else k,
                        "organization": cell.pk,
                    },
                ),
            )
            for k in labels
        ],
        "requests": request_figures(user, cell, ward, period, today, list_name),
        "coverage": full,
        "no_evidence": missing,
    }
