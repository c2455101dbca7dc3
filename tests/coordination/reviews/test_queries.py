"""The list and the detail page run a fixed number of queries, however many
meetings, invitations and action items there are (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.reviews import services
from tests.factories import make_org, make_user

from .conftest import add_item, schedule


def _count(client, url):
    client.get(url)  # warm the per-process caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["standing_member", "secretary_a", "officer"])
def test_queries_do_not_grow(client, ward, meeting, role):
    client.force_login(getattr(ward, role))
    urls = [reverse("coordination:review-list"), meeting.get_absolute_url()]
    before = [_count(client, url) for url in urls]
    for n in range(4):
        cell = make_org(f"Chi bộ thêm {n}", parent=ward.root)
        make_user(f"secretary_extra_{n}", org=cell)
    for _ in range(4):
        other = schedule(ward)
        add_item(ward, other, owner=ward.cell_b)
    for n in range(4):
        item = add_item(ward, meeting, owner=ward.cell_a if n % 2 else ward.cell_b)
        if n % 2:
            services.complete_review_item(item=item, by=ward.secretary_a)
    services.record_review(
        meeting=meeting,
        by=ward.officer,
        minutes="Biên bản",
        decisions="",
        attended=[ward.cell_a.pk],
    )
    assert [_count(client, url) for url in urls] == before
