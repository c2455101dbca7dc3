"""XLSX of one dashboard table: the same header and rows as on the page
(openpyxl, a write-only workbook)."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coordination.validators import parse_int

from .tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a worksheet cannot hold; and what a spreadsheet would run as a
# formula (CSV/XLSX injection) gets a leading apostrophe.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_START = ("=", "+", "-", "@")


def _value(text: str):
    text = ILLEGAL.sub("", str(text))
    # ASCII digits only: "²" and "①" are digits to str.isdigit, not to int().
    if (number := parse_int(text)) is not None:
        return number
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def table_xlsx(table: Table, *, subtitle: str = "") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", table.title)[:31])
    title = WriteOnlyCell(sheet, value=_value(table.title))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append([_value(subtitle)])
    header = []
    for text in table.header:
        cell = WriteOnlyCell(sheet, value=_value(text))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in table.values():
        sheet.append([_value(text) for text in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEADER_ROWS = 3  # title, subtitle, header: the table's rows follow
