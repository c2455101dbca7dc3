"""The "Công an lắng nghe ý kiến Nhân dân" conference (ward 7.1.c, 7.2.e):
the police committee's hosts record it and the opinions raised, each
assigned to an organisation and tracked to an answer. Access: every URL ×
role (T02), another ward's by id (T03), fixed queries.

Readers: the hosts (police secretary, support staff), the standing
committee and office, the leaders and support staff of cell A (assigned an
opinion); nobody else (404)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

from coordination.models import Notification
from coordination.reviews.conference import services
from coordination.reviews.conference import urls as conference_urls
from coordination.reviews.conference.models import CitizenOpinion, ListeningConference
from coordination.reviews.services import ReviewError
from tests.factories import make_org, make_user

from ..test_access import ANON, ROLES, _user_for, exp

HOSTS = {"officer": 200, "police_staff": 200}
READERS = dict.fromkeys(
    [*HOSTS, "standing_member", "office_staff", "secretary_a", "deputy_a", "staff_a"],
    200,
)
ASSIGNEES = {"secretary_a": 302, "deputy_a": 302, "staff_a": 302}


def hold(ward, by=None, ward_org=None):
    return services.hold_conference(
        by=by or ward.officer,
        ward=ward_org or ward.root,
        year=2026,
        held_on=datetime.date(2026, 11, 20),
        place="Hội trường",
    )


def opinion(ward, conference, assignee=None, by=None, due=None):
    return services.add_opinion(
        conference=conference,
        by=by or ward.officer,
        raised_by="Ông Nguyễn Văn B, tổ dân phố 3",
        content="Đề nghị tăng tuần tra ban đêm",
        assignee=assignee or ward.cell_a,
        due_date=due or timezone.localdate() + datetime.timedelta(days=10),
    )


@pytest.fixture
def conference(ward):
    held = hold(ward)
    opinion(ward, held)
    return held


def test_opinions_are_assigned_and_answered(ward, django_capture_on_commit_callbacks):
    held = hold(ward)
    with pytest.raises(ReviewError):
        hold(ward, by=ward.secretary_a)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        late = opinion(
            ward, held, due=timezone.localdate() - datetime.timedelta(days=1)
        )
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"secretary_a", "deputy_a"}
    with pytest.raises(ReviewError):
        services.answer_opinion(opinion=late, by=ward.secretary_b, answer="x")
    services.answer_opinion(
        opinion=late, by=ward.staff_a, answer="Đã phối hợp tuần tra"
    )
    late.refresh_from_db()
    assert late.answered_by == ward.staff_a and late.status_label() == "Trả lời trễ hạn"
    with pytest.raises(ReviewError):
        services.answer_opinion(opinion=late, by=ward.secretary_a, answer="Lần nữa")
    other = make_org("Chi bộ ngoài", kind="cell")
    with pytest.raises(ReviewError):
        opinion(ward, held, assignee=other)


R = "coordination:review-"
ROWS = [
    (R + "conference-list", None, "GET", None, exp(200)),
    (R + "conference-create", None, "GET", None, exp(403, HOSTS)),
    (
        R + "conference-create",
        None,
        "POST",
        {"ward": "{root}", "year": "2026", "held_on": "2026-11-20", "place": "HT"},
        exp(403, dict.fromkeys(HOSTS, 302)),
    ),
    (R + "conference-detail", "conference", "GET", None, exp(404, READERS)),
    (
        R + "opinion-add",
        "conference",
        "POST",
        {
            "raised_by": "Bà C",
            "content": "Ý kiến",
            "assignee": "{cell_b}",
            "due_date": "2026-12-30",
        },
        exp(404, dict.fromkeys(READERS, 403), dict.fromkeys(HOSTS, 302)),
    ),
    (R + "opinion-add", "conference", "GET", None, exp(405)),
    (
        R + "opinion-answer",
        "opinion",
        "POST",
        {"answer": "Đã giải quyết"},
        exp(404, dict.fromkeys(READERS, 403), ASSIGNEES),
    ),
    (R + "opinion-answer", "opinion", "GET", None, exp(405)),
]


def _written():
    return (ListeningConference.history.count(), CitizenOpinion.history.count())


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0][len(R) :]}-{r[2]}" for r in ROWS])
def test_access_matrix(client, ward, conference, row):
    name, key, method, data, expected = row
    objs = {"conference": conference, "opinion": conference.opinions.get()}
    url = reverse(name, kwargs={"pk": objs[key].pk} if key else {})
    values = {"root": ward.root.pk, "cell_b": ward.cell_b.pk}
    post = {k: v.format(**values) for k, v in (data or {}).items()}
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            user = _user_for(ward, role)
            if user is not None:
                client.force_login(user)
            before = _written()
            response = client.post(url, post) if method == "POST" else client.get(url)
            if response.status_code != expected[role]:
                wrong.append((role, response.status_code, expected[role]))
            elif method == "POST" and response.status_code == 302 and role not in ANON:
                if _written() == before:
                    wrong.append((role, "302 without a change"))
            elif method == "POST" and _written() != before:
                wrong.append((role, "wrote something"))
            transaction.set_rollback(True)
    assert not wrong, (url, method, wrong)


def test_every_conference_route_has_a_row():
    names = {
        f"coordination:{p.name}"
        for p in conference_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - {row[0] for row in ROWS} == set()


def test_another_wards_conference_is_404_and_nothing_changes(client, ward):
    root = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    police = make_org("Công an Khác", kind="police_committee", parent=root)
    cell = make_org("Chi bộ Khác", parent=root)
    officer = make_user("officer_khac", org=police)
    theirs = hold(ward, by=officer, ward_org=root)
    item = services.add_opinion(
        conference=theirs,
        by=officer,
        raised_by="Ông D",
        content="Ý kiến",
        assignee=cell,
        due_date=timezone.localdate(),
    )
    before = _written()
    for role in ("officer", "police_staff", "secretary_a", "standing_member", "admin"):
        client.force_login(getattr(ward, role))
        assert client.get(theirs.get_absolute_url()).status_code == 404
        url = reverse(R + "opinion-add", args=[theirs.pk])
        assert client.post(url, {"content": "x"}).status_code == 404
        url = reverse(R + "opinion-answer", args=[item.pk])
        assert client.post(url, {"answer": "x"}).status_code == 404
        listed = client.get(reverse(R + "conference-list")).context["page"]
        assert theirs not in list(listed.object_list)
    assert _written() == before


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["officer", "secretary_a", "standing_member"])
def test_queries_do_not_grow(client, ward, conference, role):
    client.force_login(getattr(ward, role))
    urls = [reverse(R + "conference-list"), conference.get_absolute_url()]
    before = [_count(client, url) for url in urls]
    for n in range(4):
        item = opinion(ward, conference, assignee=ward.cell_b if n % 2 else None)
        if not n % 2:
            services.answer_opinion(opinion=item, by=ward.secretary_a, answer="Đã xong")
        opinion(ward, hold(ward))
    assert [_count(client, url) for url in urls] == before
