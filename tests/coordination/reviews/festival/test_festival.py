"""The 19/8 festival ("Ngày hội toàn dân bảo vệ an ninh Tổ quốc"; ward 7.1.c,
7.2.e, 8.1.a, 8.2.b): the police committee's hosts record the ward's
festival of a year, each organisation's leaders or support staff what it
did. Access: every URL × role (T02) through ``wrong_answers``, another
ward's by id (T03), the list and the entries hold only what the user may
open (T04), fixed queries.

Readers: the hosts (police secretary, support staff), the standing
committee and office, the leaders and support staff of the ward's cells;
nobody else (404). Entries: the hosts, standing committee and office see
every one; a cell's leaders and staff their own."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from coordination.models import Notification
from coordination.reviews.festival import services
from coordination.reviews.festival import urls as festival_urls
from coordination.reviews.festival.models import FestivalEntry, SecurityFestival
from coordination.reviews.services import ReviewError
from coordination.reviews.visibility import visible_festivals
from tests.factories import make_org, make_user

from ..test_access import ROLES, exp, wrong_answers

HOSTS = {"officer": 200, "police_staff": 200}
WRITERS = [
    "officer",
    "cleared_officer",
    "police_staff",
    "secretary_a",
    "deputy_a",
    "staff_a",
    "secretary_b",
]
READERS = dict.fromkeys([*WRITERS, "standing_member", "office_staff"], 200)


def record(ward, *, by=None, ward_org=None, year=2026):
    return services.record_festival(
        by=by or ward.officer,
        ward=ward_org or ward.root,
        year=year,
        held_on=datetime.date(year, 8, 19),
        place="Sân vận động phường",
    )


def enter(ward, festival, *, by=None, org=None, participants=30):
    return services.save_festival_entry(
        festival=festival,
        by=by or ward.secretary_a,
        organization=org or ward.cell_a,
        activities="Vận động Nhân dân tham gia",
        participants=participants,
    )


@pytest.fixture
def festival(ward):
    held = record(ward)
    enter(ward, held)
    enter(ward, held, by=ward.officer, org=ward.police, participants=None)
    return held


def test_hosts_record_and_organisations_enter(ward, django_capture_on_commit_callbacks):
    with pytest.raises(ReviewError):
        record(ward, by=ward.secretary_a)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        held = record(ward)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"secretary_a", "secretary_b"} <= told and "officer" not in told
    with pytest.raises(ReviewError):  # one festival a year
        record(ward)
    with pytest.raises(ReviewError):  # the date in its year
        services.record_festival(
            by=ward.officer,
            ward=ward.root,
            year=2027,
            held_on=datetime.date(2026, 8, 19),
            place="Sân",
        )
    entry = enter(ward, held)
    assert entry.entered_by == ward.secretary_a and entry.participants == 30
    again = enter(ward, held, by=ward.staff_a, participants=45)  # corrected
    assert again.pk == entry.pk and again.entered_by == ward.staff_a
    assert FestivalEntry.objects.count() == 1 and again.history.count() == 2
    with pytest.raises(ReviewError):  # another cell's entry
        enter(ward, held, by=ward.secretary_b)
    with pytest.raises(ReviewError):  # a plain member
        enter(ward, held, by=ward.member_a)
    with pytest.raises(ReviewError):  # the standing committee does not enter
        enter(ward, held, by=ward.standing_member, org=ward.standing)


def test_entries_shown_by_role(client, ward, festival):
    url = festival.get_absolute_url()
    client.force_login(ward.officer)
    assert len(client.get(url).context["entries"]) == 2
    client.force_login(ward.standing_member)
    page = client.get(url)
    assert len(page.context["entries"]) == 2 and page.context["form"] is None
    client.force_login(ward.secretary_b)
    page = client.get(url)
    assert list(page.context["entries"]) == [] and page.context["form"] is not None
    client.force_login(ward.deputy_a)
    entries = list(client.get(url).context["entries"])
    assert [e.organization for e in entries] == [ward.cell_a]


def _post_entry():
    return {"activities": "Tổ chức tuyên truyền", "participants": "50"}


R = "coordination:review-"
ROWS = [
    (R + "festival-list", None, "GET", None, exp(200)),
    (R + "festival-create", None, "GET", None, exp(403, HOSTS)),
    (
        R + "festival-create",
        None,
        "POST",
        {"ward": "{root}", "year": "2025", "held_on": "2025-08-19", "place": "Sân"},
        exp(403, dict.fromkeys(HOSTS, 302)),
    ),
    (R + "festival-detail", "festival", "GET", None, exp(404, READERS)),
    (
        R + "festival-entry",
        "festival",
        "POST",
        _post_entry(),
        exp(404, dict.fromkeys(READERS, 403), dict.fromkeys(WRITERS, 302)),
    ),
    (R + "festival-entry", "festival", "GET", None, exp(405)),
]


def _written():
    return (SecurityFestival.history.count(), FestivalEntry.history.count())


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0][len(R) :]}-{r[2]}" for r in ROWS])
def test_access_matrix(client, ward, festival, row):
    name, key, method, data, expected = row
    url = reverse(name, kwargs={"pk": festival.pk} if key else {})
    post = {k: v.format(root=ward.root.pk) for k, v in (data or {}).items()}
    wrong = wrong_answers(client, ward, url, method, post, expected, _written)
    assert not wrong, (url, method, wrong)


def test_every_festival_route_has_a_row():
    names = {
        f"coordination:{p.name}"
        for p in festival_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - {row[0] for row in ROWS} == set()
    for row in ROWS:
        assert set(row[4]) == set(ROLES), row[:3]


def test_another_wards_festival_is_404_and_nothing_changes(client, ward):
    root = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    police = make_org("Công an Khác", kind="police_committee", parent=root)
    make_org("Chi bộ Khác", parent=root)
    officer = make_user("officer_khac", org=police)
    theirs = record(ward, by=officer, ward_org=root)
    before = _written()
    for role in ("officer", "police_staff", "secretary_a", "standing_member", "admin"):
        client.force_login(getattr(ward, role))
        assert client.get(theirs.get_absolute_url()).status_code == 404
        url = reverse(R + "festival-entry", args=[theirs.pk])
        assert client.post(url, _post_entry()).status_code == 404
        listed = client.get(reverse(R + "festival-list")).context["page"]
        assert theirs not in list(listed.object_list)
    assert _written() == before


@pytest.mark.parametrize("role", ROLES[2:])
def test_the_list_holds_what_the_user_opens(ward, festival, role):
    user = getattr(ward, role)
    assert (festival in visible_festivals(user)) == (role in READERS)


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["officer", "secretary_a", "standing_member"])
def test_queries_do_not_grow_with_entries(client, ward, role):
    held = record(ward)
    client.force_login(getattr(ward, role))
    urls = [held.get_absolute_url(), reverse(R + "festival-list")]
    small = [_count(client, u) for u in urls]
    enter(ward, held)
    enter(ward, held, by=ward.secretary_b, org=ward.cell_b)
    enter(ward, held, by=ward.officer, org=ward.police)
    for year in (2023, 2024, 2025):
        record(ward, year=year)
    assert [_count(client, u) for u in urls] == small
