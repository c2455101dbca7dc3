"""The inbox and the all-requests list run a fixed number of queries, however
many requests there are (no N+1)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import CoordinationRequest, RequestEvent, RequestRecipient
from tests.factories import make_org


def _bulk_requests(ward, n: int, start: int = 0) -> None:
    """n sent requests cell A → police (+ one more cell), fast: bulk rows and
    the group permission granted through the ORM like the service does."""
    from guardian.shortcuts import assign_perm

    extra = make_org(f"Chi bộ phụ {start}")
    now = timezone.now()
    rows = [
        CoordinationRequest(
            sender=ward.cell_a,
            created_by=ward.secretary_a,
            subject=f"Đề nghị số {start + i}",
            content="Nội dung",
            status=CoordinationRequest.Status.OPEN,
            sent_at=now,
            due_date=now.date() - datetime.timedelta(days=i % 3),
        )
        for i in range(n)
    ]
    for row in rows:
        row.set_search_keys()  # as the services do
    reqs = CoordinationRequest.objects.bulk_create(rows)
    RequestRecipient.objects.bulk_create(
        [
            RequestRecipient(
                request=r,
                organization=org,
                state=RequestRecipient.State.SENT,
                due_date=r.due_date,
            )
            for r in reqs
            for org in (ward.police, extra)
        ]
    )
    RequestEvent.objects.bulk_create(
        [
            RequestEvent(
                request=r, actor=ward.secretary_a, action="send", to_state="open"
            )
            for r in reqs
        ]
    )
    qs = CoordinationRequest.objects.filter(pk__in=[r.pk for r in reqs])
    for group in (
        ward.cell_a.group,
        ward.police.group,
        ward.standing.group,
        ward.office.group,
    ):
        assign_perm("coordination.view_coordinationrequest", group, qs)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(
    ("username", "url_name"),
    [
        ("officer", "coordination:request-inbox"),
        ("secretary_a", "coordination:request-outbox"),
        ("standing_member", "coordination:request-all"),
        ("office_staff", "coordination:request-all"),
    ],
)
def test_list_query_count_does_not_grow(client, ward, username, url_name):
    client.force_login(getattr(ward, username))
    url = reverse(url_name)
    client.get(url)  # warm caches (content types, session) before counting
    _bulk_requests(ward, 10)
    small, response = _count(client, url)
    assert response.context["page"].paginator.count == 10
    _bulk_requests(ward, 490, start=10)
    large, response = _count(client, url)
    assert response.context["page"].paginator.count == 500
    assert response.context["overdue_count"] > 0
    assert large == small, (small, large)
    filtered, resp = _count(client, url + "?overdue=on&state=sent&q=số")
    assert resp.context["page"].object_list  # the filters match: rows are shown
    assert filtered == small
    print(f"{url_name} as {username}: {small} queries for 10 and for 500 requests")


def test_detail_query_count_does_not_grow_with_recipients(client, ward):
    from coordination.requests import transitions
    from tests.factories import make_request

    def build(n):
        orgs = [ward.cell_a] + [make_org(parent=ward.root) for _ in range(n - 1)]
        req = make_request(
            by=ward.officer,
            sender=ward.police,
            recipients=orgs,
            priority="important",
        )
        rec = req.recipients.get(organization=ward.cell_a)
        transitions.answer_request(recipient=rec, by=ward.secretary_a, body="Trả lời")
        return req

    client.force_login(ward.standing_member)
    one, six = build(1), build(6)
    client.get(one.get_absolute_url())  # warm caches
    small, _r = _count(client, one.get_absolute_url())
    large, _r = _count(client, six.get_absolute_url())
    assert large == small, (small, large)
    print(f"request detail: {small} queries for 1 and for 6 recipients")
