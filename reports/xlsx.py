"""Every table of a ``PartyDocument`` as a sheet of an XLSX workbook
(openpyxl): the header row bold and frozen, column widths from the table's
relative widths or its text, Vietnamese text as is. Cells are always text:
a user's "=HYPERLINK(…)" stays a string, never a formula."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .document import PartyDocument, Section, Table, xml_safe

# Characters Excel refuses in a sheet title.
_TITLE_INVALID = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31
# Total width (characters) spread over the columns by their relative widths.
PAGE_WIDTH = 120


def document_tables(doc: PartyDocument) -> list[tuple[str, Table]]:
    """(heading of the nearest section, table) in the document's order."""
    found = []

    def walk(sections: list[Section], heading: str):
        for section in sections:
            here = section.heading or heading
            found.extend((here, table) for table in section.tables)
            walk(section.subsections, here)

    walk(doc.sections, "")
    return found


def sheet_title(n: int, heading: str, taken: set[str]) -> str:
    prefix = f"{n}. "
    text = _TITLE_INVALID.sub(" ", xml_safe(heading)).strip().strip("'") or _("Bảng")
    title = (prefix + text)[:MAX_TITLE].rstrip()
    while title in taken:  # pragma: no cover - the number makes titles unique
        title = title[:-1]
    taken.add(title)
    return title


def _text(value) -> str:
    return xml_safe("" if value is None else str(value))


def _widths(table: Table) -> list[float]:
    columns = max([len(table.header), *(len(r) for r in table.rows)])
    if table.widths and len(table.widths) == columns:
        return [max(6, PAGE_WIDTH * w / 100) for w in table.widths]
    longest = [0] * columns
    for row in [table.header, *table.rows]:
        for i, cell in enumerate(row):
            longest[i] = max(longest[i], min(len(_text(cell)), 60))
    return [max(6, n + 2) for n in longest]


def _write_row(sheet, row_index: int, values, *, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_index, column=col)
        cell.value = _text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)


def render_xlsx(doc: PartyDocument) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    tables = document_tables(doc)
    for n, (heading, table) in enumerate(tables, start=1):
        sheet = workbook.create_sheet(sheet_title(n, heading, taken))
        _write_row(sheet, 1, table.header, bold=True)
        for i, row in enumerate(table.rows, start=2):
            _write_row(sheet, i, row)
        for col, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.freeze_panes = "A2"
        if doc.confidentiality_label:  # "MẬT", "TỐI MẬT" on every printed page
            sheet.oddHeader.right.text = doc.confidentiality_label
    if not tables:
        sheet = workbook.create_sheet(_("Văn bản"))
        _write_row(sheet, 1, [doc.title or doc.subject], bold=True)
        _write_row(sheet, 2, [_("Văn bản này không có bảng số liệu.")])
        sheet.column_dimensions["A"].width = 80
    workbook.properties.title = _text(doc.title or doc.subject)[:255]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
