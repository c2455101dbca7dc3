"""Checks a generated PDF for the mandatory components of the party's format
(PARTY_FORMAT.md), reading its text back with poppler's ``pdftotext`` and its
fonts with ``pdffonts`` (Debian's poppler-utils).

``missing_components(pdf)`` returns the names of what is missing (empty: all
there). The tests run it on every generated document.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass

TIMEOUT_SECONDS = 30

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
NUMBER_SYMBOL = "số và ký hiệu"
PLACE_DATE = "địa danh, ngày tháng năm"
DOC_TYPE = "tên loại văn bản"
RECIPIENTS = "Nơi nhận"
SIGNATURE = "thẩm quyền ký (T/M …)"
PAGE_NUMBER = "số trang từ trang 2"
FONT = "phông Liberation Serif nhúng"

# "Số 12-BC/ĐUCA", or a blank number: "Số   -BC/ĐUCA" (no colon).
NUMBER_RE = re.compile(r"\bSố\s*\d*\s*-\s*[A-ZĐ]{1,4}\s*/\s*[A-ZĐ][A-ZĐ\-]*")
# "Hải Dương, ngày 05 tháng 01 năm 2027"; day and month may be left blank.
PLACE_DATE_RE = re.compile(
    r"\S+\s*,\s*ngày\s*(?:\d{2})?\s*tháng\s*(?:0[12]|[3-9]|1[0-2])?\s*năm\s+\d{4}"
)
DOC_TYPES = (
    "BÁO CÁO",
    "QUYẾT ĐỊNH",
    "QUY ĐỊNH",
    "QUY CHẾ",
    "KẾ HOẠCH",
    "THÔNG BÁO",
    "HƯỚNG DẪN",
    "CÔNG VĂN",
    "BIÊN BẢN",
    "TỜ TRÌNH",
    "CHƯƠNG TRÌNH",
    "NGHỊ QUYẾT",
    "KẾT LUẬN",
)
SIGNATURE_RE = re.compile(r"^\s*(?:T/M|K/T|TM\.|TL\.?|TUQ\.?)\s+\S+", re.MULTILINE)


class CheckerUnavailable(RuntimeError):
    """pdftotext or pdffonts is not installed (poppler-utils)."""


@dataclass
class PdfText:
    pages: list[str]  # each page's text, NFC

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def _run(args: list[str], data: bytes) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed poppler command, no shell
            args,
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except FileNotFoundError as exc:
        raise CheckerUnavailable(args[0]) from exc
    return result.stdout.decode("utf-8", errors="replace")


def pdf_text(pdf: bytes) -> PdfText:
    """The text of each page (pdftotext puts a form feed between pages)."""
    out = _run(["pdftotext", "-enc", "UTF-8", "-", "-"], pdf)
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return PdfText([unicodedata.normalize("NFC", page) for page in pages])


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name without the subset prefix, embedded) for each font."""
    out = _run(["pdffonts", "-"], pdf)
    fonts = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) < 5:
            continue
        name = parts[0].split("+", 1)[-1]
        # The columns from the right: object ID (2), uni, sub, emb.
        emb = parts[-5] if len(parts) >= 7 else "no"
        fonts.append((name, emb == "yes"))
    return fonts


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _first_line(page: str) -> str:
    for line in page.splitlines():
        if line.strip():
            return line.strip()
    return ""


def missing_components(pdf: bytes) -> list[str]:
    """The mandatory components (ô 1, 3, 4, 5a, 7, 9; page numbers from page 2;
    the embedded Times-metric font) the PDF's text does not show."""
    text = pdf_text(pdf)
    first = _squash(text.pages[0]) if text.pages else ""
    whole = text.text
    missing = []
    if PARTY_NAME not in first:
        missing.append(PARTY_NAME)
    if not NUMBER_RE.search(first):
        missing.append(NUMBER_SYMBOL)
    if not PLACE_DATE_RE.search(first):
        missing.append(PLACE_DATE)
    lines = (
        {line.strip() for line in text.pages[0].splitlines()} if text.pages else set()
    )
    if not any(doc_type in lines for doc_type in DOC_TYPES):
        missing.append(DOC_TYPE)
    if not re.search(r"Nơi nhận\s*:", whole):
        missing.append(RECIPIENTS)
    if not SIGNATURE_RE.search(whole):
        missing.append(SIGNATURE)
    # Page 2 starts with its number; page 1 carries none.
    if len(text.pages) >= 2 and (
        _first_line(text.pages[1]) != "2" or _first_line(text.pages[0]) == "1"
    ):
        missing.append(PAGE_NUMBER)
    fonts = pdf_fonts(pdf)
    serif = [
        embedded
        for name, embedded in fonts
        if re.sub(r"[^a-z]", "", name.lower()).startswith("liberationserif")
    ]
    if not serif or not all(embedded for _name, embedded in fonts):
        missing.append(FONT)
    return missing


def page_count(pdf: bytes) -> int:
    return len(pdf_text(pdf).pages)
