import io
import re

import docx

from reports.checker import pdf_text


def squashed_pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", pdf_text(pdf).text)


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, its tables (nested too) and the header."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    return "\n".join(parts)
