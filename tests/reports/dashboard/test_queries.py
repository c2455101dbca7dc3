"""The dashboards run a fixed number of queries whatever the data: twice
the organisations, rounds, reports, requests and urgent situations, the same
count."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.exchanges.periods import ensure_rounds
from coordination.incidents import services as incident_services
from coordination.models import Incident
from tests.factories import make_org, make_request, make_user
from tests.reports.conftest import fresh


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(ward):
    """More cells (with their reports in every round), another year's
    rounds, requests and urgent situations."""
    for i in range(3):
        cell = make_org(f"Chi bộ thêm {i}", parent=ward.root, code=f"them-{i}")
        make_user(f"secretary_them_{i}", org=cell)
    ensure_rounds(datetime.date(2027, 3, 2), wards=[ward.root])
    for i in range(5):
        make_request(
            by=ward.secretary_a if i % 2 else ward.secretary_b,
            sender=ward.cell_a if i % 2 else ward.cell_b,
            recipients=[ward.police],
            subject=f"Đề nghị số {i}",
        )
    for i in range(3):
        incident_services.create_incident(
            by=fresh(ward.secretary_b),
            reporter=ward.cell_b,
            kind=Incident.Kind.CELL_REPORT,
            title=f"Tình huống {i}",
            description="Diễn biến.",
            place="Khu dân cư B",
            started_at=timezone.now() - datetime.timedelta(minutes=5),
            severity=Incident.Severity.COMPLEX + (i % 3),
            report=True,
        )


def test_queries_do_not_grow_with_data(client, ward, result_data):
    overview = reverse("reports:dashboard-overview")
    cell = reverse("reports:dashboard-cell", args=[ward.cell_a.pk])
    xlsx = reverse("reports:dashboard-overview-xlsx", args=["exchange_heatmap"])
    client.force_login(fresh(ward.standing_member))
    client.get(overview)  # the day's first request syncs memberships: not counted
    before = {
        "overview": _count(client, overview, {"period": "term"}),
        "cell": _count(client, cell, {"period": "term"}),
        "xlsx": _count(client, xlsx, {"period": "term"}),
    }
    officer = fresh(ward.officer)
    client.force_login(officer)
    client.get(overview)
    before["police"] = _count(client, overview, {"period": "term"})
    _grow(ward)
    after = {"police": _count(client, overview, {"period": "term"})}
    client.force_login(fresh(ward.standing_member))
    client.get(overview)  # again the login's first request: not counted
    after["overview"] = _count(client, overview, {"period": "term"})
    after["cell"] = _count(client, cell, {"period": "term"})
    after["xlsx"] = _count(client, xlsx, {"period": "term"})
    assert after == before
    assert before["overview"] <= 60, before
    # The data did grow on the page.
    response = client.get(overview, {"period": "term"})
    assert len(response.context["tables"]["exchange_heatmap"].rows) >= 7
    assert len(response.context["tables"]["exchange_heatmap"].header) == 7
