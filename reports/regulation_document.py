"""A regulation version as issued, in the party's format (PARTY_FORMAT.md):
the issuing decision (letterhead by the issuing body, "QUYẾT ĐỊNH" and its
subject, the legal bases, the enacting line, its articles, recipients and
signature), then on a new page the regulation itself ("QUY CHẾ" and its
subject, "Kèm theo Quyết định số …", its chapters, articles, clauses and
points, the signature). A regulation issued directly (``document_type`` other
than "QUYẾT ĐỊNH") has no decision part: its own letterhead and number.

Everything comes from the regulation's data (``regulations.models``), as the
loader or the importer stored it: the texts are printed as written.
``regulation_document`` builds the data; ``render_regulation_pdf`` and
``render_regulation_docx`` lay it out with the report renderers' styles.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from regulations.models import Provision, Regulation
from regulations.selectors import provision_tree
from regulations.templatetags.regulations import decision_number

from .document import PartyDocument, Signature, xml_safe
from .documents import issuer_code, lower_first, place_of

DECISION = "QUYẾT ĐỊNH"
TEMPLATE = "reports/regulation_document.html"
STYLESHEET = "reports/regulation_document.css"
# "810-QĐ/TU", "-QĐ/ĐU" (number left blank), "12 - QĐ/ĐU".
_NUMBER = re.compile(r"^\s*(?P<n>\d*)\s*-\s*(?P<type>[^/\s]+)\s*/\s*(?P<issuer>\S+)")
BLANK_PLACE = "\u2026\u2026"


@dataclass
class Block:
    """One paragraph of the body: ``kind`` chooses its layout (chapter:
    centred bold; article: bold heading; basis: italic; enact: centred bold;
    text: justified with a first-line indent)."""

    kind: str
    text: str
    label: str = ""


@dataclass
class RegulationDocument(PartyDocument):
    date_text: str = ""  # the date line as written when the date is partly blank
    has_decision: bool = True
    decision_blocks: list[Block] = field(default_factory=list)
    regulation_type: str = ""  # "QUY CHẾ"
    regulation_subject: str = ""
    attached_line: str = ""
    regulation_blocks: list[Block] = field(default_factory=list)

    @property
    def place_date(self) -> str:
        return self.date_text or super().place_date


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _signature(regulation: Regulation) -> Signature:
    """ "T/M BAN THƯỜNG VỤ" / "BÍ THƯ" / the signer's name, as stored."""
    lines = _lines(regulation.signer_title)
    authority = lines[0] if lines else _("T/M BAN THƯỜNG VỤ")
    title = "\n".join(lines[1:]) if len(lines) > 1 else ""
    return Signature(authority=authority, title=title, name=regulation.signer)


def _place(regulation: Regulation) -> str:
    """The place of the date line: as written, else the owning
    organisation's, else a blank to fill in."""
    written = regulation.decision_date_text
    if "," in written:
        place = written.split(",", 1)[0].strip()
        if place:
            return place
    if regulation.organization_id:
        return place_of(regulation.organization.root())
    return getattr(settings, "REPORTS_PLACE", "") or BLANK_PLACE


def _bodies(regulation: Regulation) -> tuple[str, str]:
    """(superior body, issuing body) of the letterhead."""
    lines = _lines(regulation.letterhead_body)
    if len(lines) >= 2:
        return lines[0], lines[-1]
    issuer = lines[0] if lines else regulation.issuing_body
    superior = regulation.organization.name if regulation.organization_id else ""
    return superior, issuer


def _number(regulation: Regulation) -> tuple[int | None, str, str]:
    """(number or None when left blank, type symbol, issuer symbol)."""
    found = _NUMBER.match(regulation.decision_number or "")
    if found:
        n = int(found["n"]) if found["n"] else None
        return n, found["type"], found["issuer"]
    issuer = (
        issuer_code(regulation.organization) if regulation.organization_id else "ĐU"
    )
    return None, "QĐ", issuer


def _paragraphs(kind: str, text: str, label: str = "") -> list[Block]:
    """A text's lines as paragraphs, the label before the first."""
    lines = _lines(text) or ([""] if label else [])
    return [Block(kind, line, label if i == 0 else "") for i, line in enumerate(lines)]


def provision_blocks(roots: list[Provision]) -> list[Block]:
    """The tree in reading order: "Chương I" over its title; "Điều 1. Tiêu
    đề" then its text; "1. …" clauses (a clause's own heading bold); "a) …"
    and "- …" points."""
    blocks: list[Block] = []

    def walk(node: Provision) -> None:
        kind = node.kind
        if kind in (Provision.Kind.PART, Provision.Kind.CHAPTER):
            blocks.append(Block("chapter", node.label))
            if node.title:
                blocks.append(Block("chapter", node.title))
            blocks.extend(_paragraphs("text", node.text))
        elif kind == Provision.Kind.ARTICLE:
            heading = f"{node.label}. {node.title}" if node.title else node.label
            blocks.append(Block("article", heading))
            blocks.extend(_paragraphs("text", node.text))
        elif node.title:  # a clause with its own heading
            blocks.append(Block("heading", f"{node.label} {node.title}".strip()))
            blocks.extend(_paragraphs("text", node.text))
        else:
            blocks.extend(_paragraphs("text", node.text, node.label))
        for kid in node.kids:
            walk(kid)

    for root in roots:
        walk(root)
    return blocks


def _decision_blocks(regulation: Regulation, issuer: str) -> list[Block]:
    blocks = [
        Block("basis", basis if basis.startswith("-") else f"- {basis}")
        for basis in regulation.decision_preamble
    ]
    blocks.append(
        Block(
            "enact",
            _("%(body)s QUYẾT ĐỊNH:") % {"body": issuer.upper()}
            if issuer
            else _("QUYẾT ĐỊNH:"),
        )
    )
    for article in regulation.decision_articles:
        label = f"{article.get('label', '')}.".lstrip(".")
        blocks.extend(_paragraphs("text", article.get("text", ""), label))
    return blocks


def _split_type(title: str, doc_type: str) -> str:
    """The subject after the document type: "Quy chế phối hợp …" → "phối hợp
    …" under "QUY CHẾ"."""
    if title.upper().startswith(doc_type + " "):
        return title[len(doc_type) + 1 :].strip()
    return title


def regulation_document(regulation: Regulation) -> RegulationDocument:
    """The regulation version as issued (two queries: the provisions and
    their duties)."""
    roots, _by_ref = provision_tree(regulation)
    superior, issuer = _bodies(regulation)
    number, type_code, issuer_symbol = _number(regulation)
    doc_type = (regulation.document_type or DECISION).upper()
    has_decision = doc_type == DECISION
    regulation_type = _("QUY CHẾ") if has_decision else doc_type
    subject = _split_type(regulation.title, regulation_type)
    date_text = ""
    if not regulation.decision_date and regulation.decision_date_text:
        date_text = regulation.decision_date_text
    attached = ""
    if has_decision:
        attached = _("(Kèm theo Quyết định số %(number)s%(date)s)") % {
            "number": decision_number(regulation.decision_number),
            "date": _(", ngày %(date)s")
            % {"date": regulation.attached_date.strftime("%d/%m/%Y")}
            if regulation.attached_date
            else "",
        }
    return RegulationDocument(
        superior_body=superior,
        issuing_body=issuer,
        type_code=type_code,
        issuer_code=issuer_symbol,
        number=number,
        place=_place(regulation),
        date=regulation.decision_date,
        date_text=date_text,
        doc_type=DECISION if has_decision else doc_type,
        subject=lower_first(regulation.decision_title)
        if has_decision
        else lower_first(subject),
        recipients=[
            line.strip() for line in regulation.decision_recipients if line.strip()
        ],
        signature=_signature(regulation),
        is_draft=regulation.status == Regulation.Status.DRAFT,
        title=regulation.title[:255],
        has_decision=has_decision,
        decision_blocks=_decision_blocks(regulation, issuer) if has_decision else [],
        regulation_type=regulation_type,
        regulation_subject=lower_first(subject),
        attached_line=attached,
        regulation_blocks=provision_blocks(roots),
    )


def filename(regulation: Regulation) -> str:
    """An ASCII file name: the code is a slug."""
    return f"quy-che-{regulation.code}-v{regulation.version}"


# --- PDF ----------------------------------------------------------------------------------


def render_regulation_pdf(doc: RegulationDocument) -> bytes:
    """The party document's stylesheet (fonts, page, letterhead) with the
    regulation's own rules, laid out by WeasyPrint through the allow-list
    fetcher."""
    from .pdf import STYLESHEET as BASE_STYLESHEET
    from .pdf import document_context, html_to_pdf

    context = document_context(doc)
    css = render_to_string(BASE_STYLESHEET, context) + render_to_string(
        STYLESHEET, context
    )
    return html_to_pdf(render_to_string(TEMPLATE, context), css)


# --- DOCX ---------------------------------------------------------------------------------


def render_regulation_docx(doc: RegulationDocument) -> bytes:
    """The same parts with the report DOCX's page, styles and letterhead."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from . import docx as report_docx
    from .document import party_format

    fmt = party_format()
    document = Document()
    report_docx._page(document, fmt)
    report_docx._base_style(document, fmt)
    report_docx._letterhead(document, doc, fmt)

    def title(doc_type: str, subject: str, extra: str = "") -> None:
        report_docx._para(
            document, doc_type, fmt, fmt.doc_type_pt, bold=True, space_before=18
        )
        report_docx._para(document, subject, fmt, fmt.subject_pt, bold=True)
        if extra:
            report_docx._para(document, extra, fmt, fmt.subject_pt, italic=True)
        report_docx._para(document, "-----", fmt, fmt.subject_pt, space_after=12)

    def body(blocks: list[Block]) -> None:
        for block in blocks:
            center = block.kind in ("chapter", "enact")
            paragraph = document.add_paragraph()
            paragraph.alignment = (
                WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
            )
            paragraph.paragraph_format.space_after = Mm(1)
            if not center:
                paragraph.paragraph_format.first_line_indent = Mm(
                    fmt.first_line_indent_mm
                )
            if block.kind in ("chapter", "article", "heading"):
                paragraph.paragraph_format.keep_with_next = True
            if block.label:
                report_docx._font(
                    paragraph.add_run(xml_safe(block.label) + " "),
                    fmt,
                    fmt.body_pt,
                    bold=block.label.startswith(("Điều", "Chương")),
                )
            report_docx._font(
                paragraph.add_run(xml_safe(block.text)),
                fmt,
                fmt.body_pt,
                bold=block.kind in ("chapter", "article", "heading", "enact"),
                italic=block.kind == "basis",
            )

    if doc.has_decision:
        title(doc.doc_type, doc.subject)
        body(doc.decision_blocks)
        report_docx._closing(document, doc, fmt)
        document.add_page_break()
        title(doc.regulation_type, doc.regulation_subject, doc.attached_line)
    else:
        title(doc.doc_type, doc.subject)
    body(doc.regulation_blocks)
    if doc.has_decision:  # the regulation's own signature, on the right
        signature = doc.signature
        table = document.add_table(rows=1, cols=2)
        table.autofit = False
        report_docx._borderless(table)
        left, right = table.rows[0].cells
        left.width, right.width = Mm(75), Mm(90)
        lines = [signature.authority, *_lines(signature.title)]
        report_docx._cell_text(right, lines[:1], fmt, fmt.signature_pt, bold=True)
        for text in lines[1:]:
            report_docx._para(right, text, fmt, fmt.signature_pt, bold=True)
        space = report_docx._para(right, "", fmt, fmt.signature_pt)
        space.paragraph_format.space_after = Mm(fmt.signature_space_mm)
        report_docx._para(right, signature.name, fmt, fmt.signature_pt, bold=True)
    else:
        report_docx._closing(document, doc, fmt)
    document.core_properties.title = xml_safe(doc.title)[:255]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
