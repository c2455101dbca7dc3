"""The end-of-term report (ward Điều 11.2): at the end of the term the police
committee reports the regulation's implementation to the ward's executive
committee (Ban Chấp hành Đảng bộ phường), not only to its standing committee.

A ``ReportDraft`` with a ``term`` (``coordination.Term``, the ward's nhiệm
kỳ): its period runs from 1 January of the term's first year to 31 December
of its last, over every periodic round of the ward in those years. The body
is the yearly report's (``result_report.data_sections`` over the whole term
and the same hand-written sections), preceded by one table of the figures of
each year of the term. A fixed number of queries whatever the data.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.exchanges.models import ExchangeRound
from coordination.exchanges.selectors import status_filters
from coordination.organizations.models import Organization, Term
from coordination.permissions import visible_exchange_reports, visible_incidents

from .document import PartyDocument, Section, Table
from .documents import report_document
from .models import ReportDraft
from .result_report import (
    Period,
    _n,
    data_sections,
    period_requests,
    police_of,
    ward_tree,
)

YEAR_FIGURES = ("expected", "on_time", "late", "missing")


def term_label(term: Term) -> str:
    return _("nhiệm kỳ %(start)s–%(end)s") % {
        "start": term.start_year,
        "end": term.end_year,
    }


def term_period(draft: ReportDraft) -> Period:
    """The term's years, with every periodic round of the ward in them (one
    query)."""
    term = draft.term
    conditions = {
        "ward_id": draft.ward_id,
        "year__gte": term.start_year,
        "year__lte": term.end_year,
        "kind__in": ExchangeRound.PERIODIC_KINDS,
    }
    rounds = list(
        ExchangeRound.objects.filter(**conditions)
        .select_related("regulation")
        .order_by("period_start", "pk")
    )
    return Period(
        datetime.date(term.start_year, 1, 1),
        datetime.date(term.end_year, 12, 31),
        rounds,
        term_label(term),
        Q(**{f"round__{key}": value for key, value in conditions.items()}),
    )


def open_terms(ward_ids) -> list[Term]:
    """The terms of the given wards without an end-of-term draft yet, the
    latest first (one query)."""
    if not ward_ids:
        return []
    return list(
        Term.objects.filter(organization_id__in=ward_ids)
        .exclude(report_drafts__isnull=False)
        .select_related("organization")
        .order_by("-end_year", "organization__name")
    )


def year_rows(user, draft: ReportDraft, period: Period) -> list[list[str]]:
    """One row per year of the term: the exchange reports (expected, on time,
    late, missing), the requests sent and the urgent situations reported, each
    through its own visibility helper (three queries)."""
    filters = status_filters(timezone.localdate())
    exchanges = {
        row["round__year"]: row
        for row in visible_exchange_reports(user)
        .filter(period.round_q)
        .values("round__year")
        .annotate(**{key: Count("pk", filter=filters[key]) for key in YEAR_FIGURES})
        .order_by("round__year")
    }
    requests = dict(
        period_requests(user, draft.ward_id, period)
        .annotate(y=ExtractYear("sent_at"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    start, end = period.bounds()
    incidents = dict(
        visible_incidents(user)
        .filter(
            reported_at__gte=start,
            reported_at__lt=end,
            reporter__in=Organization.objects.filter(ward_tree(draft.ward_id)),
        )
        .annotate(y=ExtractYear("reported_at"))
        .values("y")
        .annotate(n=Count("pk"))
        .values_list("y", "n")
    )
    rows = []
    for year in range(period.start.year, period.end.year + 1):
        row = exchanges.get(year, {})
        rows.append(
            [
                str(year),
                *(_n(row.get(key)) for key in YEAR_FIGURES),
                _n(requests.get(year)),
                _n(incidents.get(year)),
            ]
        )
    return rows


def years_section(user, draft: ReportDraft, period: Period) -> Section:
    section = Section(heading=_("Kết quả qua các năm của nhiệm kỳ"))
    section.tables.append(
        Table(
            [
                _("Năm"),
                _("Báo cáo phải nộp"),
                _("Đúng hạn"),
                _("Nộp muộn"),
                _("Quá hạn chưa nộp"),
                _("Đề nghị phối hợp"),
                _("Tình huống đột xuất"),
            ],
            year_rows(user, draft, period),
            widths=[10, 16, 14, 14, 16, 15, 15],
        )
    )
    return section


def term_report_document(user, draft: ReportDraft) -> PartyDocument:
    """The end-of-term report as its reader sees it, addressed to the ward's
    executive committee."""
    ward = draft.ward
    period = term_period(draft)
    police = police_of(ward) or ward
    intro = _(
        "Thực hiện Quy chế phối hợp, %(org)s báo cáo Ban Chấp hành %(ward)s kết "
        "quả thực hiện Quy chế %(period)s (từ ngày %(start)s đến ngày %(end)s) "
        "như sau:"
    ) % {
        "org": police.name,
        "ward": ward.name,
        "period": period.label,
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
    }
    recipients = [
        _("Ban Chấp hành Đảng bộ phường (để báo cáo)"),
        _("Thường trực, Ban Thường vụ Đảng ủy (để báo cáo)"),
        _("Các chi bộ, đảng bộ"),
    ]
    subject = _("tổng kết thực hiện Quy chế phối hợp %(period)s") % {
        "period": period.label
    }
    sections = [years_section(user, draft, period), *data_sections(user, draft, period)]
    return report_document(draft, police, intro, sections, recipients, subject)
