"""The assessment table and lists run a fixed number of queries, however
many cells, rounds, areas and assessments there are (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_org, make_user

from .test_views import areas, assess, comment, make_rounds  # noqa: F401


def _count(client, url):
    client.get(url)  # warm the per-process caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["assessment-table", "assessment-list", "officer-comment-list"]
)
def test_queries_do_not_grow(client, ward, areas, name):  # noqa: F811
    rounds = make_rounds(ward, years=(2024, 2025, 2026))
    assess(ward, areas[:1], round_=rounds[0])
    comment(ward)
    client.force_login(ward.standing_member)
    url = reverse(f"coordination:{name}")
    one = _count(client, url)
    for n in range(5):
        cell = make_org(f"Chi bộ thêm {n}", parent=ward.root)
        secretary = make_user(f"secretary_extra_{n}", org=cell)
        for i, round_ in enumerate(rounds):
            assess(ward, areas, by=secretary, cell=cell, values=(1 + i % 4, 4, 2))
            assess(
                ward,
                areas,
                by=secretary,
                cell=cell,
                values=(2, 1 + i % 4),
                round_=round_,
            )
    for round_ in rounds:
        assess(ward, areas, values=(3, 3, 3), round_=round_)
    for n in range(3):
        other = make_user(f"police_member_{n}", org=ward.police, position="member")
        comment(ward, subject=other)
    assert _count(client, url) == one
