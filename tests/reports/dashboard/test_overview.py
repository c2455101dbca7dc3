"""The overview's figures equal counts computed here from the seeded objects,
through the same visibility helpers as the lists (a viewer never counts what
he cannot open); the heatmap links each cell to its report; the duties
without evidence link to their provision."""

import datetime

from django.db.models import Exists
from django.urls import reverse

from coordination.exchanges.selectors import status_filters
from coordination.models import CoordinationRequest, ExchangeReport, Incident
from coordination.permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
)
from coordination.requests.filters import overdue_recipients
from regulations.models import Responsibility, Side
from tests.reports.conftest import fresh, report_of

from .conftest import get

TODAY = datetime.date(2026, 7, 15)


def cell_of(table, row_text, column):
    for row in table.rows:
        if row[0].text.startswith(row_text):
            return row[column]
    raise AssertionError(f"no row {row_text!r} in {table.key}")


def test_late_report_is_late_in_its_heatmap_cell_and_links_to_it(
    client, ward, result_data, h1_key
):
    response = get(
        client, ward.standing_member, "reports:dashboard-overview", period=h1_key
    )
    assert response.status_code == 200
    heat = response.context["tables"]["exchange_heatmap"]
    assert heat.header[1:] == [result_data.label]
    late = cell_of(heat, ward.cell_b.name, 1)
    report_b = report_of(result_data, ward.cell_b)
    assert late.css == "late" and late.text == "Nộp muộn"
    assert late.url == reverse("coordination:exchange-detail", args=[report_b.pk])
    on_time = cell_of(heat, ward.cell_a.name, 1)
    assert on_time.css == "on_time"
    assert cell_of(heat, ward.cell_c.name, 1).css == "missing"
    html = response.content.decode()
    assert f'class="heat heat--late"><a href="{late.url}">Nộp muộn</a>' in html
    # The round's figures: the timeliness table's own definitions, counted here.
    mine = visible_exchange_reports(fresh(ward.standing_member)).filter(
        round=result_data
    )
    filters = status_filters(TODAY)
    expected = [
        str(mine.filter(filters[k]).count())
        for k in ("expected", "on_time", "late", "missing", "returned")
    ]
    row = response.context["tables"]["exchange_rounds"].rows[0]
    assert [c.text for c in row[1:]] == expected
    assert expected[1:4] == ["1", "1", str(mine.count() - 2)]
    assert row[3].url == (
        reverse("coordination:exchange-list") + f"?round={result_data.pk}&status=late"
    )


def test_duty_without_evidence_is_listed_with_its_provision(
    client, ward, result_data, h1_key
):
    response = get(
        client, ward.standing_member, "reports:dashboard-overview", period=h1_key
    )
    missing = response.context["tables"]["no_evidence"]
    full = response.context["tables"]["coverage"]
    listed = {row[0].url for row in missing.rows}
    regulation = result_data.regulation
    duties = Responsibility.objects.filter(
        provision__regulation=regulation, area__isnull=False
    ).select_related("provision__regulation", "side")
    cells = [d for d in duties if d.side.role == Side.Role.CELLS]
    police = [d for d in duties if d.side.role == Side.Role.POLICE]
    assert cells and police
    # Cell A wrote an entry for every duty of its side: none of them listed
    # (unless a police duty shares the provision).
    police_urls = {d.provision.get_absolute_url() for d in police}
    for duty in cells:
        url = duty.provision.get_absolute_url()
        assert url not in listed or url in police_urls
    # The police committee has not submitted its report: its duties are.
    for duty in police:
        assert duty.provision.get_absolute_url() in listed
    assert len(full.rows) == len(duties)
    # Clicking a duty reads its provision.
    page = client.get(missing.rows[0][0].url)
    assert page.status_code == 200


def test_figures_equal_independent_counts(client, ward, result_data):
    viewer = fresh(ward.standing_member)
    response = get(client, viewer, "reports:dashboard-overview", period="year-2026")
    requests = response.context["requests"]["figures"]
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    sent = visible_requests(viewer).exclude(status="draft").filter(sent_at__gte=start)
    assert requests["total"] == sent.count() == 2
    assert (
        requests["open"] == sent.filter(status=CoordinationRequest.Status.OPEN).count()
    )
    assert requests["overdue"] == sent.filter(Exists(overdue_recipients())).count() == 1
    # The dossier was directed: nothing waits for the standing committee.
    assert response.context["tables"]["awaiting_direction"].rows == []
    # Urgent situations: one serious, open, reported minutes ago.
    open_incidents = visible_incidents(viewer).filter(state__in=Incident.OPEN)
    table = response.context["tables"]["incidents_open"]
    # Reported on 1 July, seen on 15 July: more than 7 days old.
    assert table.values() == [
        ["Nghiêm trọng", str(open_incidents.count()), "0", "0", "1"]
    ]
    assert open_incidents.count() == 1
    # Assessments: cell A rated the police "Tốt" in one area.
    rows = response.context["tables"]["assessments"].values()
    assert [r[0] for r in rows] == [ward.cell_a.name] and rows[0][2] == "Tốt"
    # Every number on the page links to its list.
    html = response.content.decode()
    assert reverse("coordination:request-all") + "?sent_from=2026-01-01" in html


def test_police_view_shows_its_own_side(client, ward, result_data, h1_key):
    response = get(client, ward.officer, "reports:dashboard-overview", period=h1_key)
    assert response.status_code == 200
    assert response.context["scope"].view == "police"
    sides = {row[1].text for row in response.context["tables"]["coverage"].rows}
    police = Side.objects.get(regulation=result_data.regulation, role="police")
    assert sides == {police.name}
    # The officer's request figures: only the requests he may open, linked
    # to his inbox (the list of every request is the standing committee's).
    assert (
        response.context["requests"]["figures"]["total"]
        == visible_requests(fresh(ward.officer))
        .exclude(status="draft")
        .filter(
            sent_at__date__gte=datetime.date(2026, 1, 1),
            sent_at__date__lte=datetime.date(2026, 6, 30),
        )
        .count()
    )
    assert reverse("coordination:request-inbox") in response.content.decode()


def test_classified_items_count_only_for_cleared_viewers(client, ward, result_data):
    """A secret request is counted for the cleared officer and not for the
    standing committee member without clearance: the figures come from the
    visibility helpers, which check clearance."""
    CoordinationRequest.objects.filter(subject__startswith="Đề nghị rà soát").update(
        confidentiality=2
    )
    counts = {}
    for user in (ward.standing_member, ward.cleared_officer, ward.officer):
        response = get(client, user, "reports:dashboard-overview", period="year-2026")
        counts[user.username] = response.context["requests"]["figures"]["total"]
        assert counts[user.username] == (
            visible_requests(fresh(user)).exclude(status="draft").count()
        )
    assert counts["cleared_officer"] == counts["officer"] + 1


def test_exchange_evidence_counts_only_sent_reports(ward, result_data):
    """Cell C's report was never submitted: no evidence from it."""
    report = report_of(result_data, ward.cell_c)
    assert report.state == ExchangeReport.State.NOT_STARTED
