"""The two documents built from the data: a single exchange report and a
coordination request's dossier, as PDF (checked by the checker) and DOCX,
downloaded through their pages."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from coordination.exchanges import services
from reports import checker
from reports.pdf import missing_fonts

from .conftest import SENTENCE, fresh, report_of
from .helpers import docx_text, squashed_pdf_text

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


def download(client, user, name, pk):
    client.force_login(fresh(user))
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


# --- A single exchange report ------------------------------------------------------------


def test_exchange_report_pdf_has_every_component(client, ward, submitted_report):
    pdf = download(
        client, ward.secretary_a, "reports:exchange-report-pdf", submitted_report.pk
    )
    assert checker.missing_components(pdf) == []
    assert checker.page_count(pdf) >= 2
    text = squashed_pdf_text(pdf)
    assert "Đảng ủy Công an phường" in text  # ô 9: the report's addressee
    assert SENTENCE in text
    assert "ĐẢNG BỘ PHƯỜNG THỬ NGHIỆM" in text
    assert "CHI BỘ KHU DÂN CƯ A" in text
    assert "-BC/CB" in text
    assert "Thử Nghiệm, ngày 01 tháng 7 năm 2026" in text
    assert "T/M CHI BỘ" in text and "Secretary A" in text
    # User text stays text.
    assert "<b>không đậm</b> & thiếu phương tiện" in text
    assert "Đã thực hiện nhiệm vụ 1: tuyên truyền, vận động nhân dân." in text


def test_exchange_report_docx_holds_the_same(client, ward, submitted_report):
    data = download(
        client, ward.officer, "reports:exchange-report-docx", submitted_report.pk
    )
    text = docx_text(data)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHI BỘ KHU DÂN CƯ A",
        "BÁO CÁO",
        "Nơi nhận:",
        "- Đảng ủy Công an phường,",
        "T/M CHI BỘ",
        SENTENCE,
        "KẾT QUẢ, KHÓ KHĂN VÀ ĐỀ XUẤT",
    ):
        assert expected in text, expected


def test_exchange_page_links_the_downloads(client, ward, submitted_report):
    client.force_login(fresh(ward.secretary_a))
    page = client.get(
        reverse("coordination:exchange-detail", args=[submitted_report.pk])
    ).content.decode()
    assert reverse("reports:exchange-report-pdf", args=[submitted_report.pk]) in page
    assert reverse("reports:exchange-report-docx", args=[submitted_report.pk]) in page


def test_draft_of_another_organisation_is_not_rendered(client, ward, h1_now):
    """Cell A may open the police committee's report (it is addressed to it)
    but not read it before it is submitted: no document and no link."""
    report = report_of(h1_now, ward.police)
    client.force_login(fresh(ward.secretary_a))
    page = client.get(reverse("coordination:exchange-detail", args=[report.pk]))
    assert page.status_code == 200
    url = reverse("reports:exchange-report-pdf", args=[report.pk])
    assert url not in page.content.decode()
    assert client.get(url).status_code == 403


# --- A coordination request's dossier -----------------------------------------------------


def test_dossier_pdf_has_every_component_and_the_whole_thread(client, ward, dossier):
    pdf = download(client, ward.secretary_a, "reports:request-dossier-pdf", dossier.pk)
    assert checker.missing_components(pdf) == []
    assert checker.page_count(pdf) >= 2
    text = squashed_pdf_text(pdf)
    assert SENTENCE in text
    assert "Phối hợp bảo đảm an ninh, trật tự lễ hội đình làng" in text
    assert "Công an phường cử tổ công tác hỗ trợ." in text  # the answer
    assert "Hội trường Đảng ủy" in text  # the meeting
    assert "Hai bên chưa thống nhất về lực lượng trực đêm." in text  # minutes
    assert "Chi bộ đề nghị bố trí trực 24/24." in text  # positions
    assert "Công an phường bố trí trực đến 22 giờ." in text
    assert "Thống nhất bố trí trực 24/24 trong ba ngày lễ hội." in text  # direction
    assert "báo cáo Thường trực" in text  # an event
    assert "Đảng ủy Công an phường" in text


def test_dossier_docx_holds_the_same(client, ward, dossier):
    data = download(client, ward.officer, "reports:request-dossier-docx", dossier.pk)
    text = docx_text(data)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY CÔNG AN PHƯỜNG",  # the officer's side issues it
        "-BC/ĐUCA",
        "BÁO CÁO",
        "I. NỘI DUNG ĐỀ NGHỊ",
        "II. DIỄN BIẾN",
        "Nơi nhận:",
        "- Chi bộ Khu dân cư A,",
        "T/M ĐẢNG ỦY",
        "Thống nhất bố trí trực 24/24 trong ba ngày lễ hội.",
    ):
        assert expected in text, expected


def test_request_page_links_the_downloads(client, ward, dossier):
    client.force_login(fresh(ward.secretary_a))
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert reverse("reports:request-dossier-pdf", args=[dossier.pk]) in page
    assert reverse("reports:request-dossier-docx", args=[dossier.pk]) in page


def test_police_report_to_the_cells(client, ward, h1_now, settings):
    """The police committee's report carries its configurable symbol, the
    higher committees' new policies and "T/M ĐẢNG ỦY"."""
    settings.REPORTS_POLICE_SYMBOL = "ĐUCAP"
    report = report_of(h1_now, ward.police)
    services.save_draft(
        report=report,
        by=fresh(ward.officer),
        fields={"new_policies": "Chỉ thị mới của Tỉnh ủy.", "results": SENTENCE},
    )
    services.submit_report(
        report=report_of(h1_now, ward.police), by=fresh(ward.officer)
    )
    pdf = download(client, ward.secretary_a, "reports:exchange-report-pdf", report.pk)
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert "-BC/ĐUCAP" in text
    assert "T/M ĐẢNG ỦY" in text
    assert "Chỉ thị mới của Tỉnh ủy." in text
    assert "Các chi bộ, đảng bộ trong kỳ báo cáo" in text


def test_format_and_place_are_settings(client, ward, submitted_report, settings):
    settings.PARTY_FORMAT = {"margin_top_mm": 25, "margin_left_mm": 35}
    settings.REPORTS_PLACE = "Hải Dương"
    data = download(
        client, ward.secretary_a, "reports:exchange-report-docx", submitted_report.pk
    )
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert round(section.top_margin.mm) == 25
    assert round(section.left_margin.mm) == 35
    assert "Hải Dương, ngày 01 tháng 7 năm 2026" in docx_text(data)
    pdf = download(
        client, ward.secretary_a, "reports:exchange-report-pdf", submitted_report.pk
    )
    assert checker.missing_components(pdf) == []
