"""The incident list and an incident's page run a fixed number of queries,
however many incidents, addressees, updates and action items there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.incidents import services
from coordination.models import Incident

from .test_views import fresh, make_incident


def _count(client, url):
    client.get(url)  # warm the per-process caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(ward, n):
    """``n`` incidents of every kind and state, some directed with items."""
    for i in range(n):
        incident = make_incident(ward, title=f"Tình huống {i}", severity=1 + i % 3)
        if i % 3 == 1:
            services.direct_incident(
                incident=incident,
                by=fresh(ward.standing_member),
                text="Chỉ đạo",
                items=[(ward.cell_a, "Việc", timezone.localdate())],
            )
        if i % 3 == 2:
            make_incident(
                ward,
                by=ward.officer,
                reporter=ward.police,
                kind=Incident.Kind.POLICE_REPORT,
                cells=[ward.cell_a, ward.cell_b],
            )


@pytest.mark.parametrize("role", ["standing_member", "secretary_a", "officer"])
def test_incident_list_queries_do_not_grow(client, ward, role):
    client.force_login(getattr(ward, role))
    url = reverse("coordination:incident-list")
    _grow(ward, 3)
    few = _count(client, url)
    _grow(ward, 27)
    assert _count(client, url) == few


def test_incident_page_queries_do_not_grow(client, ward):
    incident = make_incident(ward)
    client.force_login(ward.standing_member)
    url = incident.get_absolute_url()
    services.add_update(incident=incident, by=fresh(ward.secretary_a), body="Một")
    few = _count(client, url)
    for i in range(5):
        services.add_update(incident=incident, by=fresh(ward.secretary_a), body=f"{i}")
        services.record_measure(incident=incident, by=fresh(ward.officer), body=f"{i}")
    services.direct_incident(
        incident=incident,
        by=fresh(ward.standing_member),
        text="Chỉ đạo",
        items=[
            (org, "Việc", timezone.localdate())
            for org in (ward.cell_a, ward.cell_b, ward.police)
        ],
    )
    # The first direction adds its prefetch of action items (one query).
    assert _count(client, url) <= few + 2
    services.direct_incident(
        incident=incident,
        by=fresh(ward.standing_member),
        text="Chỉ đạo thêm",
        items=[(ward.cell_c, "Việc", timezone.localdate())],
    )
    many = _count(client, url)
    services.add_update(incident=incident, by=fresh(ward.secretary_a), body="Nữa")
    assert _count(client, url) == many
