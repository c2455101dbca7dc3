"""The admin: entries are read from the regulation, an administrator confirms
a date through the service; feed links show who has one, never the secret."""

import datetime

from django.urls import reverse

from coordination.calendar import services
from coordination.calendar.models import CalendarEntry


def test_admin_confirms_through_the_service(client, ward, ward_regulation):
    services.ensure_entries(2026, wards=[ward.root])
    entry = CalendarEntry.objects.get(ward=ward.root, provision__ref="d9-k2-a")
    client.force_login(ward.admin)
    assert (
        client.get(reverse("admin:coordination_calendarentry_changelist")).status_code
        == 200
    )
    url = reverse("admin:coordination_calendarentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirmed_date": "2026-10-05", "note": "Phòng họp"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.confirmed_date == datetime.date(2026, 10, 5)
    assert entry.confirmed_by == ward.admin
    response = client.post(
        url, {"confirmed_date": "2025-10-05", "note": ""}, follow=True
    )
    assert "Xin chọn một ngày trong năm 2026" in response.content.decode()
    entry.refresh_from_db()
    assert entry.confirmed_date == datetime.date(2026, 10, 5)


def test_admin_lists_feed_links_without_the_secret(client, ward):
    token = services.feed_token(ward.secretary_a)
    client.force_login(ward.admin)
    page = client.get(reverse("admin:coordination_calendarfeedtoken_changelist"))
    assert page.status_code == 200
    url = reverse("admin:coordination_calendarfeedtoken_change", args=[token.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert token.token not in response.content.decode()
