"""Access to assessments and officer comments: the role × URL × method
matrix (T02), another cell's objects by id (T03), lists and the table (T04),
extra posted fields (T05)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import URLPattern, reverse

from coordination.assessments import urls as assessment_urls
from coordination.models import (
    Assessment,
    Membership,
    OfficerComment,
    OfficerCommentAccess,
)
from coordination.permissions import visible_assessments, visible_officer_comments
from tests.factories import make_user

from .access_table import ANON, ROLES, ROWS
from .test_views import areas, assess, comment, fresh, level, police_member  # noqa: F401


def build_scene(ward, areas) -> dict:  # noqa: F811
    subject = police_member(ward)
    return {
        "assessment": assess(ward, areas[:2]),
        "comment": comment(ward, subject=subject),
        "subject": subject,
        "membership": Membership.objects.get(user=subject),
    }


def _user_for(ward, objs, role):
    if role == "anon":
        return None
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
        return user
    if role == "subject":
        return objs["subject"]
    return getattr(ward, role)


def _fill(data, ward, objs, areas) -> dict:  # noqa: F811
    values = {
        "cell_a": ward.cell_a.pk,
        "area": areas[0].pk,
        "level": level(3).pk,
        "subject": objs["membership"].pk,
    }
    return {k.format(**values): v.format(**values) for k, v in (data or {}).items()}


def _written() -> tuple:
    return (
        Assessment.history.count(),
        OfficerComment.objects.count(),
    )


ROW_IDS = [f"{r[0].split(':')[1]}-{r[2]}" for r in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_access_matrix(client, ward, areas, row):  # noqa: F811
    name, key, method, data, expected = row
    objs = build_scene(ward, areas)
    url = reverse(name, kwargs={"pk": objs[key].pk} if key else {})
    post = _fill(data, ward, objs, areas)
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            user = _user_for(ward, objs, role)
            if user is not None:
                client.force_login(user)
            before = _written()
            response = client.post(url, post) if method == "POST" else client.get(url)
            status = response.status_code
            if status != expected[role]:
                wrong.append((role, status, expected[role]))
            elif method == "POST" and status == 302 and role not in ANON:
                if _written() == before:
                    wrong.append((role, "302 without a change"))
            elif method == "POST" and _written() != before:
                wrong.append((role, status, "wrote something"))
            if role in ANON:
                assert response["Location"].startswith(reverse("accounts:login"))
            transaction.set_rollback(True)
    assert not wrong, (url, method, wrong)


def test_every_assessment_route_has_a_row():
    covered = {row[0] for row in ROWS}
    names = {
        f"coordination:{p.name}"
        for p in assessment_urls.urlpatterns
        if isinstance(p, URLPattern)
    }
    assert names - covered == set()
    for row in ROWS:
        assert set(row[4]) == set(ROLES), row[:3]


# --- T03 ------------------------------------------------------------------------------------


def test_another_cells_objects_are_404_and_nothing_is_logged(client, ward, areas):  # noqa: F811
    objs = build_scene(ward, areas)
    client.force_login(ward.secretary_b)
    assessment, item = objs["assessment"], objs["comment"]
    assert client.get(assessment.get_absolute_url()).status_code == 404
    url = reverse("coordination:assessment-reply", args=[assessment.pk])
    assert client.post(url, {"reply": "x"}).status_code == 404
    assert client.get(item.get_absolute_url()).status_code == 404
    for name in ("assessment-detail", "officer-comment-detail"):
        url = reverse(f"coordination:{name}", args=[999999])
        assert client.get(url).status_code == 404
    assert not OfficerCommentAccess.objects.exists()
    assessment.refresh_from_db()
    assert assessment.reply == ""


# --- T04 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "secretary_b",
        "member_a",
        "cleared_officer",
        "police_staff",
        "office_staff",
        "admin",
    ],
)
def test_lists_and_table_only_hold_what_the_user_can_open(client, ward, areas, role):  # noqa: F811
    objs = build_scene(ward, areas)
    assess(ward, areas, by=ward.secretary_b, cell=ward.cell_b, values=(1, 1))
    user = fresh(getattr(ward, role))
    client.force_login(user)
    visible = set(visible_assessments(user).values_list("pk", flat=True))
    response = client.get(reverse("coordination:assessment-list"))
    shown = {a.pk for a in response.context["page"].object_list}
    assert shown <= visible
    table = client.get(reverse("coordination:assessment-table")).context["table"]
    cells = set(
        Assessment.objects.filter(pk__in=visible).values_list("cell_id", flat=True)
    )
    assert {c.pk for c in table.cells} <= cells
    comments = set(visible_officer_comments(user).values_list("pk", flat=True))
    response = client.get(reverse("coordination:officer-comment-list"))
    assert {c.pk for c in response.context["page"].object_list} <= comments
    assert objs["comment"].pk not in comments
    body = response.content.decode()
    assert "Gương mẫu" not in body and "Police Member" not in body


def test_the_subject_sees_no_comment_about_himself(client, ward, areas):  # noqa: F811
    objs = build_scene(ward, areas)
    client.force_login(objs["subject"])
    response = client.get(reverse("coordination:officer-comment-list"))
    assert list(response.context["page"].object_list) == []


# --- T05 ------------------------------------------------------------------------------------


def test_extra_posted_fields_are_ignored(client, ward, areas):  # noqa: F811
    client.force_login(ward.secretary_a)
    client.post(
        reverse("coordination:assessment-create"),
        {
            "cell": ward.cell_a.pk,
            f"rating_{areas[0].pk}": level(4).pk,
            "police": ward.cell_b.pk,
            "author": ward.standing_member.pk,
            "reply": "tự trả lời",
            "replied_by": ward.secretary_a.pk,
        },
    )
    assessment = Assessment.objects.get()
    assert assessment.police == ward.police
    assert assessment.author == ward.secretary_a
    assert assessment.reply == "" and assessment.replied_by is None
    subject = police_member(ward)
    client.post(
        reverse("coordination:officer-comment-create"),
        {
            "cell": ward.cell_a.pk,
            "officer": Membership.objects.get(user=subject).pk,
            "text": "Nhận xét",
            "author": ward.officer.pk,
            "created_at": "2020-01-01",
        },
    )
    item = OfficerComment.objects.get()
    assert item.author == ward.secretary_a and item.created_at.year != 2020
