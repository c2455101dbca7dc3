"""Access to review meetings: every URL × role of the ward fixture × method
(T02), another ward's meeting by id (T03), the list holds only what the user
may open (T04), extra posted fields are ignored (T05).

The scene: a planned yearly review of the ward, every cell invited, one
action item owned by cell A (``meeting:item``). Readers: the police
committee's secretary and support staff (hosts), the standing committee and
the office, and the invited cells' leaders and support staff; nobody else
(404, the administrator included). 403: opens the meeting but may not do
that."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import URLPattern, reverse
from django.utils import timezone

from coordination.models import ReviewActionItem, ReviewMeeting
from coordination.permissions import visible_review_meetings
from coordination.reviews import services
from coordination.reviews import urls as review_urls
from tests.factories import make_org, make_user

ROLES = [
    "anon",
    "inactive",
    "secretary_a",
    "deputy_a",
    "member_a",
    "staff_a",
    "secretary_b",
    "officer",
    "cleared_officer",
    "police_staff",
    "standing_member",
    "office_staff",
    "ward_member",
    "admin",
]
ANON = {"anon": 302, "inactive": 302}
HOSTS = {"officer": 200, "police_staff": 200}
READERS = {
    **HOSTS,
    "standing_member": 200,
    "office_staff": 200,
    "secretary_a": 200,
    "deputy_a": 200,
    "staff_a": 200,
    "secretary_b": 200,
}
OWNERS = {"secretary_a": 302, "deputy_a": 302, "staff_a": 302}


def exp(default, *layers, **overrides):
    table = dict.fromkeys(ROLES, default)
    table.update(ANON)
    for layer in layers:
        table.update(layer)
    table.update(overrides)
    return table


def only_readers(default_for_readers, *layers):
    return exp(404, dict.fromkeys(READERS, default_for_readers), *layers)


def _new():
    when = timezone.localtime() + datetime.timedelta(days=7)
    return {
        "ward": "{root}",
        "kind": "yearly",
        "year": "2026",
        "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
        "place": "Hội trường",
        "chair": "{officer}",
        "state": "held",  # T05: ignored
    }


def _item():
    due = timezone.localdate() + datetime.timedelta(days=5)
    return {"owner": "{cell_b}", "description": "Rà soát", "due_date": f"{due}"}


def _edit():
    new = _new()
    new.pop("ward"), new.pop("kind"), new.pop("year")
    return {**new, "place": "Phòng họp mới", "invited": "{cell_a}"}


R = "coordination:review-"
ROWS = [
    (R + "list", None, "GET", None, exp(200)),
    (R + "create", None, "GET", None, exp(403, HOSTS)),
    (R + "create", None, "POST", "new", exp(403, dict.fromkeys(HOSTS, 302))),
    (R + "detail", "meeting", "GET", None, only_readers(200)),
    (R + "record", "meeting", "GET", None, only_readers(403, HOSTS)),
    (R + "edit", "meeting", "GET", None, only_readers(403, HOSTS)),
    (
        R + "edit",
        "meeting",
        "POST",
        "edit",
        only_readers(403, dict.fromkeys(HOSTS, 302)),
    ),
    (
        R + "record",
        "meeting",
        "POST",
        {"minutes": "Biên bản", "mark_held": "on", "attended": "{cell_a}"},
        only_readers(403, dict.fromkeys(HOSTS, 302)),
    ),
    (
        R + "item-add",
        "meeting",
        "POST",
        "item",
        only_readers(403, dict.fromkeys(HOSTS, 302)),
    ),
    (R + "item-add", "meeting", "GET", None, exp(405)),
    (R + "item-done", "item", "POST", {"note": "Xong"}, only_readers(403, OWNERS)),
    (R + "item-done", "item", "GET", None, exp(405)),
]


def _user_for(ward, role):
    if role == "anon":
        return None
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
        return user
    return getattr(ward, role)


def _fill(data, ward) -> dict:
    if isinstance(data, str):
        data = {"new": _new(), "item": _item(), "edit": _edit()}[data]
    values = {
        "root": ward.root.pk,
        "officer": ward.officer.pk,
        "cell_a": ward.cell_a.pk,
        "cell_b": ward.cell_b.pk,
    }
    return {k: str(v).format(**values) for k, v in (data or {}).items()}


def _written() -> tuple:
    return (ReviewMeeting.history.count(), ReviewActionItem.history.count())


def wrong_answers(client, ward, url, method, post, expected, written) -> list:
    """Each role of the table on ``url`` in a rolled-back transaction: the
    answers that differ from ``expected``, a 302 that wrote nothing, a refusal
    that wrote something (``written()`` counts the history rows)."""
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            user = _user_for(ward, role)
            if user is not None:
                client.force_login(user)
            before = written()
            response = client.post(url, post) if method == "POST" else client.get(url)
            status = response.status_code
            if status != expected[role]:
                wrong.append((role, status, expected[role]))
            elif method == "POST" and status == 302 and role not in ANON:
                if written() == before:
                    wrong.append((role, "302 without a change"))
            elif method == "POST" and written() != before:
                wrong.append((role, status, "wrote something"))
            if role in ANON:
                assert response["Location"].startswith(reverse("accounts:login"))
            transaction.set_rollback(True)
    return wrong


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0][len(R) :]}-{r[2]}" for r in ROWS])
def test_access_matrix(client, ward, meeting, row):
    name, key, method, data, expected = row
    objs = {"meeting": meeting, "item": meeting.action_items.get()}
    url = reverse(name, kwargs={"pk": objs[key].pk} if key else {})
    post = _fill(data, ward)
    wrong = wrong_answers(client, ward, url, method, post, expected, _written)
    assert not wrong, (url, method, wrong)


def test_every_review_route_has_a_row():
    names = {
        f"coordination:{p.name}"
        for p in review_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - {row[0] for row in ROWS} == set()
    for row in ROWS:
        assert set(row[4]) == set(ROLES), row[:3]


def test_posted_state_and_author_are_ignored(client, ward):
    client.force_login(ward.police_staff)
    response = client.post(reverse(R + "create"), _fill("new", ward))
    assert response.status_code == 302
    meeting = ReviewMeeting.objects.get()
    assert meeting.state == ReviewMeeting.State.PLANNED
    assert meeting.created_by == ward.police_staff
    assert meeting.invitations.count() == 3  # every cell by default


# --- T03 / T04 ------------------------------------------------------------------------


def _other_ward():
    root = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    police = make_org(
        "Đảng ủy Công an phường Khác", kind="police_committee", parent=root
    )
    cell = make_org("Chi bộ Khác", parent=root)
    officer = make_user("officer_khac", org=police)
    make_user("secretary_khac", org=cell)
    return root, officer


def test_another_wards_meeting_is_404_and_nothing_changes(client, ward):
    root, other_officer = _other_ward()
    theirs = services.schedule_review(
        by=other_officer,
        ward=root,
        kind="yearly",
        year=2026,
        starts_at=timezone.now(),
        place="Nơi khác",
        chair=other_officer,
    )
    item = services.add_review_item(
        meeting=theirs,
        by=other_officer,
        owner=theirs.invitations.get().organization,
        description="Việc",
        due_date=timezone.localdate(),
    )
    before = _written()
    for role in ("officer", "police_staff", "secretary_a", "standing_member", "admin"):
        client.force_login(getattr(ward, role))
        assert client.get(theirs.get_absolute_url()).status_code == 404
        for name in ("record", "item-add"):
            url = reverse(R + name, args=[theirs.pk])
            assert client.post(url, {"minutes": "x"}).status_code == 404
        url = reverse(R + "item-done", args=[item.pk])
        assert client.post(url).status_code == 404
        listed = client.get(reverse(R + "list")).context["page"].object_list
        assert theirs not in list(listed)
    assert _written() == before


@pytest.mark.parametrize("role", ROLES[2:])
def test_the_list_holds_what_the_user_opens(ward, meeting, role):
    user = getattr(ward, role)
    assert (meeting in visible_review_meetings(user)) == (role in READERS)
