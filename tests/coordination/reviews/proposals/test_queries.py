"""The proposal and amendment lists and pages run a fixed number of queries,
however many proposals, evidence links, items and cited provisions there are
(no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.reviews.proposals import amendments

from ..conftest import add_item
from .conftest import cite, propose, raise_item


def _count(client, url):
    client.get(url)  # warm the per-process caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["standing_member", "secretary_a", "officer"])
def test_queries_do_not_grow(
    client, ward, meeting, proposal, amendment_scene, ward_regulation, role
):
    client.force_login(getattr(ward, role))
    compilation = amendment_scene["compilation"]
    urls = [
        reverse("coordination:review-proposal-list"),
        proposal.get_absolute_url(),
        reverse("coordination:review-amendment-list"),
        amendment_scene["item"].get_absolute_url(),
    ]
    if role != "secretary_a":
        urls.append(compilation.get_absolute_url())
    before = [_count(client, url) for url in urls]
    for n in range(4):
        item = add_item(ward, meeting, text=f"Việc {n}")
        propose(
            ward,
            meeting=meeting,
            organization=ward.cell_a if n % 2 else ward.cell_b,
            evidence={"action_item": [item]},
        )
        proposal.evidence.create(action_item=item)
        extra = raise_item(ward, ward_regulation, ref="d11-k1")
        extra.provisions.add(cite(ward_regulation, "d11-k2"))
        amendment_scene["item"].provisions.add(cite(ward_regulation, f"d{n + 3}"))
        other = raise_item(ward, ward_regulation, by=ward.secretary_b, org=ward.cell_b)
        amendments.compile_amendments(
            by=ward.officer, ward=ward.root, items=[extra, other], summary="Thêm"
        )
    assert [_count(client, url) for url in urls] == before
