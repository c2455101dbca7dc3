"""Every table of a document as an XLSX sheet: the rows are the document's
and the page's, the header bold, the widths set, Vietnamese intact, a cell
that looks like a formula stays text; the downloads go through the page's
visibility (404 for an outsider)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import documents, result_report
from reports.document import PartyDocument, Section, Signature, Table
from reports.xlsx import document_tables, render_xlsx

from .conftest import SENTENCE, fresh


def _sheets(data: bytes) -> list[list[list[str]]]:
    book = load_workbook(io.BytesIO(data))
    return [
        [
            ["" if v is None else v for v in row]
            for row in ws.iter_rows(values_only=True)
        ]
        for ws in book.worksheets
    ]


def _table_rows(tables) -> list[list[list[str]]]:
    return [[list(t.header), *[list(r) for r in t.rows]] for t in tables]


def _get(client, user, name, pk):
    client.force_login(fresh(user))
    return client.get(reverse(name, args=[pk]))


def _sections_tables(sections):
    for s in sections:
        yield from s.tables
        yield from _sections_tables(s.subsections)


def test_result_report_xlsx_rows_are_the_documents_and_the_pages(
    client, ward, h1_draft
):
    response = _get(client, ward.officer, "reports:result-report-xlsx", h1_draft.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ket-qua-thuc-hien-quy-che-{h1_draft.pk}.xlsx"'
    )
    sheets = _sheets(response.content)
    doc = result_report.result_report_document(fresh(ward.officer), h1_draft)
    tables = [t for _h, t in document_tables(doc)]
    assert len(tables) >= 3
    assert sheets == _table_rows(tables)
    # The page shows the same tables (the data sections).
    page = client.get(reverse("reports:result-report-edit", args=[h1_draft.pk]))
    assert sheets == _table_rows(_sections_tables(page.context["sections"]))
    assert any("Chi bộ Khu dân cư B" in cell for s in sheets for r in s for cell in r)
    # The page offers the XLSX and the worker's PDF.
    html = page.content.decode()
    assert reverse("reports:result-report-xlsx", args=[h1_draft.pk]) in html
    assert reverse("reports:render-job-create") in html and "Tạo bản PDF" in html


def test_exchange_report_and_dossier_xlsx(client, ward, submitted_report, dossier):
    response = _get(
        client, ward.officer, "reports:exchange-report-xlsx", submitted_report.pk
    )
    assert response.status_code == 200
    doc = documents.exchange_report_document(fresh(ward.officer), submitted_report)
    # An exchange report is text only: one sheet saying so.
    assert document_tables(doc) == []
    [sheet] = _sheets(response.content)
    assert sheet[1] == ["Văn bản này không có bảng số liệu."]

    response = _get(client, ward.officer, "reports:request-dossier-xlsx", dossier.pk)
    assert response.status_code == 200
    doc = documents.request_dossier_document(fresh(ward.officer), dossier)
    tables = [t for _h, t in document_tables(doc)]
    assert len(tables) >= 2
    sheets = _sheets(response.content)
    assert sheets == _table_rows(tables)
    # Vietnamese text intact (the equality above is character for character).
    assert any(not cell.isascii() for s in sheets for r in s for cell in r)


@pytest.mark.parametrize(
    "name", ["reports:exchange-report-xlsx", "reports:request-dossier-xlsx"]
)
def test_outsider_gets_404(client, ward, submitted_report, dossier, outsider, name):
    pk = submitted_report.pk if "exchange" in name else dossier.pk
    assert _get(client, outsider, name, pk).status_code == 404


def test_result_report_xlsx_only_for_the_wards_readers(
    client, ward, year_draft, outsider
):
    name = "reports:result-report-xlsx"
    assert _get(client, outsider, name, year_draft.pk).status_code == 404
    assert _get(client, ward.secretary_a, name, year_draft.pk).status_code == 404
    assert _get(client, ward.standing_member, name, year_draft.pk).status_code == 200


def test_sheet_format_text_and_no_formulas():
    doc = PartyDocument(
        superior_body="Đảng bộ phường",
        issuing_body="Đảng ủy Công an phường",
        type_code="BC",
        issuer_code="ĐUCA",
        place="Hải Dương",
        doc_type="BÁO CÁO",
        subject="thử",
        signature=Signature("T/M ĐẢNG ỦY", "BÍ THƯ"),
        sections=[
            Section(
                heading="I. KẾT QUẢ: [tổng hợp]/*?",
                tables=[
                    Table(
                        header=["Lĩnh vực", "Số"],
                        rows=[[SENTENCE, "1"], ['=HYPERLINK("http://x")', "@SUM(A1)"]],
                        widths=[80, 20],
                    )
                ],
                subsections=[Section(tables=[Table(header=["A\x01"], rows=[["b"]])])],
            )
        ],
    )
    book = load_workbook(io.BytesIO(render_xlsx(doc)))
    first, second = book.worksheets
    assert first.title.startswith("1. I. KẾT QUẢ") and len(first.title) <= 31
    assert not set("[]:*?/\\") & set(first.title)
    assert first["A1"].font.bold and first["B1"].font.bold
    assert not first["A2"].font.bold
    assert first.column_dimensions["A"].width > first.column_dimensions["B"].width
    assert first["A2"].value == SENTENCE
    assert first["A3"].value == '=HYPERLINK("http://x")'
    assert first["A3"].data_type == "s"
    assert second["A1"].value == "A"  # a control character dropped
    assert second.title.startswith("2. ")


def test_classified_dossier_xlsx_only_for_the_cleared_with_its_label(
    client, ward, caplog
):
    import logging

    from coordination.confidentiality import Confidentiality
    from tests.factories import make_request

    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject="Chuyên án bí mật đường Lê Lợi",
        confidentiality=Confidentiality.SECRET,
    )
    name = "reports:request-dossier-xlsx"
    assert _get(client, ward.officer, name, req.pk).status_code == 404
    assert _get(client, ward.secretary_a, name, req.pk).status_code == 404
    with caplog.at_level(logging.INFO, logger="security"):
        response = _get(client, ward.cleared_officer, name, req.pk)
    assert response.status_code == 200
    assert "Lê Lợi" not in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert all(ws.oddHeader.right.text == "MẬT" for ws in book.worksheets)
    assert any(
        "classified_document" in r.getMessage() and "format=xlsx" in r.getMessage()
        for r in caplog.records
    )
