"""The review meeting's pack ("Bộ tài liệu họp", ``reports.review_pack``):
whoever opens the meeting opens its pack (page, PDF, DOCX) with figures
only from what he may open; the PDF carries every component of the party's
format; the queries do not grow with the data; the report's editors turn it
into the year's result report draft, its empty hand-written sections taken
from the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.reviews import services
from coordination.reviews.proposals import services as proposals
from reports import checker
from reports.models import ReportDraft
from tests.reports.helpers import docx_text, squashed_pdf_text

from .conftest import add_item, schedule
from .test_access import READERS, exp, wrong_answers

EDITORS = {"officer": 302, "police_staff": 302}
P = "reports:review-pack"
ROWS = [
    (P, "GET", None, exp(404, READERS)),
    (P + "-docx", "GET", None, exp(404, READERS)),
    (
        P + "-draft",
        "POST",
        {"ward": "999", "year": "1999"},
        exp(404, dict.fromkeys(READERS, 403), EDITORS),
    ),
    (P + "-draft", "GET", None, exp(405)),
]


def _drafts():
    return (ReportDraft.objects.count(),)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_access_matrix(client, ward, meeting, row):
    name, method, post, expected = row
    url = reverse(name, args=[meeting.pk])
    wrong = wrong_answers(client, ward, url, method, post or {}, expected, _drafts)
    assert not wrong, (url, method, wrong)


def test_the_pdf_is_for_readers_only(client, ward, meeting):
    url = reverse(P + "-pdf", args=[meeting.pk])
    client.force_login(ward.member_a)
    assert client.get(url).status_code == 404
    client.force_login(ward.officer)
    assert client.post(url).status_code == 405


def _scene(ward, meeting):
    """Minutes and decisions; an earlier meeting with an open and a done
    item; a commendation of cell A and a criticism of cell B."""
    earlier = schedule(
        ward, starts_at=meeting.starts_at - datetime.timedelta(days=200), year=2026
    )
    add_item(ward, earlier, text="Việc cũ còn mở", owner=ward.cell_b)
    done = add_item(ward, earlier, text="Việc cũ đã xong")
    services.complete_review_item(item=done, by=ward.secretary_a)
    services.record_review(
        meeting=meeting,
        by=ward.officer,
        minutes="Các bên thực hiện tốt chế độ trao đổi thông tin.",
        decisions="Tiếp tục rà soát đầu mối liên hệ.",
        attended=[ward.cell_a.pk],
    )
    for kind, org, reason in (
        ("commend", ward.cell_a, "Phối hợp tốt"),
        ("criticise", ward.cell_b, "Báo cáo chậm"),
    ):
        proposals.propose(
            by=ward.officer,
            proposer_org=ward.police,
            kind=kind,
            organization=org,
            reason=reason,
            meeting=meeting,
        )


def test_pack_pdf_has_the_format_and_the_readers_figures(client, ward, meeting):
    _scene(ward, meeting)
    client.force_login(ward.officer)
    pdf = client.get(reverse(P + "-pdf", args=[meeting.pk])).content
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert "DỰ THẢO" in text and "-BC/ĐUCA" in text and "T/M ĐẢNG ỦY" in text
    assert "tài liệu phục vụ Họp rút kinh nghiệm hằng năm năm 2026" in text
    assert "Các bên thực hiện tốt chế độ trao đổi thông tin." in text
    assert "Việc cũ còn mở" in text and "Việc cũ đã xong" not in text
    assert "Bổ sung báo cáo" in text  # the meeting's own item
    assert "Phối hợp tốt" in text and "Báo cáo chậm" in text
    assert "Trao đổi thông tin định kỳ".upper() in text  # the report's sections
    assert "Ban Thường vụ Đảng ủy (để báo cáo)" in text
    # Cell A's secretary: the criticism of cell B is not his to read.
    client.force_login(ward.secretary_a)
    data = client.get(reverse(P + "-docx", args=[meeting.pk])).content
    text = docx_text(data)
    assert "Phối hợp tốt" in text and "Báo cáo chậm" not in text


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["officer", "standing_member", "secretary_a"])
def test_pack_queries_do_not_grow(client, ward, meeting, role):
    client.force_login(getattr(ward, role))
    url = reverse(P, args=[meeting.pk])
    small = _count(client, url)
    _scene(ward, meeting)
    for n in range(3):
        add_item(ward, meeting, text=f"Việc {n}", owner=ward.cell_a)
    assert _count(client, url) == small


def test_the_pack_opens_the_years_draft_prefilled(client, ward, meeting):
    _scene(ward, meeting)
    client.force_login(ward.police_staff)
    page = client.get(reverse(P, args=[meeting.pk]))
    assert page.context["can_draft"] and page.context["draft"] is None
    url = reverse(P + "-draft", args=[meeting.pk])
    response = client.post(url, {"ward": "999", "year": "1999"})  # ignored
    draft = ReportDraft.objects.get()
    assert response["Location"] == draft.get_absolute_url()
    assert (draft.ward, draft.year, draft.round) == (ward.root, 2026, None)
    assert draft.assessment.startswith("Các bên thực hiện tốt")
    assert draft.proposals == "Tiếp tục rà soát đầu mối liên hệ."
    assert "Phối hợp tốt" in draft.commendations
    assert "Báo cáo chậm" in draft.criticisms
    ReportDraft.objects.filter(pk=draft.pk).update(assessment="Viết tay")
    client.post(url)  # the same draft, what was written kept
    draft.refresh_from_db()
    assert ReportDraft.objects.count() == 1 and draft.assessment == "Viết tay"
    client.force_login(ward.standing_member)
    assert not client.get(reverse(P, args=[meeting.pk])).context["can_draft"]


def test_end_of_term_pack_goes_to_the_ward_committee(client, ward):
    term = schedule(ward, kind="end_of_term", starts_at=timezone.now())
    client.force_login(ward.officer)
    page = client.get(reverse(P, args=[term.pk]))
    assert "Ban Chấp hành Đảng bộ (để báo cáo)" in page.content.decode()
