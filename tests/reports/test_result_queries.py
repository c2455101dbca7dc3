"""The compiled report runs a fixed number of queries whatever the number of
rounds, reports, requests and urgent situations."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.exchanges.periods import ensure_rounds
from tests.factories import make_request

from .conftest import fresh
from .helpers import docx_text


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["docx"])
def test_queries_do_not_grow_with_rounds_or_requests(client, ward, year_draft, fmt):
    client.force_login(fresh(ward.officer))
    url = reverse(f"reports:result-report-{fmt}", args=[year_draft.pk])
    client.get(url)  # the day's first request syncs memberships: not counted
    few = _count(client, url)
    ensure_rounds(datetime.date(2027, 3, 2), wards=[ward.root])
    for i in range(6):
        make_request(
            by=ward.secretary_a if i % 2 else ward.secretary_b,
            sender=ward.cell_a if i % 2 else ward.cell_b,
            recipients=[ward.police],
            subject=f"Đề nghị số {i}",
        )
    many = _count(client, url)
    text = docx_text(client.get(url).content)
    assert "Trong kỳ có 8 đề nghị phối hợp được gửi" in text
    assert many == few
    assert few <= 45
    edit = reverse("reports:result-report-edit", args=[year_draft.pk])
    assert _count(client, edit) <= few + 10
