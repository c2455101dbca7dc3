"""The month view and the feed run a fixed number of queries, however many
entries there are (no N+1)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.calendar import services
from coordination.calendar.models import CalendarEntry
from regulations.models import Provision

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _count(client, url, params=None):
    client.get(url, params)  # warm the per-process caches (content types, session)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more_entries(ward, regulation, users):
    """Entries for provisions outside the calendar, each confirmed in August
    by a different person (the page shows who), as a crowded month would."""
    taken = set(CalendarEntry.objects.values_list("provision_id", flat=True))
    extra = Provision.objects.filter(regulation=regulation, kind="point").exclude(
        pk__in=taken
    )[:12]
    for i, provision in enumerate(extra):
        CalendarEntry.objects.create(
            ward=ward.root,
            year=2026,
            provision=provision,
            title=f"Việc thêm {i}",
            confirmed_date=datetime.date(2026, 8, 1 + i),
            confirmed_by=users[i % len(users)],
        )


@pytest.mark.parametrize("role", ["standing_member", "secretary_a"])
def test_month_view_queries_do_not_grow(
    client, ward, ward_regulation, time_machine, role
):
    time_machine.move_to(datetime.datetime(2026, 8, 10, 9, 0, tzinfo=VN))
    services.ensure_entries(2026, wards=[ward.root])
    client.force_login(getattr(ward, role))
    url = reverse("coordination:calendar-month")
    params = {"year": 2026, "month": 8}
    one = _count(client, url, params)
    _more_entries(ward, ward_regulation, [ward.standing_member, ward.office_staff])
    assert CalendarEntry.objects.filter(ward=ward.root).count() > 15
    assert _count(client, url, params) == one


def test_feed_queries_do_not_grow(client, ward, ward_regulation, time_machine):
    time_machine.move_to(datetime.datetime(2026, 8, 10, 9, 0, tzinfo=VN))
    services.ensure_entries(2026, wards=[ward.root])
    url = reverse(
        "coordination:calendar-feed",
        kwargs={"token": services.feed_token(ward.secretary_a).token},
    )
    one = _count(client, url)
    _more_entries(ward, ward_regulation, [ward.standing_member])
    assert _count(client, url) == one
