"""A ``PartyDocument`` as DOCX (python-docx), for the office to edit before
signing: the same components in the same places as the PDF (letterhead as a
borderless two-column table, title, body, recipients beside the signature),
A4 with the format's margins, page numbers from page 2 in the header."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .document import (
    PartyDocument,
    PartyFormat,
    Section,
    Table,
    party_format,
    recipient_lines,
    upper_vi,
    xml_safe,
)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def render_docx(doc: PartyDocument) -> bytes:
    fmt = party_format()
    document = Document()
    _page(document, fmt)
    _base_style(document, fmt)
    _letterhead(document, doc, fmt)
    _title(document, doc, fmt)
    for section in doc.sections:
        _section(document, section, fmt)
    _closing(document, doc, fmt)
    document.core_properties.title = xml_safe(doc.title)[:255]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Page, styles ---------------------------------------------------------------------------


def _page(document, fmt: PartyFormat) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(fmt.margin_top_mm)
    section.bottom_margin = Mm(fmt.margin_bottom_mm)
    section.left_margin = Mm(fmt.margin_left_mm)
    section.right_margin = Mm(fmt.margin_right_mm)
    section.header_distance = Mm(max(fmt.margin_top_mm / 2, 5))
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    _page_field(paragraph, fmt)


def _page_field(paragraph, fmt: PartyFormat) -> None:
    """A PAGE field (Word computes the number)."""
    run = paragraph.add_run()
    _font(run, fmt, fmt.page_number_pt)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def _base_style(document, fmt: PartyFormat) -> None:
    style = document.styles["Normal"]
    style.font.name = fmt.docx_font_family
    style.font.size = Pt(fmt.body_pt)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), fmt.docx_font_family)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def _font(run, fmt: PartyFormat, size, *, bold=False, italic=False, underline=False):
    run.font.name = fmt.docx_font_family
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    return run


def _para(
    container,
    text,
    fmt,
    size,
    *,
    align=CENTER,
    bold=False,
    italic=False,
    underline=False,
    space_before=0,
    space_after=0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(space_before)
    paragraph.paragraph_format.space_after = Pt(space_after)
    _font(
        paragraph.add_run(xml_safe(text)),
        fmt,
        size,
        bold=bold,
        italic=italic,
        underline=underline,
    )
    return paragraph


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(cell, lines, fmt, size, **kwargs) -> None:
    """Replace the cell's empty first paragraph by ``lines``."""
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    for line in lines:
        _para(cell, line, fmt, size, **kwargs)


# --- Components -----------------------------------------------------------------------------


def _letterhead(document, doc: PartyDocument, fmt: PartyFormat) -> None:
    """ô 1–4 as a borderless table: left the superior body, the issuing body,
    "*", the number (and the marks); right the party's name, underlined, and
    the place and date in italics."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(78), Mm(87)
    _cell_text(left, [upper_vi(doc.superior_body)], fmt, fmt.issuer_pt)
    _para(left, upper_vi(doc.issuing_body), fmt, fmt.issuer_pt, bold=True)
    _para(left, "*", fmt, fmt.issuer_pt)
    _para(left, doc.number_symbol, fmt, fmt.number_pt)
    if doc.confidentiality_label:
        _para(left, doc.confidentiality_label, fmt, fmt.number_pt, bold=True)
    if doc.is_draft:
        _para(left, _("DỰ THẢO"), fmt, fmt.number_pt, bold=True)
    _cell_text(
        right,
        [_("ĐẢNG CỘNG SẢN VIỆT NAM")],
        fmt,
        fmt.party_name_pt,
        bold=True,
        underline=True,
    )
    _para(right, doc.place_date, fmt, fmt.date_pt, italic=True, space_before=6)


def _title(document, doc: PartyDocument, fmt: PartyFormat) -> None:
    _para(document, doc.doc_type, fmt, fmt.doc_type_pt, bold=True, space_before=18)
    _para(document, doc.subject, fmt, fmt.subject_pt, bold=True, space_after=2)
    _para(document, "-----", fmt, fmt.subject_pt, space_after=12)


def _section(document, section: Section, fmt: PartyFormat) -> None:
    if section.heading:
        heading = section.heading.upper() if section.level == 1 else section.heading
        paragraph = _para(
            document,
            heading,
            fmt,
            fmt.body_pt,
            align=JUSTIFY,
            bold=True,
            space_before=6,
            space_after=3,
        )
        paragraph.paragraph_format.first_line_indent = Mm(fmt.first_line_indent_mm)
        paragraph.paragraph_format.keep_with_next = True
    for text in section.paragraphs:
        paragraph = _para(document, text, fmt, fmt.body_pt, align=JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(fmt.first_line_indent_mm)
        paragraph.paragraph_format.space_after = Pt(3)
    for table in section.tables:
        _data_table(document, table, fmt)
    for sub in section.subsections:
        _section(document, sub, fmt)


def _data_table(document, table: Table, fmt: PartyFormat) -> None:
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        _cell_text(cell, [text], fmt, fmt.table_pt, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell_text(cell, [text], fmt, fmt.table_pt, align=WD_ALIGN_PARAGRAPH.LEFT)
    if table.widths:
        total = sum(table.widths)
        for row in grid.rows:
            for cell, width in zip(row.cells, table.widths, strict=True):
                cell.width = Mm(165 * width / total)
    document.add_paragraph()


def _closing(document, doc: PartyDocument, fmt: PartyFormat) -> None:
    """ô 9 (left) beside ô 7 (right); ô 8, the seal, stays blank."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    _cell_text(
        left,
        [_("Nơi nhận:")],
        fmt,
        fmt.recipients_heading_pt,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        bold=True,
        italic=True,
    )
    for line in recipient_lines(doc.recipients):
        _para(left, line, fmt, fmt.recipients_pt, align=WD_ALIGN_PARAGRAPH.LEFT)
    signature = doc.signature
    _cell_text(right, [signature.authority], fmt, fmt.signature_pt, bold=True)
    _para(right, signature.title, fmt, fmt.signature_pt, bold=True)
    space = _para(right, "", fmt, fmt.signature_pt)
    space.paragraph_format.space_after = Mm(fmt.signature_space_mm)
    _para(right, signature.name, fmt, fmt.signature_pt, bold=True)
