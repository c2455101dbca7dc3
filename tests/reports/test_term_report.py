"""The end-of-term report (ward Điều 11.2): a draft for the ward's term
(``coordination.Term``), created from the drafts' list, compiled over the
term's years with the yearly report's sections, addressed to the ward's
executive committee, signed with a number from the register and archived,
downloadable as PDF, DOCX and XLSX; a fixed number of queries."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coordination.exchanges.periods import ensure_rounds
from coordination.models import Notification
from coordination.organizations.models import Term
from reports import checker, services
from reports.models import ReportDraft
from reports.pdf import missing_fonts
from tests.factories import make_org, make_request

from .conftest import SENTENCE, fresh
from .helpers import docx_text, squashed_pdf_text

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


@pytest.fixture
def term(ward) -> Term:
    return Term.objects.create(
        organization=ward.root, start_year=2025, end_year=2026, name="Nhiệm kỳ thử"
    )


@pytest.fixture
def term_draft(ward, term, result_data) -> ReportDraft:
    return ReportDraft.objects.create(
        ward=ward.root,
        term=term,
        year=term.end_year,
        created_by=ward.officer,
        assessment=SENTENCE,
        commendations="Khen thưởng Chi bộ Khu dân cư A.",
    )


def _get(client, user, name, pk):
    client.force_login(fresh(user))
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.status_code
    return response.content


def test_term_report_pdf_covers_the_term_and_goes_to_the_executive_committee(
    client, ward, term_draft
):
    pdf = _get(client, ward.officer, "reports:result-report-pdf", term_draft.pk)
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert "tổng kết thực hiện Quy chế phối hợp nhiệm kỳ 2025–2026" in text
    assert (
        "Đảng ủy Công an phường báo cáo Ban Chấp hành Đảng bộ phường Thử Nghiệm" in text
    )
    assert "(từ ngày 01/01/2025 đến ngày 31/12/2026)" in text
    assert "Ban Chấp hành Đảng bộ phường (để báo cáo)" in text
    assert "I. KẾT QUẢ QUA CÁC NĂM CỦA NHIỆM KỲ" in text
    # The yearly report's sections over the whole term: both requests and the
    # urgent situation of 2026 are counted, 2025 had none.
    assert (
        "Trong kỳ có 2 đề nghị phối hợp được gửi; 1 đề nghị quá hạn trả lời; "
        "1 lượt báo cáo Thường trực Đảng ủy và 1 ý kiến chỉ đạo." in text
    )
    assert "Trong kỳ có 1 tình huống phức tạp, đột xuất được báo cáo." in text
    assert "2025 0 0 0 0 0 0" in text
    assert SENTENCE in text and "Khen thưởng Chi bộ Khu dân cư A." in text
    assert "-BC/ĐUCA" in text and "DỰ THẢO" in text


def test_term_report_docx_and_xlsx(client, ward, term_draft):
    text = docx_text(
        _get(client, ward.standing_member, "reports:result-report-docx", term_draft.pk)
    )
    for expected in (
        "BÁO CÁO",
        "I. KẾT QUẢ QUA CÁC NĂM CỦA NHIỆM KỲ",
        "II. TRAO ĐỔI THÔNG TIN ĐỊNH KỲ",
        "IX. KHEN THƯỞNG VÀ PHÊ BÌNH",
        "Ban Chấp hành Đảng bộ phường (để báo cáo),",
    ):
        assert expected in text, expected
    data = _get(client, ward.officer, "reports:result-report-xlsx", term_draft.pk)
    book = load_workbook(io.BytesIO(data))
    first = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    assert first[0][0] == "Năm" and [r[0] for r in first[1:]] == ["2025", "2026"]
    assert first[2][5] == "2"  # the two requests of 2026


def test_created_from_the_list_next_to_the_year(client, ward, term, result_data):
    other = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac2")
    other_term = Term.objects.create(organization=other, start_year=2025, end_year=2030)
    client.force_login(fresh(ward.officer))
    listing = client.get(reverse("reports:result-report-list")).content.decode()
    assert f'name="term" value="{term.pk}"' in listing
    assert "Nhiệm kỳ 2025–2026 — Đảng bộ phường Thử Nghiệm" in listing
    assert f'name="term" value="{other_term.pk}"' not in listing
    create = reverse("reports:result-report-create")
    response = client.post(create, {"term": term.pk})
    draft = ReportDraft.objects.get(term=term)
    assert response["Location"] == draft.get_absolute_url()
    assert draft.round is None and draft.year == 2026 and draft.is_term_report
    client.post(create, {"term": term.pk})
    assert ReportDraft.objects.filter(term=term).count() == 1
    # The year report of the term's last year is another draft.
    client.post(create, {"ward": ward.root.pk, "year": 2026})
    year = ReportDraft.objects.get(term=None, round=None)
    assert year.year == 2026 and year.pk != draft.pk
    assert client.post(create, {"term": other_term.pk}).status_code == 404
    listing = client.get(reverse("reports:result-report-list")).content.decode()
    assert f'name="term" value="{term.pk}"' not in listing
    assert "Nhiệm kỳ 2025–2026" in listing  # the draft's label
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "nhiệm kỳ 2025–2026" in page
    assert "KẾT QUẢ QUA CÁC NĂM CỦA NHIỆM KỲ" in page
    # Cell secretaries neither see nor create it.
    client.force_login(fresh(ward.secretary_a))
    assert client.post(create, {"term": term.pk}).status_code == 404


def test_signed_numbered_archived_and_sent_to_the_executive_committee(
    client, ward, term_draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        archived = services.sign_report(draft=term_draft, by=fresh(ward.officer))
    assert archived.register_entry.symbol == "1-BC/ĐUCA"
    text = squashed_pdf_text(bytes(archived.content))
    assert "Số 1-BC/ĐUCA" in text and "DỰ THẢO" not in text
    assert "nhiệm kỳ 2025–2026" in text
    # The executive committee's member is told and opens the signed report
    # (only the end-of-term one: he has no archive list of his own).
    url = archived.get_absolute_url()
    for user in (ward.ward_member, ward.standing_member):
        assert Notification.objects.filter(user=user, url=url).count() == 1, user
    client.force_login(fresh(ward.ward_member))
    assert client.get(url).status_code == 200
    download = client.get(reverse("reports:archive-download", args=[archived.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert client.get(reverse("reports:archive-list")).status_code == 404
    client.force_login(fresh(ward.secretary_a))
    assert client.get(url).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_terms_years_or_data(client, ward, result_data):
    term = Term.objects.create(organization=ward.root, start_year=2026, end_year=2027)
    draft = ReportDraft.objects.create(
        ward=ward.root, term=term, year=2027, created_by=ward.officer
    )
    client.force_login(fresh(ward.officer))
    url = reverse("reports:result-report-docx", args=[draft.pk])
    client.get(url)
    few = _count(client, url)
    ensure_rounds(datetime.date(2027, 3, 2), wards=[ward.root])
    for i in range(4):
        make_request(
            by=ward.secretary_b,
            sender=ward.cell_b,
            recipients=[ward.police],
            subject=f"Đề nghị số {i}",
        )
    assert _count(client, url) == few
    assert "Trong kỳ có 6 đề nghị phối hợp được gửi" in docx_text(
        client.get(url).content
    )
