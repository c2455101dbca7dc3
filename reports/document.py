"""A party document as data (thể thức văn bản của Đảng, Quy định 399-QĐ/TW and
Hướng dẫn 36-HD/VPTW; see ../shared/PARTY_FORMAT.md), independent of the
output format: ``reports.pdf`` and ``reports.docx`` render the same
``PartyDocument``.

The format's numbers (margins, type sizes, fonts) are data too
(``PartyFormat``), so that a new guide changes one object, not the templates.
A deployment may override fields through ``settings.PARTY_FORMAT`` (a dict of
``PartyFormat`` field names), e.g. ``{"margin_top_mm": 25, "margin_bottom_mm":
25, "margin_left_mm": 35}`` for the second source's margins.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.confidentiality import Confidentiality


@dataclass(frozen=True)
class PartyFormat:
    """Page and typography of the format (PARTY_FORMAT.md, "Page" and the table
    of components). Sizes in points, margins in millimetres."""

    version: str = "399-QĐ/TW, 36-HD/VPTW"
    # Page: A4 portrait; first source's margins (top 20, bottom 20, left 30,
    # right 15), the second source's are 25/25/35/15.
    page_size: str = "A4"
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    # Fonts: a Times-metric serif. The PDF embeds Liberation Serif (Debian's
    # fonts-liberation2); the DOCX names the font Word offices have.
    pdf_font_family: str = "Liberation Serif"
    docx_font_family: str = "Times New Roman"
    # ô 1 — "ĐẢNG CỘNG SẢN VIỆT NAM": caps bold, ruled under.
    party_name_pt: float = 15
    # ô 2 — superior body (caps regular) over the issuing body (caps bold).
    issuer_pt: float = 14
    # ô 3 — number and symbol; ô 4 — place and date (italic).
    number_pt: float = 14
    date_pt: float = 14
    # ô 5a — document type (caps bold) and subject (bold).
    doc_type_pt: float = 16
    subject_pt: float = 14
    # ô 6 — body: justified, first-line indent.
    body_pt: float = 14
    first_line_indent_mm: float = 10
    line_height: float = 1.3
    table_pt: float = 12
    # ô 7 — signature block.
    signature_pt: float = 14
    signature_space_mm: float = 25
    # ô 9 — recipients: heading bold italic, list regular.
    recipients_heading_pt: float = 12
    recipients_pt: float = 11
    # Page numbers from page 2, centred in the top margin.
    page_number_pt: float = 14


def party_format() -> PartyFormat:
    """The format in force: the defaults with ``settings.PARTY_FORMAT``
    overrides (unknown names are refused loudly)."""
    overrides = getattr(settings, "PARTY_FORMAT", None) or {}
    return dataclasses.replace(PartyFormat(), **overrides)


# --- The document ------------------------------------------------------------------------


@dataclass
class Table:
    """A table in the body: a header row and rows of cells (plain text)."""

    header: list[str]
    rows: list[list[str]]
    widths: list[int] | None = None  # relative column widths (per cent)
    css_id: str = ""  # set by the PDF renderer


@dataclass
class Section:
    """A part of the body: an optional heading ("I. TÌNH HÌNH …", printed caps
    bold), paragraphs of plain text, optional sub-sections and tables."""

    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    level: int = 1  # 1: caps bold heading; 2: bold heading


@dataclass
class Signature:
    """ô 7: "T/M ĐẢNG ỦY" / "BÍ THƯ" / (space for the signature and seal) /
    the full name."""

    authority: str  # T/M ĐẢNG ỦY, T/M CHI BỘ, K/T BÍ THƯ …
    title: str  # BÍ THƯ, PHÓ BÍ THƯ
    name: str = ""


@dataclass
class PartyDocument:
    """Every component of PARTY_FORMAT.md a generated draft carries."""

    superior_body: str  # ô 2, first line (e.g. "Đảng bộ phường Hải Dương")
    issuing_body: str  # ô 2, second line (e.g. "Đảng ủy Công an phường")
    type_code: str  # BC, QĐ, TB … (the symbol's first part)
    issuer_code: str  # ĐU, ĐUCA, CB … (the symbol's second part)
    place: str  # ô 4
    doc_type: str  # ô 5a, e.g. "BÁO CÁO"
    subject: str  # trích yếu, e.g. "kết quả thực hiện Quy chế phối hợp …"
    signature: Signature
    number: int | None = None  # blank in a draft: the register gives it at signing
    date: datetime.date | None = None  # blank day and month when None
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # ô 9, without "- "
    confidentiality: int = Confidentiality.NORMAL
    is_draft: bool = False  # prints "DỰ THẢO"
    title: str = ""  # PDF metadata and file name hints

    @property
    def number_symbol(self) -> str:
        """ô 3: "Số 12-BC/ĐUCA" (no colon); a blank number leaves room to
        write it: "Số     -BC/ĐUCA"."""
        number = str(self.number) if self.number else "\u00a0" * 5
        return _("Số %(number)s-%(type)s/%(issuer)s") % {
            "number": number,
            "type": self.type_code,
            "issuer": self.issuer_code,
        }

    @property
    def place_date(self) -> str:
        return place_and_date(self.place, self.date)

    @property
    def confidentiality_label(self) -> str:
        """ "MẬT", "TỐI MẬT" near ô 3, or nothing."""
        if self.confidentiality <= Confidentiality.NORMAL:
            return ""
        return str(Confidentiality(self.confidentiality).label).upper()


def place_and_date(place: str, date: datetime.date | None) -> str:
    """ô 4: "Hải Dương, ngày 05 tháng 01 năm 2027": days below 10 and the
    months 1 and 2 zero-padded (so a number cannot be extended by hand);
    a blank date leaves day and month to fill in."""
    if date is None:
        blank = "\u00a0" * 4
        year = timezone.localdate().year
        return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
            "place": place,
            "day": blank,
            "month": blank,
            "year": year,
        }
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": day,
        "month": month,
        "year": date.year,
    }


# Characters XML 1.0 refuses (python-docx raises on them): C0 controls but tab
# and line breaks, lone surrogates, U+FFFE/U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


def upper_vi(text: str) -> str:
    """Caps for the header lines ("Đảng ủy Công an phường" → "ĐẢNG ỦY CÔNG AN
    PHƯỜNG"); Python's upper() handles Vietnamese letters."""
    return text.upper()


def recipient_lines(items: list[str]) -> list[str]:
    """ô 9's list: "- …," on each line, the last one (Lưu …) ending with a
    full stop."""
    lines = []
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ","
        lines.append(f"- {item.rstrip(',.;')}{end}")
    return lines
