"""A dossier runs a fixed number of queries whatever the number of events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import RequestEvent

from .conftest import fresh


def _add_events(request, n: int, actor) -> None:
    recipient = request.recipients.get()
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request=request,
                recipient=recipient if i % 2 else None,
                actor=actor,
                action="read",
                from_state="received",
                to_state="received",
                comment=f"Ghi chú {i}",
            )
            for i in range(n)
        ]
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_dossier_queries_do_not_grow_with_events(client, ward, dossier, fmt):
    client.force_login(fresh(ward.secretary_a))
    url = reverse(f"reports:request-dossier-{fmt}", args=[dossier.pk])
    client.get(url)  # the day's first request syncs memberships: not counted
    _add_events(dossier, 2, ward.officer)
    few = _count(client, url)
    _add_events(dossier, 40, ward.officer)
    many = _count(client, url)
    assert many == few
    assert few <= 40
