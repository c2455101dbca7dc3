"""Reading a source into paragraphs: a .txt/.md text as the documents reach us
(Markdown heading/bold/italic marks, hard line breaks, separator lines) or a
Word document (tables included). Shared by the letterhead reader
(``regulations/letterhead.py``) and the tree builder (``regulations/tree.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext


def _(message: str) -> str:
    """gettext, or the Vietnamese message itself outside a Django project."""
    return gettext(message) if settings.configured else message


# A separator line: three or more dashes, asterisks, underscores (spaced or not),
# or the lone "*" party documents put under the issuing body.
RULE = re.compile(r"^\s*(([-*_—–=])(\s*\2){2,}|\*)\s*$")
_HEADING = re.compile(r"^(#{1,6})\s*")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# Two columns of a letterhead or closing row pasted as text: a tab or a run of
# three or more spaces between them.
_COLUMN_GAP = re.compile(r"\t+|\s{3,}")
# A Markdown table (the letterhead and closing rows of a converted Word file):
# "| TỈNH ỦY<br>Số 5-QĐ/TU | ĐẢNG CỘNG SẢN VIỆT NAM |", its "|---|---|" rule.
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
SENTENCE_END = (".", ";", ":", "!", "?", "…")


class RegulationParseError(ValueError):
    """The text cannot be read as a regulation; ``where`` names the line."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where[:1].upper()}{where[1:]}: {message}")


def line_where(number: int) -> str:
    return _("dòng %(number)s") % {"number": number}


def paragraph_where(number: int) -> str:
    return _("đoạn %(number)s") % {"number": number}


@dataclass
class Paragraph:
    """One paragraph of the source, Markdown marks removed."""

    text: str
    where: str  # "dòng 12" (text) or "đoạn 12" (docx)
    heading: bool = False  # a Markdown heading or a Word heading style
    bold: bool = False  # the whole paragraph is bold
    bold_label: bool = False  # only its beginning is bold ("**Điều 1.** Ban hành …")
    # The cells of a one-line paragraph written as columns ("TỈNH ỦY    ĐẢNG
    # CỘNG SẢN VIỆT NAM"); the letterhead reader splits it when every cell is
    # part of a letterhead or closing block.
    columns: list[str] = field(default_factory=list)
    table: bool = False  # a row of a Markdown table: always read cell by cell


def clean(raw: str, where: str, heading: bool = False, bold: bool = False):
    """``raw`` as a :class:`Paragraph`: Markdown marks and spaces removed."""
    text = raw.strip()
    match = _HEADING.match(text)
    if match:
        heading, text = True, text[match.end() :]
    bold_label = False
    if text.startswith("**"):
        closing = text.find("**", 2)
        if closing == len(text) - 2:
            bold = True
        elif closing > 0:
            bold_label = True
    text = text.replace("**", "").replace("__", "")
    if len(text) > 1 and text.startswith("*") and text.endswith("*"):
        text = text[1:-1]
    text = _MD_ESCAPE.sub(r"\1", text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    return Paragraph(text, where, heading=heading, bold=bold, bold_label=bold_label)


def _with_columns(raw: str, paragraph: Paragraph) -> Paragraph:
    """``paragraph`` with the cells of its line, if it is written in columns."""
    if "\n" in raw.strip():
        return paragraph
    if m := _TABLE_ROW.match(raw):
        paragraph.table = True
        paragraph.columns = [
            piece.strip()
            for cell in m[1].split("|")
            for piece in _CELL_BREAK.split(cell)
            if piece.strip()
        ]
        return paragraph
    cells = [cell for cell in _COLUMN_GAP.split(raw.strip()) if cell.strip()]
    if len(cells) > 1:
        paragraph.columns = cells
    return paragraph


def read_text(source: str) -> list[Paragraph]:
    """Paragraphs of a .txt/.md text: one per non-empty line, except that a line
    ending in a Markdown hard break ("two spaces") goes on in the next line."""
    paragraphs: list[Paragraph] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(source.splitlines(), start=1):
        if not pending:
            if not raw.strip() or RULE.match(raw) or _TABLE_RULE.match(raw):
                continue
            start = number
        pending.append(raw)
        if raw.endswith("  ") and raw.strip():
            continue  # hard line break: the paragraph goes on
        joined = "\n".join(pending)
        paragraphs.append(_with_columns(joined, clean(joined, line_where(start))))
        pending = []
    if pending:
        paragraphs.append(clean("\n".join(pending), line_where(start)))
    return [p for p in paragraphs if p.text]


def _auto_numbered(par) -> bool:
    """Whether Word numbers this paragraph itself (directly or by its style)."""
    properties = [par._p.pPr]
    style = par.style
    while style is not None:
        properties.append(style.element.pPr)
        style = style.base_style
    for prop in properties:
        if prop is not None and prop.numPr is not None:
            num_id = prop.numPr.numId  # the nearest setting wins; 0 means "none"
            return num_id is not None and num_id.val != 0
    return False


def _docx_paragraphs(container):
    """Every paragraph of a Word document (or table cell) in reading order,
    including those in tables: party documents put the letterhead ("Số …",
    place and date) and the recipients/signature block side by side in tables.
    A table is read row by row, each cell left to right; a merged cell once."""
    for item in container.iter_inner_content():
        if hasattr(item, "rows"):  # a table
            seen = set()
            for row in item.rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_paragraphs(cell)
        else:
            yield item


def read_docx(fileobj: IO[bytes] | str | Path) -> list[Paragraph]:
    """Paragraphs of a Word document, tables included; heading styles and bold
    runs play the part of Markdown's marks."""
    import docx  # python-docx

    try:
        document = docx.Document(fileobj)
    except Exception as exc:  # python-docx raises several unrelated types
        raise RegulationParseError(
            _("tệp"), _("không đọc được tệp Word (%(error)s)") % {"error": exc}
        ) from exc
    paragraphs = []
    for number, par in enumerate(_docx_paragraphs(document), start=1):
        if not par.text.strip() or RULE.match(par.text):
            continue
        if _auto_numbered(par):
            # Word's automatic numbering is not part of the text: "Điều 5", "1."
            # or "a)" would be lost and the paragraph glued to the one before.
            raise RegulationParseError(
                paragraph_where(number),
                _(
                    "dùng đánh số tự động của Word; hãy chuyển số thành chữ "
                    "(Convert Numbering to Text) rồi tải lên lại"
                ),
            )
        style = (par.style.name if par.style is not None else "").lower()
        runs = [run for run in par.runs if run.text.strip()]
        all_bold = bool(runs) and all(run.bold for run in runs)
        paragraph = clean(
            par.text,
            paragraph_where(number),
            heading=style.startswith("heading") or style == "title",
            bold=all_bold,
        )
        paragraph.bold_label = bool(runs) and bool(runs[0].bold) and not all_bold
        if paragraph.text:
            paragraphs.append(_with_columns(par.text, paragraph))
    return paragraphs


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("”\"'’)*").endswith(SENTENCE_END)


def continue_text(text: str, more: str) -> str:
    """``text`` followed by another paragraph: a sentence broken by a page break
    (no closing punctuation) is joined back with a space; otherwise the new
    paragraph starts on a new line."""
    if not text:
        return more
    return f"{text}\n{more}" if ends_sentence(text) else f"{text} {more}"


def one_line(text: str) -> str:
    return text.replace("\n", " ")


def quote(text: str) -> str:
    return one_line(text)[:60]
