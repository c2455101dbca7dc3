"""The regulation as a document: the decision and the regulation as issued,
in the party's format (the checker finds nothing missing), for both shipped
regulations (ward and province), as PDF and DOCX, for every logged-in user
(as the regulation pages), linked from the version page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regulations.models import Provision, Regulation
from reports import checker
from reports.pdf import missing_fonts
from reports.regulation_document import regulation_document, render_regulation_docx

from .conftest import fresh
from .helpers import docx_text, squashed_pdf_text

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)

WARD = "qc-phuong-hai-duong"
PROVINCE = "qc-tinh-810-2023"


def _download(client, user, name, code) -> bytes:
    client.force_login(fresh(user))
    response = client.get(reverse(name, kwargs={"code": code, "version": 1}))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"] == (
        f'attachment; filename="quy-che-{code}-v1.{name.rsplit("-", 1)[1]}"'
    )
    return response.content


def _last_article(code: str) -> str:
    regulation = Regulation.objects.get(code=code, version=1)
    return regulation.provisions.filter(kind=Provision.Kind.ARTICLE).last().label


def test_both_regulations_as_pdf_in_the_party_format(client, ward, ward_regulation):
    ward_pdf = _download(client, ward.secretary_a, "regulations:regulation-pdf", WARD)
    assert checker.missing_components(ward_pdf) == []
    text = squashed_pdf_text(ward_pdf)
    first = checker.pdf_text(ward_pdf).pages[0]
    assert "QUYẾT ĐỊNH" in first and "Hải Dương, ngày tháng 5 năm 2026" in first
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG QUYẾT ĐỊNH:" in text
    assert "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in text
    assert "Điều 2. Đảng ủy Công an phường và các chi bộ" in text
    assert "Lưu Văn phòng Đảng ủy." in text and "Phạm Công Quân" in text
    assert "QUY CHẾ phối hợp giữa Đảng ủy Công an phường" in text
    assert "(Kèm theo Quyết định số" in text and "ngày 11/05/2026)" in text
    assert "Chương I QUY ĐỊNH CHUNG" in text
    assert "Điều 1. Phạm vi, đối tượng điều chỉnh" in text
    assert f"{_last_article(WARD)}." in text and "đ)" in text
    province_pdf = _download(
        client, ward.officer, "regulations:regulation-pdf", PROVINCE
    )
    assert checker.missing_components(province_pdf) == []
    text = squashed_pdf_text(province_pdf)
    assert "Số 810-QĐ/TU" in text and "ngày 20 tháng 6 năm 2023" in text
    assert "PHÓ BÍ THƯ THƯỜNG TRỰC" in text and "Lê Quốc Chính" in text
    assert "Ban Bí thư Trung ương Đảng, (để báo cáo)," in text
    assert "Chương III" in text and f"{_last_article(PROVINCE)}." in text


def test_docx_access_and_links(client, ward, ward_regulation):
    text = docx_text(
        _download(client, ward.standing_member, "regulations:regulation-docx", WARD)
    )
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "QUYẾT ĐỊNH",
        "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG QUYẾT ĐỊNH:",
        "Nơi nhận:",
        "T/M BAN THƯỜNG VỤ",
        "QUY CHẾ",
        "Chương II",
        "Điều 1. Phạm vi, đối tượng điều chỉnh",
    ):
        assert expected in text, expected
    province = docx_text(
        _download(client, ward.secretary_a, "regulations:regulation-docx", PROVINCE)
    )
    assert "Số 810-QĐ/TU" in province and "- Tham mưu, đề xuất" in province
    # The version page links both; anonymous users log in first; a version
    # that does not exist is a 404.
    page = client.get(ward_regulation.get_absolute_url()).content.decode()
    for name in ("regulations:regulation-pdf", "regulations:regulation-docx"):
        url = reverse(name, kwargs={"code": WARD, "version": 1})
        assert url in page
    assert "Tải bản PDF" in page and "Tải bản DOCX" in page
    missing = reverse("regulations:regulation-pdf", kwargs={"code": WARD, "version": 9})
    assert client.get(missing).status_code == 404
    client.logout()
    url = reverse("regulations:regulation-pdf", kwargs={"code": WARD, "version": 1})
    assert client.get(url).status_code == 302


def test_a_regulation_issued_directly_and_a_draft_version(ward_regulation):
    ward_regulation.document_type = "QUY CHẾ"
    ward_regulation.status = Regulation.Status.DRAFT
    doc = regulation_document(ward_regulation)
    assert not doc.has_decision and doc.is_draft
    assert doc.doc_type == "QUY CHẾ" and doc.subject.startswith("phối hợp giữa")
    text = docx_text(render_regulation_docx(doc))
    assert "QUYẾT ĐỊNH" not in text and "DỰ THẢO" in text
    assert "Nơi nhận:" in text and "Chương I" in text
