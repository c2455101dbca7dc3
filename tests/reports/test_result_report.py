"""The police committee's report on the regulation's implementation: compiled
from the data (the numbers in the PDF are the data's), in the party's format
(the checker finds nothing missing), the hand-written sections, the
secretary's "Đã ký", the DOCX, the link from the round's page."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from coordination.models import ExchangeReport
from coordination.permissions import visible_exchange_reports
from reports import checker
from reports.models import ReportDraft
from reports.pdf import missing_fonts

from .conftest import SENTENCE, fresh, report_of
from .helpers import docx_text, squashed_pdf_text

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


def download(client, user, name, pk) -> bytes:
    client.force_login(fresh(user))
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def test_round_report_pdf_has_every_component_and_the_data(client, ward, h1_draft):
    h1 = h1_draft.round
    assert report_of(h1, ward.cell_b).submitted_late  # the data: B was late
    pdf = download(client, ward.officer, "reports:result-report-pdf", h1_draft.pk)
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    # The officer's view of the round, counted independently.
    mine = visible_exchange_reports(fresh(ward.officer)).filter(round=h1)
    expected = mine.count()
    missing = mine.filter(first_submitted_at__isnull=True).count()
    assert expected >= 4 and missing == expected - 2
    assert (
        f"Trong kỳ có {expected} báo cáo phải nộp: 1 báo cáo nộp đúng hạn, "
        f"1 báo cáo nộp muộn, {missing} báo cáo quá hạn chưa nộp, 0 báo cáo "
        "đang trả lại để sửa." in text
    )
    assert "Chi bộ Khu dân cư B" in text and "Nộp muộn" in text
    assert "ĐẢNG ỦY CÔNG AN PHƯỜNG" in text and "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM" in text
    assert "-BC/ĐUCA" in text and "DỰ THẢO" in text
    assert "kết quả thực hiện Quy chế phối hợp 6 tháng đầu năm 2026" in text
    assert "T/M ĐẢNG ỦY" in text and "Officer" in text
    # No request or urgent situation was sent in January–June.
    assert "Trong kỳ có 0 đề nghị phối hợp được gửi" in text
    assert "Trong kỳ không có tình huống phức tạp, đột xuất." in text
    # Cell A rated the police for H1; cell A's entries are the evidence.
    assert "Tốt" in text
    assert "Các trách nhiệm chưa có kết quả báo cáo trong kỳ:" in text
    # The hand-written sections.
    assert SENTENCE in text
    assert "Khen thưởng Chi bộ Khu dân cư A." in text
    assert "Phê bình Chi bộ Khu dân cư C chưa nộp báo cáo." in text
    assert "Thường trực Đảng ủy (để báo cáo)" in text


def test_year_report_counts_requests_and_situations(client, ward, year_draft):
    pdf = download(client, ward.officer, "reports:result-report-pdf", year_draft.pk)
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert "kết quả thực hiện Quy chế phối hợp năm 2026" in text
    assert (
        "Trong kỳ có 2 đề nghị phối hợp được gửi; 1 đề nghị quá hạn trả lời; "
        "1 lượt báo cáo Thường trực Đảng ủy và 1 ý kiến chỉ đạo." in text
    )
    assert "Trong kỳ có 1 tình huống phức tạp, đột xuất được báo cáo." in text
    assert "Nghiêm trọng" in text
    late = ExchangeReport.objects.filter(submitted_late=True).count()
    assert late == 1
    assert f"{late} báo cáo nộp muộn" in text
    assert "Chưa viết." in text  # the hand-written sections are still empty


def test_docx_opens_and_holds_the_headings(client, ward, h1_draft):
    data = download(
        client, ward.standing_member, "reports:result-report-docx", h1_draft.pk
    )
    document = docx.Document(io.BytesIO(data))
    assert len(document.tables) >= 3
    text = docx_text(data)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY CÔNG AN PHƯỜNG",
        "BÁO CÁO",
        "I. TRAO ĐỔI THÔNG TIN ĐỊNH KỲ",
        "II. ĐỀ NGHỊ PHỐI HỢP",
        "III. TÌNH HUỐNG PHỨC TẠP, ĐỘT XUẤT",
        "IV. ĐÁNH GIÁ CỦA CÁC CHI BỘ, ĐẢNG BỘ",
        "V. THỰC HIỆN TRÁCH NHIỆM THEO QUY CHẾ",
        "VI. ĐÁNH GIÁ CHUNG",
        "VIII. KHEN THƯỞNG VÀ PHÊ BÌNH",
        "Nơi nhận:",
        "T/M ĐẢNG ỦY",
        SENTENCE,
    ):
        assert expected in text, expected


def test_edit_regenerate_and_sign(
    client, ward, h1_draft, django_capture_on_commit_callbacks
):
    url = reverse("reports:result-report-edit", args=[h1_draft.pk])
    client.force_login(fresh(ward.police_staff))
    page = client.get(url).content.decode()
    assert "Tạo lại số liệu" in page and "Nộp muộn" in page
    assert reverse("reports:result-report-sign", args=[h1_draft.pk]) not in page
    response = client.post(
        url,
        {
            "action": "save",
            "assessment": "Phối hợp <b>chặt chẽ</b>.",
            "proposals": "",
            "commendations": "",
            "criticisms": "",
        },
    )
    assert response.status_code == 302
    h1_draft.refresh_from_db()
    assert h1_draft.assessment == "Phối hợp <b>chặt chẽ</b>."
    assert h1_draft.updated_by == ward.police_staff
    assert client.post(url, {"action": "regenerate"}).status_code == 302
    h1_draft.refresh_from_db()
    assert h1_draft.data_refreshed_at is not None
    # Support staff do not sign; the secretary does.
    sign = reverse("reports:result-report-sign", args=[h1_draft.pk])
    assert client.post(sign).status_code == 403
    client.force_login(fresh(ward.officer))
    assert sign in client.get(url).content.decode()
    # The worker signs (eager here): the POST queues the job and shows its page.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sign)
    assert response.status_code == 302
    job_page = client.get(response.url).content.decode()
    assert "Đã ký báo cáo số 1-BC/ĐUCA" in job_page
    h1_draft.refresh_from_db()
    assert h1_draft.status == ReportDraft.Status.FINAL
    # Signed once: a second signing is refused on the draft's page.
    assert client.post(sign).url == h1_draft.get_absolute_url()
    assert h1_draft.signed_by == ward.officer and h1_draft.signed_at is not None
    # Final: no more edits; the PDF is no longer a draft and carries the date.
    client.force_login(fresh(ward.police_staff))
    assert client.post(url, {"action": "save", "assessment": "x"}).status_code == 403
    pdf = download(client, ward.officer, "reports:result-report-pdf", h1_draft.pk)
    text = squashed_pdf_text(pdf)
    assert "DỰ THẢO" not in text
    assert "Thử Nghiệm, ngày 15 tháng 7 năm 2026" in text
    assert "Phối hợp <b>chặt chẽ</b>." in text


def test_create_for_a_round_and_a_year(client, ward, result_data):
    client.force_login(fresh(ward.officer))
    listing = client.get(
        reverse("reports:result-report-list") + f"?round={result_data.pk}"
    ).content.decode()
    assert "Năm 2026 — Đảng bộ phường Thử Nghiệm" in listing
    assert f'<option value="{result_data.pk}" selected>' in listing
    create = reverse("reports:result-report-create")
    response = client.post(create, {"round": result_data.pk})
    draft = ReportDraft.objects.get(round=result_data)
    assert response["Location"] == draft.get_absolute_url()
    assert draft.created_by == ward.officer and draft.year == 2026
    # Again: the same draft.
    client.post(create, {"round": result_data.pk})
    assert ReportDraft.objects.filter(round=result_data).count() == 1
    client.post(create, {"ward": ward.root.pk, "year": 2026})
    assert ReportDraft.objects.get(round=None).year == 2026
    # The year round is not a six-monthly round; another ward is not his.
    year_round = result_data.ward.exchange_rounds.get(kind="year")
    assert client.post(create, {"round": year_round.pk}).status_code == 404
    assert (
        client.post(create, {"ward": ward.cell_a.pk, "year": 2026}).status_code == 404
    )
    listing = client.get(reverse("reports:result-report-list")).content.decode()
    assert draft.get_absolute_url() in listing


def test_round_page_links_the_report_for_those_who_may_see_it(client, ward, h1_now):
    url = reverse("coordination:exchange-round", args=[h1_now.pk])
    link = reverse("reports:result-report-list")
    for user in (ward.officer, ward.police_staff, ward.standing_member):
        client.force_login(fresh(user))
        assert link in client.get(url).content.decode(), user
    client.force_login(fresh(ward.secretary_a))
    assert link not in client.get(url).content.decode()
