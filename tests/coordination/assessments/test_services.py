"""Assessments of police work and comments on named officers: who writes,
who reads (positions, not only organisations), every opening logged."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from coordination.assessments import services
from coordination.assessments.selectors import assessment_table
from coordination.exchanges.periods import ensure_rounds
from coordination.models import (
    Membership,
    Notification,
    OfficerCommentAccess,
    RatingLevel,
)
from coordination.permissions import (
    get_officer_comment_for_user,
    visible_assessments,
    visible_officer_comments,
)
from regulations.models import Area, Regulation
from tests.factories import make_user


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def areas(db):
    call_command("load_regulations", verbosity=0)
    return {a.code: a for a in Area.objects.all()}


def level(value):
    return RatingLevel.objects.get(value=value)


def test_default_levels_are_configurable_rows(db):
    assert [r.label for r in RatingLevel.objects.all()] == [
        "Tốt",
        "Khá",
        "Trung bình",
        "Yếu",
    ]


def test_cell_assesses_police_leaders_read_and_reply(ward, areas):
    assessment = services.create_assessment(
        by=fresh(ward.secretary_a),
        cell=ward.cell_a,
        lines=[
            (areas["anqg"], level(4), "Nắm tình hình tốt"),
            (areas["ttatxh"], level(3), ""),
        ],
    )
    readers = {"secretary_a", "deputy_a", "member_a", "staff_a", "standing_member"}
    police_readers = set()
    for name in (
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
    ):
        if assessment in visible_assessments(fresh(getattr(ward, name))):
            police_readers.add(name)
    # The police committee's secretary (officer) reads; a committee member
    # (cleared_officer), its support staff and other cells do not.
    assert police_readers == readers | {"officer"}
    with pytest.raises(services.AssessmentError):
        services.reply_assessment(
            assessment=assessment, by=fresh(ward.cleared_officer), reply="x"
        )
    services.reply_assessment(
        assessment=assessment, by=fresh(ward.officer), reply="Tiếp thu"
    )
    assert Notification.objects.filter(user=ward.secretary_a).exists()


def test_only_cell_leaders_assess(ward, areas):
    with pytest.raises(services.AssessmentError):
        services.create_assessment(
            by=fresh(ward.member_a),
            cell=ward.cell_a,
            lines=[(areas["anqg"], level(4), "")],
        )
    with pytest.raises(services.AssessmentError):
        services.create_assessment(
            by=fresh(ward.officer),
            cell=ward.police,
            lines=[(areas["anqg"], level(4), "")],
        )


def test_officer_comment_readers_and_access_log(ward):
    subject = make_user(
        "chien_si", org=ward.police, position=Membership.Position.MEMBER
    )
    officer = Membership.objects.get(user=subject, organization=ward.police)
    comment = services.comment_on_officer(
        by=fresh(ward.secretary_a),
        cell=ward.cell_a,
        officer=officer,
        text="Gương mẫu, gần dân",
    )
    can = {
        name
        for name in (
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
        )
        if comment in visible_officer_comments(fresh(getattr(ward, name)))
    }
    assert can == {"secretary_a", "deputy_a", "officer", "standing_member"}
    assert comment not in visible_officer_comments(fresh(subject))
    opened = get_officer_comment_for_user(fresh(ward.officer), comment.pk)
    services.log_officer_comment_opened(
        comment=opened, by=ward.officer, ip_address="10.0.0.1"
    )
    assert OfficerCommentAccess.objects.get().user == ward.officer
    # Notices name the cell, never the officer.
    note = Notification.objects.get(user=ward.officer)
    assert "chien_si" not in note.title and subject.get_full_name() not in note.body


def test_comment_only_on_own_wards_police(ward):
    with pytest.raises(services.AssessmentError):
        services.comment_on_officer(
            by=fresh(ward.secretary_a),
            cell=ward.cell_a,
            officer=Membership.objects.get(user=ward.secretary_b),
            text="x",
        )


def test_table_of_cells_areas_rounds_with_trend(ward, areas):
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    regulation.organization = ward.root
    regulation.save()
    ensure_rounds(datetime.date(2026, 3, 1), wards=[ward.root])
    from coordination.models import ExchangeRound

    h1 = ExchangeRound.objects.get(kind="h1")
    h2 = ExchangeRound.objects.get(kind="h2")
    for round_, value in ((h1, 3), (h2, 4)):
        services.create_assessment(
            by=fresh(ward.secretary_a),
            cell=ward.cell_a,
            round_=round_,
            lines=[(areas["anqg"], level(value), "")],
        )
    table = assessment_table(fresh(ward.standing_member))
    assert [r.pk for r in table.rounds] == [h1.pk, h2.pk]
    cells = table.row(ward.cell_a, areas["anqg"])
    assert [c.label for c in cells] == ["Khá", "Tốt"]
    assert cells[1].trend == "up"
    assert assessment_table(fresh(ward.secretary_b)).cells == []
