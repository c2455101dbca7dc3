"""Assessment pages: writing an assessment (ratings per area, a round), the
police's reply, the table with its trends, comments on a named officer and
the log of every opening."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from coordination.assessments import services
from coordination.models import (
    Assessment,
    ExchangeRound,
    Membership,
    OfficerComment,
    OfficerCommentAccess,
    RatingLevel,
)
from regulations.models import Area, Regulation
from tests.factories import make_user

Pos = Membership.Position


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def areas(db) -> list[Area]:
    return [
        Area.objects.create(code="anqg", name="An ninh quốc gia", order=1),
        Area.objects.create(code="ttatxh", name="Trật tự, an toàn xã hội", order=2),
        Area.objects.create(code="xdd", name="Xây dựng Đảng", order=3),
    ]


def make_rounds(ward, years=(2025, 2026)) -> list[ExchangeRound]:
    """The ward's six-monthly rounds of these years (oldest first)."""
    regulation, _new = Regulation.objects.get_or_create(
        code="qc-thu", defaults={"title": "Quy chế thử"}
    )
    rounds = []
    for year in years:
        for kind, start, end in (
            ("h1", datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
            ("h2", datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
        ):
            rounds.append(
                ExchangeRound.objects.create(
                    ward=ward.root,
                    regulation=regulation,
                    kind=kind,
                    year=year,
                    period_start=start,
                    period_end=end,
                    due_date=end + datetime.timedelta(days=10),
                    lock_date=end + datetime.timedelta(days=30),
                )
            )
    return rounds


@pytest.fixture
def rounds(ward) -> list[ExchangeRound]:
    return make_rounds(ward)


def level(value) -> RatingLevel:
    return RatingLevel.objects.get(value=value)


def assess(ward, areas, *, by=None, cell=None, values=(4, 3), round_=None):
    return services.create_assessment(
        by=fresh(by or ward.secretary_a),
        cell=cell or ward.cell_a,
        lines=[(a, level(v), "") for a, v in zip(areas, values, strict=False)],
        summary="Phối hợp tốt",
        round_=round_,
    )


def police_member(ward):
    """A police officer living in cell A's area (the comment's subject)."""
    return make_user("police_member", org=ward.police, position=Pos.MEMBER)


def comment(ward, subject=None):
    subject = subject or police_member(ward)
    membership = Membership.objects.get(user=subject, organization=ward.police)
    return services.comment_on_officer(
        by=fresh(ward.secretary_a),
        cell=ward.cell_a,
        officer=membership,
        text="Đồng chí gương mẫu nơi cư trú",
    )


def test_create_assessment_from_the_form(client, ward, areas, rounds):
    client.force_login(ward.deputy_a)
    url = reverse("coordination:assessment-create")
    page = client.get(url).content.decode()
    assert f"rating_{areas[0].pk}" in page and rounds[1].label in page
    response = client.post(
        url,
        {
            "cell": ward.cell_a.pk,
            "round": rounds[1].pk,
            f"rating_{areas[0].pk}": level(4).pk,
            f"comment_{areas[0].pk}": "Nắm tình hình tốt",
            f"rating_{areas[1].pk}": level(2).pk,
            "summary": "Chung",
        },
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()
    assert assessment.round == rounds[1] and assessment.police == ward.police
    lines = {line.area.code: line.rating.value for line in assessment.lines.all()}
    assert lines == {"anqg": 4, "ttatxh": 2}


def test_create_needs_one_area(client, ward, areas):
    client.force_login(ward.secretary_a)
    url = reverse("coordination:assessment-create")
    response = client.post(url, {"cell": ward.cell_a.pk, "summary": "x"})
    assert response.status_code == 200
    assert "ít nhất một lĩnh vực" in response.content.decode()
    response = client.post(
        url, {"cell": ward.cell_a.pk, f"comment_{areas[0].pk}": "chưa chọn mức"}
    )
    assert "Xin chọn mức đánh giá" in response.content.decode()
    assert not Assessment.objects.exists()


def test_police_secretary_replies(client, ward, areas):
    assessment = assess(ward, areas)
    client.force_login(ward.officer)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Gửi trả lời" in page
    url = reverse("coordination:assessment-reply", args=[assessment.pk])
    assert client.post(url, {"reply": " "}).status_code == 400
    response = client.post(url, {"reply": "Tiếp thu, bố trí thêm lực lượng"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.replied_by == ward.officer
    client.force_login(ward.secretary_a)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Tiếp thu, bố trí thêm lực lượng" in page and "Gửi trả lời" not in page
    assert client.post(url, {"reply": "x"}).status_code == 403


def test_list_and_table_with_trend(client, ward, areas, rounds):
    assess(ward, areas, values=(2, 3), round_=rounds[0])
    assess(ward, areas, values=(3, 3), round_=rounds[1])
    assess(ward, areas, values=(1,), round_=rounds[2])
    client.force_login(ward.standing_member)
    listing = client.get(reverse("coordination:assessment-list")).content.decode()
    assert listing.count("data-assessment=") == 3
    response = client.get(reverse("coordination:assessment-table"))
    body = response.content.decode()
    assert [r.pk for r in response.context["table"].rounds] == [
        r.pk for r in rounds[:3]
    ]
    assert 'aria-label="tốt lên so với kỳ trước"' in body
    assert 'aria-label="kém đi so với kỳ trước"' in body
    assert 'aria-label="như kỳ trước"' in body
    assert "Nhận xét công an" in body  # the menu entry


def test_officer_is_chosen_never_typed(client, ward):
    subject = police_member(ward)
    client.force_login(ward.secretary_a)
    url = reverse("coordination:officer-comment-create")
    page = client.get(url).content.decode()
    assert "Police Member" in page and 'name="officer"' in page
    outsider = make_user("someone_else", org=ward.cell_b, position=Pos.MEMBER)
    other = Membership.objects.get(user=outsider)
    response = client.post(
        url, {"cell": ward.cell_a.pk, "officer": other.pk, "text": "x"}
    )
    assert response.status_code == 200 and not OfficerComment.objects.exists()
    response = client.post(url, {"cell": ward.cell_a.pk, "officer": "Nguyễn Văn A"})
    assert response.status_code == 200 and not OfficerComment.objects.exists()
    membership = Membership.objects.get(user=subject)
    response = client.post(
        url, {"cell": ward.cell_a.pk, "officer": membership.pk, "text": "Gương mẫu"}
    )
    item = OfficerComment.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.officer == membership


def test_every_opening_of_an_officer_comment_is_logged(client, ward):
    item = comment(ward)
    client.force_login(ward.officer)
    for _n in range(2):
        response = client.get(item.get_absolute_url(), REMOTE_ADDR="10.0.0.7")
        assert response.status_code == 200
    client.force_login(ward.standing_member)
    client.get(item.get_absolute_url())
    accesses = OfficerCommentAccess.objects.filter(comment=item)
    assert accesses.count() == 3
    assert accesses.filter(user=ward.officer).count() == 2
    assert accesses.filter(user=ward.officer).first().ip_address == "10.0.0.7"
    # A refused opening is not a reading: nothing logged.
    for role in ("police_staff", "secretary_b", "member_a"):
        client.force_login(getattr(ward, role))
        assert client.get(item.get_absolute_url()).status_code == 404
    assert accesses.count() == 3


def test_the_officer_never_reads_a_comment_about_himself(client, ward):
    deputy = make_user("police_deputy", org=ward.police, position=Pos.DEPUTY_SECRETARY)
    about_him = comment(ward, subject=deputy)
    about_other = comment(ward)
    client.force_login(deputy)
    assert client.get(about_him.get_absolute_url()).status_code == 404
    assert client.get(about_other.get_absolute_url()).status_code == 200
    listing = client.get(reverse("coordination:officer-comment-list"))
    shown = {c.pk for c in listing.context["page"].object_list}
    assert shown == {about_other.pk}
