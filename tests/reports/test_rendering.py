"""The renderer: every mandatory component of the party's format in the PDF
(read back by the checker) and in the DOCX; Vietnamese survives; user text is
escaped; the URL fetcher serves the font files and nothing else (T18)."""

from __future__ import annotations

import datetime
import io

import docx
import pytest

from reports import checker
from reports.document import (
    PartyDocument,
    Section,
    Signature,
    Table,
    place_and_date,
)
from reports.docx import render_docx
from reports.pdf import (
    FetchRefused,
    FontOnlyURLFetcher,
    font_paths,
    html_to_pdf,
    missing_fonts,
    render_pdf,
)

from .conftest import SENTENCE
from .helpers import docx_text, squashed_pdf_text

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


def sample(**overrides) -> PartyDocument:
    fields = {
        "superior_body": "Đảng bộ phường Hải Dương",
        "issuing_body": "Đảng ủy Công an phường",
        "type_code": "BC",
        "issuer_code": "ĐUCA",
        "place": "Hải Dương",
        "date": datetime.date(2027, 1, 5),
        "number": 12,
        "doc_type": "BÁO CÁO",
        "subject": "kết quả thực hiện Quy chế phối hợp 6 tháng đầu năm 2026",
        "sections": [
            Section(
                heading="I. Kết quả",
                paragraphs=[SENTENCE] * 12,
                tables=[Table(["Đơn vị", "Kết quả"], [["Chi bộ A", "Tốt"]] * 20)],
            )
        ],
        "recipients": ["Thường trực Đảng ủy phường", "Lưu Văn phòng Đảng ủy"],
        "signature": Signature("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình"),
    }
    fields.update(overrides)
    return PartyDocument(**fields)


def test_pdf_has_every_mandatory_component_and_page_numbers_from_page_2():
    pdf = render_pdf(sample())
    assert pdf.startswith(b"%PDF")
    assert checker.page_count(pdf) >= 2
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert "Số 12-BC/ĐUCA" in text
    assert "Hải Dương, ngày 05 tháng 01 năm 2027" in text
    assert "ĐẢNG BỘ PHƯỜNG HẢI DƯƠNG" in text
    assert "ĐẢNG ỦY CÔNG AN PHƯỜNG" in text
    assert SENTENCE in text
    assert "- Lưu Văn phòng Đảng ủy." in text


def test_checker_names_what_is_missing():
    bare = html_to_pdf("<p>Không có thể thức</p>")
    missing = checker.missing_components(bare)
    for name in (
        checker.PARTY_NAME,
        checker.NUMBER_SYMBOL,
        checker.PLACE_DATE,
        checker.DOC_TYPE,
        checker.RECIPIENTS,
        checker.SIGNATURE,
    ):
        assert name in missing


def test_fonts_embedded_are_liberation_serif():
    fonts = checker.pdf_fonts(render_pdf(sample()))
    assert fonts
    assert all(embedded for _name, embedded in fonts)
    assert all(name.startswith("Liberation-Serif") for name, _e in fonts)


def test_blank_number_and_marks():
    doc = sample(number=None, confidentiality=1, is_draft=True, date=None)
    pdf = render_pdf(doc)
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert "-BC/ĐUCA" in text and "Số 12" not in text
    assert "MẬT" in text and "DỰ THẢO" in text


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2027, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2027"),
        (datetime.date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 12, 10), "Hà Nội, ngày 10 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_pads_days_and_months_one_and_two(date, expected):
    assert place_and_date("Hà Nội", date) == expected


def test_user_text_is_escaped_never_markup():
    hostile = (
        '<img src="file:///etc/passwd"><link rel="stylesheet" '
        'href="http://127.0.0.1:9/x.css"><b>đậm</b>'
    )
    doc = sample(subject=hostile, sections=[Section(paragraphs=[hostile])])
    text = squashed_pdf_text(render_pdf(doc))
    assert '<img src="file:///etc/passwd">' in text
    assert "<b>đậm</b>" in text


def test_docx_holds_the_same_components():
    data = render_docx(sample(confidentiality=1, is_draft=True))
    text = docx_text(data)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ PHƯỜNG HẢI DƯƠNG",
        "ĐẢNG ỦY CÔNG AN PHƯỜNG",
        "Số 12-BC/ĐUCA",
        "Hải Dương, ngày 05 tháng 01 năm 2027",
        "BÁO CÁO",
        "kết quả thực hiện Quy chế phối hợp 6 tháng đầu năm 2026",
        "I. KẾT QUẢ",
        SENTENCE,
        "Nơi nhận:",
        "- Thường trực Đảng ủy phường,",
        "- Lưu Văn phòng Đảng ủy.",
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Nguyễn Văn Bình",
        "MẬT",
        "DỰ THẢO",
    ):
        assert expected in text, expected
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert round(section.left_margin.mm) == 30
    assert round(section.top_margin.mm) == 20
    assert round(section.page_width.mm) == 210
    header_xml = section.header._element.xml
    assert "w:fldChar" in header_xml and " PAGE " in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_docx_survives_control_characters_in_user_text():
    data = render_docx(sample(sections=[Section(paragraphs=["a\x0bb\x00c"])]))
    assert "abc" in docx_text(data).replace("\n", "")


# --- The URL fetcher (T18) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.css",
        "https://example.com/font.ttf",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file:///usr/share/fonts/truetype/liberation2/../../../../etc/passwd",
        "file:///usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "file://evil.example/usr/share/fonts/truetype/liberation2/"
        "LiberationSerif-Regular.ttf",
        "data:text/css,body{color:red}",
        "ftp://127.0.0.1/x",
    ],
)
def test_fetcher_refuses_everything_but_the_font_files(url):
    with pytest.raises(FetchRefused):
        FontOnlyURLFetcher().fetch(url)


def test_fetcher_serves_the_font_files():
    fetcher = FontOnlyURLFetcher()
    for path in font_paths().values():
        response = fetcher.fetch(path.as_uri())
        assert response.read()[:4] in (b"\x00\x01\x00\x00", b"true")


class RecordingFetcher(FontOnlyURLFetcher):
    def __init__(self):
        super().__init__()
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        try:
            response = super().fetch(url, headers)
        except FetchRefused:
            self.refused.append(url)
            raise
        self.served.append(url)
        return response


def test_a_template_pointing_at_a_file_or_http_fetches_nothing(monkeypatch):
    """Markup that reaches WeasyPrint (as a template could) asks the fetcher;
    the fetcher refuses and the render goes on."""
    from reports import pdf as pdf_module

    fetcher = RecordingFetcher()
    monkeypatch.setattr(pdf_module, "FontOnlyURLFetcher", lambda: fetcher)
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<img src="file:///etc/passwd"><p style="background: '
        "url('file:///etc/shadow')\">x</p>"
    )
    pdf = pdf_module.html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert set(fetcher.refused) >= {
        "http://127.0.0.1:9/x.css",
        "file:///etc/passwd",
    }
    assert fetcher.served == []


def test_pdf_survives_control_characters_in_user_text():
    pdf = render_pdf(sample(sections=[Section(paragraphs=["a\x0bb\x00c"])]))
    assert checker.missing_components(pdf) == []
