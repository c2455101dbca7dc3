"""The dashboards: the ward's overview (standing committee, office; the
police committee for its own side), a cell's scorecard, the XLSX of each of
their tables. Who may open them: ``visibility``; what they count: the
selectors, from the same visibility helpers as the lists they link to."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import Role, has_role
from coordination.organizations.models import Organization
from coordination.validators import parse_int

from . import charts, coverage, scorecard, selectors
from .export import XLSX, table_xlsx
from .forms import OverviewFilterForm, ward_rounds
from .units import unit_table
from .visibility import (
    dashboard_ward_ids,
    get_dashboard_unit_for_user,
    get_dashboard_ward_for_user,
    get_overseen_ward_for_user,
    get_scorecard_cell_for_user,
    overseen_ward_ids,
    scorecard_cells,
    units_of,
)

TEMPLATES = "reports/dashboard/"


def _form(request: HttpRequest, ward, unit=None) -> OverviewFilterForm:
    params = request.GET.copy()
    params.pop("ward", None)
    params.pop("unit", None)
    if unit is not None:
        # A unit's overview: the ward's, narrowed to that organisation.
        params["organization"] = str(unit.pk)
    return OverviewFilterForm(params or None, ward=ward, rounds=ward_rounds(ward))


def overview_data(request: HttpRequest) -> dict:
    user = request.user
    ward_id = parse_int(request.GET.get("ward"))
    unit_id = parse_int(request.GET.get("unit"))
    unit = None if unit_id is None else get_dashboard_unit_for_user(user, unit_id)
    if unit is not None:
        ward_id = unit.root().pk
    ward, view = get_dashboard_ward_for_user(user, ward_id)
    form = _form(request, ward, unit)
    key, period = form.chosen_period()
    scope = selectors.Scope(
        user=user,
        ward=ward,
        view=view,
        period=period,
        period_key=key,
        area=form.chosen_area(),
        organization=form.chosen_organization(),
        today=timezone.localdate(),
    )
    requests = selectors.request_block(scope)
    exchanges = selectors.exchange_block(scope)
    incidents = selectors.incident_block(scope)
    covered = coverage.coverage_block(scope)
    tables = [
        requests["by_area"],
        requests["by_pair"],
        requests["awaiting"],
        exchanges["heatmap"],
        exchanges["rounds"],
        incidents["open"],
        incidents["by_month"],
        incidents["overdue_items"],
        coverage.assessment_block(scope),
        covered["coverage"],
        covered["no_evidence"],
        coverage.due_soon(scope),
    ]
    for table in tables:
        table.xlsx = reverse("reports:dashboard-overview-xlsx", args=[table.key])
    return {
        "scope": scope,
        "form": form,
        "requests": requests,
        "exchanges": exchanges,
        "incidents": incidents,
        "coverage": covered,
        "tables": {t.key: t for t in tables},
        "subtitle": _("%(ward)s — %(period)s")
        % {"ward": ward.name, "period": period.label},
    }


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    if not dashboard_ward_ids(request.user):
        # A cell's leaders and support staff: their own cell's scorecard.
        own = scorecard_cells(request.user).order_by("name", "pk").first()
        if own is not None:
            return redirect("reports:dashboard-cell", pk=own.pk)
    data = overview_data(request)
    rounds = data["exchanges"]["rounds"]
    keys = ("expected", *selectors.HEAT)
    data["timeliness_chart"] = charts.timeliness_svg(
        [
            (row[0].text, {k: int(c.text) for k, c in zip(keys, row[1:], strict=True)})
            for row in rounds.rows
        ]
    )
    data["area_chart"] = charts.requests_by_area_svg(
        [(row[0].text, int(row[1].text)) for row in data["requests"]["by_area"].rows]
    )
    data["query"] = request.GET.urlencode()
    data["heat_legend"] = list(selectors.HEAT_LABELS.items())
    return render(request, TEMPLATES + "overview.html", data)


def _xlsx(table, subtitle: str, name: str) -> HttpResponse:
    response = HttpResponse(table_xlsx(table, subtitle=subtitle), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_GET
def overview_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    data = overview_data(request)
    found = data["tables"].get(table)
    if found is None:
        raise Http404
    return _xlsx(found, data["subtitle"], f"tong-quan-{table.replace('_', '-')}")


def scorecard_data(request: HttpRequest, pk: int) -> dict:
    user = request.user
    cell = get_scorecard_cell_for_user(user, pk)
    ward = cell.root()
    form = _form(request, ward)
    key, period = form.chosen_period()
    list_name = (
        "coordination:request-all"
        if has_role(user, Role.STANDING_COMMITTEE, Role.OFFICE_STAFF)
        else "coordination:request-inbox"
    )
    data = scorecard.scorecard(user, cell, ward, period, list_name)
    tables = [data["obligations"], data["timeliness"], data["coverage"]]
    tables.append(data["no_evidence"])
    for table in tables:
        table.xlsx = reverse("reports:dashboard-cell-xlsx", args=[cell.pk, table.key])
    return {
        **data,
        "cell": cell,
        "ward": ward,
        "form": form,
        "period": period,
        "tables": {t.key: t for t in tables},
        "subtitle": _("%(cell)s — %(period)s")
        % {"cell": cell.name, "period": period.label},
    }


@require_GET
def cell_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    data = scorecard_data(request, pk)
    data["query"] = request.GET.urlencode()
    return render(request, TEMPLATES + "scorecard.html", data)


@require_GET
def cell_scorecard_xlsx(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    data = scorecard_data(request, pk)
    found = data["tables"].get(table)
    if found is None:
        raise Http404
    return _xlsx(found, data["subtitle"], f"chi-bo-{pk}-{table.replace('_', '-')}")


def units_data(request: HttpRequest) -> dict:
    """The overview by unit of a ward or province the user oversees."""
    user = request.user
    ward = get_overseen_ward_for_user(user, parse_int(request.GET.get("ward")))
    form = _form(request, ward)
    key, period = form.chosen_period()
    scope = selectors.Scope(
        user=user,
        ward=ward,
        view="oversight",
        period=period,
        period_key=key,
        area=form.chosen_area(),
        today=timezone.localdate(),
    )
    table = unit_table(scope, list(units_of(ward)), scope.request_list)
    table.xlsx = reverse("reports:dashboard-units-xlsx")
    wards = overseen_ward_ids(user)
    return {
        "scope": scope,
        "form": form,
        "table": table,
        "wards": Organization.objects.filter(pk__in=wards).order_by("name")
        if len(wards) > 1
        else [],
        "subtitle": _("%(ward)s — %(period)s")
        % {"ward": ward.name, "period": period.label},
    }


@require_GET
def units_overview(request: HttpRequest) -> HttpResponse:
    data = units_data(request)
    data["query"] = request.GET.urlencode()
    return render(request, TEMPLATES + "units.html", data)


@require_GET
def units_xlsx(request: HttpRequest) -> HttpResponse:
    data = units_data(request)
    return _xlsx(data["table"], data["subtitle"], "tong-quan-theo-don-vi")
