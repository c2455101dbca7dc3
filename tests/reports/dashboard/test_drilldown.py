"""Exact drill-down (issue 15): the lists the overview links to filter by
what the overview counts — exchanges by organisation and by duty recorded,
urgent situations by severity and open / closed, assessments by cell, round
and area — a bad value shows a Vietnamese message and keeps the other
filters, and the overview's links use the filters: the list opened holds as
many items as the number clicked."""

import datetime

from django.urls import reverse

from coordination.assessments import services as assessment_services
from coordination.assessments.models import RatingLevel
from coordination.exchanges import services as exchange_services
from coordination.exchanges.selectors import report_duties
from coordination.models import ExchangeReport, Incident
from regulations.models import Area
from tests.factories import make_user
from tests.reports.conftest import fresh, report_of

from .conftest import get

INVALID = "Giá trị “{}” không hợp lệ."


def _list(client, user, name, **params):
    response = get(client, user, name, **params)
    assert response.status_code == 200
    return response


def _pks(response) -> set[int]:
    return {obj.pk for obj in response.context["page"].object_list}


# --- Exchanges --------------------------------------------------------------------------


def test_exchange_list_filters_by_organization(client, ward, result_data):
    viewer = ward.standing_member
    name = "coordination:exchange-list"
    response = _list(client, viewer, name, organization=ward.cell_b.pk)
    cell_b = set(
        ExchangeReport.objects.filter(organization=ward.cell_b).values_list(
            "pk", flat=True
        )
    )
    assert len(cell_b) > 1 and _pks(response) == cell_b
    # A bad value: a Vietnamese message, the round still applies.
    response = _list(
        client, viewer, name, organization="abc", round=result_data.pk, status="late"
    )
    assert set(response.context["filter"].errors) == {"organization"}
    assert INVALID.format("abc") in response.content.decode()
    assert _pks(response) == {report_of(result_data, ward.cell_b).pk}
    # Another ward's organisation is not a choice.
    response = _list(client, ward.secretary_a, name, organization=ward.cell_b.pk)
    assert set(response.context["filter"].errors) == {"organization"}


def test_exchange_list_filters_by_duty_recorded_in_a_sent_report(
    client, ward, result_data
):
    duty = report_duties(report_of(result_data, ward.cell_a))[0]
    # Cell C writes the same duty in a draft: its content is its own.
    secretary_c = make_user("secretary_c", org=ward.cell_c)
    draft = report_of(result_data, ward.cell_c)
    exchange_services.save_draft(
        report=draft, by=fresh(secretary_c), entries={duty.pk: "Đã làm."}
    )
    assert report_of(result_data, ward.cell_c).state == ExchangeReport.State.DRAFT
    name = "coordination:exchange-list"
    response = _list(client, ward.standing_member, name, duty=duty.pk)
    assert _pks(response) == {report_of(result_data, ward.cell_a).pk}
    # Cell C's own people see their draft in the list, not under the duty.
    response = _list(client, secretary_c, name, duty=duty.pk)
    assert draft.pk not in _pks(response)
    response = _list(client, ward.standing_member, name, duty="١٢", round="x")
    assert set(response.context["filter"].errors) == {"duty", "round"}
    assert response.context["page"].paginator.count > 1


def test_coverage_counts_link_to_the_reports_recording_the_duty(
    client, ward, result_data, h1_key
):
    response = get(
        client, ward.standing_member, "reports:dashboard-overview", period=h1_key
    )
    linked = [
        row[4] for row in response.context["tables"]["coverage"].rows if row[4].url
    ]
    assert linked
    for cell in linked[:3]:
        assert f"round={result_data.pk}" in cell.url
        page = client.get(cell.url)
        assert not page.context["filter"].errors
        assert page.context["page"].paginator.count == int(cell.text)
    # Narrowed to cell A: its own reports only.
    response = get(
        client,
        ward.standing_member,
        "reports:dashboard-overview",
        period=h1_key,
        unit=ward.cell_a.pk,
    )
    rows = response.context["tables"]["coverage"].rows
    assert rows and all(f"organization={ward.cell_a.pk}" in r[4].url for r in rows)


# --- Urgent situations ------------------------------------------------------------------


def test_incident_list_filters_by_severity_and_open_or_closed(
    client, ward, result_data
):
    viewer = ward.standing_member
    name = "coordination:incident-list"
    serious = Incident.objects.get(title="Tụ tập đông người tại chợ")
    assert _pks(_list(client, viewer, name, severity=2)) == {serious.pk}
    assert _pks(_list(client, viewer, name, severity=1)) == set()
    assert _pks(_list(client, viewer, name, status="open")) == {serious.pk}
    assert _pks(_list(client, viewer, name, status="closed")) == set()
    Incident.objects.filter(pk=serious.pk).update(state=Incident.State.CLOSED)
    assert _pks(_list(client, viewer, name, status="closed")) == {serious.pk}
    assert _pks(_list(client, viewer, name, status="open")) == set()
    response = _list(client, viewer, name, severity="9", status="mo", area="anqg")
    assert set(response.context["filter"].errors) == {"severity", "status"}
    assert "không hợp lệ" in response.content.decode()


def test_overview_open_situations_link_to_their_severity(
    client, ward, result_data, h1_key
):
    response = get(
        client, ward.standing_member, "reports:dashboard-overview", period=h1_key
    )
    row = response.context["tables"]["incidents_open"].rows[0]
    assert "severity=2" in row[1].url and "status=open" in row[1].url
    page = client.get(row[1].url)
    assert not page.context["filter"].errors
    assert page.context["page"].paginator.count == int(row[1].text) == 1


# --- Assessments --------------------------------------------------------------------------


def test_assessment_list_filters_by_cell_round_and_area(client, ward, result_data):
    viewer = ward.standing_member
    name = "coordination:assessment-list"
    anqg = Area.objects.get(code="anqg")
    other_area = Area.objects.exclude(pk=anqg.pk).first()
    rated = result_data  # cell A's rating is for H1
    # Cell B rates another area without a round: it counts in the round of
    # its date (15 July: H2), as in the assessment table.
    undated = assessment_services.create_assessment(
        by=fresh(ward.secretary_b),
        cell=ward.cell_b,
        lines=[(other_area, RatingLevel.objects.get(value=3), "")],
    )
    first = set(_pks(_list(client, viewer, name, organization=ward.cell_a.pk)))
    assert len(first) == 1 and undated.pk not in first
    assert _pks(_list(client, viewer, name, round=rated.pk)) == first
    assert _pks(_list(client, viewer, name, area="anqg")) == first
    assert _pks(_list(client, viewer, name, area=other_area.code)) == {undated.pk}
    h2 = next(
        r
        for r in _list(client, viewer, name).context["filter"].rounds
        if r.period_start <= datetime.date(2026, 7, 15) <= r.period_end
    )
    assert _pks(_list(client, viewer, name, round=h2.pk)) == {undated.pk}
    response = _list(client, viewer, name, organization="x", round="", area="anqg")
    assert set(response.context["filter"].errors) == {"organization"}
    assert INVALID.format("x") in response.content.decode()
    assert _pks(response) == first


def test_overview_assessment_links_open_that_assessment(
    client, ward, result_data, h1_key
):
    response = get(
        client, ward.standing_member, "reports:dashboard-overview", period=h1_key
    )
    row = response.context["tables"]["assessments"].rows[0]
    assert row[2].url.startswith(reverse("coordination:assessment-list"))
    page = client.get(row[2].url)
    assert not page.context["filter"].errors
    assert page.context["page"].paginator.count == 1


def test_scorecard_figures_open_the_cells_own_reports(
    client, ward, result_data, h1_key
):
    response = get(
        client,
        ward.standing_member,
        "reports:dashboard-cell",
        ward.cell_b.pk,
        period=h1_key,
    )
    for _label, value, url in response.context["figures"]:
        assert f"organization={ward.cell_b.pk}" in url
        page = client.get(url)
        assert not page.context["filter"].errors
        assert page.context["page"].paginator.count == int(value)
