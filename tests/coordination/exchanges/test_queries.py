"""The timeliness table and the report list run a fixed number of queries,
however many rounds, organisations and reports there are (no N+1)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.exchanges import periods, services
from coordination.models import ExchangeReport, ExchangeRound
from tests.factories import make_org, make_user

from .conftest import fresh, report_of

DUE = datetime.date(2026, 7, 20)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def _grow(ward):
    """Six more cells (each with a secretary), the periodic rounds of 2026
    and 2027 with their reports, two more ad hoc rounds for every cell; some
    reports submitted (one late, one returned) and acknowledged."""
    cells = [ward.cell_a, ward.cell_b, ward.cell_c]
    for n in range(6):
        cell = make_org(f"Chi bộ thêm {n}", parent=ward.root)
        make_user(f"secretary_extra_{n}", org=cell)
        cells.append(cell)
    periods.ensure_rounds(datetime.date(2026, 12, 1), wards=[ward.root])
    for topic in ("Chủ đề một", "Chủ đề hai"):
        periods.open_ad_hoc_round(
            ward=ward.root,
            by=ward.officer,
            topic=topic,
            organizations=cells,
            due_date=DUE,
        )
    h2 = ExchangeRound.objects.get(ward=ward.root, kind="h2", year=2026)
    a, b = report_of(h2, ward.cell_a), report_of(h2, ward.cell_b)
    for report, user in ((a, ward.secretary_a), (b, ward.secretary_b)):
        services.save_draft(report=report, by=fresh(user), fields={"results": "x"})
        services.submit_report(
            report=report, by=fresh(user), today=h2.due_date + datetime.timedelta(1)
        )
    services.return_report(report=b, by=fresh(ward.officer), reason="Bổ sung")
    police = report_of(h2, ward.police)
    services.save_draft(report=police, by=fresh(ward.officer), fields={"results": "x"})
    services.submit_report(report=police, by=fresh(ward.officer))
    services.acknowledge_report(report=police, by=fresh(ward.secretary_a))
    return h2


@pytest.mark.parametrize(
    "role", ["officer", "standing_member", "office_staff", "secretary_a", "admin"]
)
def test_table_and_list_query_counts_do_not_grow(
    client, ward, ward_regulation, july, role
):
    # One round, three cells.
    first = periods.open_ad_hoc_round(
        ward=ward.root,
        by=ward.officer,
        topic="Chủ đề đầu tiên",
        organizations=[ward.cell_a, ward.cell_b, ward.cell_c],
        due_date=DUE,
    )
    b = report_of(first, ward.cell_b)
    services.save_draft(report=b, by=fresh(ward.secretary_b), fields={"results": "x"})
    services.submit_report(report=b, by=fresh(ward.secretary_b))
    client.force_login(getattr(ward, role))
    urls = {
        "table": reverse("coordination:exchange-round", args=[first.pk]),
        "timeliness": reverse("coordination:exchange-timeliness"),
        "list": reverse("coordination:exchange-list"),
        "filtered": reverse("coordination:exchange-list") + "?status=expected&tab=all",
        "owed": reverse("coordination:exchange-list") + "?tab=owed",
        "waiting": reverse("coordination:exchange-list") + "?tab=waiting",
    }
    for url in urls.values():
        client.get(url)  # warm caches (content types, session) before counting
    small = {name: _count(client, url)[0] for name, url in urls.items()}
    small_rows = len(client.get(urls["table"]).context["table"].rows)
    # Many rounds, nine cells, reports in every state.
    h2 = _grow(ward)
    urls["table"] = reverse("coordination:exchange-round", args=[h2.pk])
    large = {}
    for name, url in urls.items():
        large[name], response = _count(client, url)
        if name == "table" and role != "secretary_a":  # a cell sees its own row
            assert len(response.context["table"].rows) > small_rows
        if name == "list" and role != "secretary_a":
            assert response.context["page"].paginator.count > 25  # two pages
    # (An empty page runs no query for its rows: every list that has rows in
    # the large case has some in the small one too, see above.)
    assert large == small, (small, large)
    print(f"exchanges as {role}: {small}")


def test_the_counts_link_to_the_reports_they_count(client, ward, ward_regulation, july):
    h2 = _grow(ward)
    client.force_login(ward.standing_member)
    response = client.get(reverse("coordination:exchange-round", args=[h2.pk]))
    counts = response.context["table"].counts
    assert counts["late"] == 2 and counts["returned"] == 1
    for key, count in counts.items():
        listed = client.get(
            reverse("coordination:exchange-list") + f"?round={h2.pk}&status={key}"
        )
        assert listed.context["page"].paginator.count == count, key
    assert ExchangeReport.objects.filter(round=h2).count() == counts["expected"]
