"""Read a regulation text (.txt/.md as the documents reach us, or .docx) into its
first page's metadata and one tree of provisions.

Pure Python, no database: ``parse_file(path)`` / ``parse_text(text)`` /
``parse_docx(fileobj)`` return a :class:`ParsedRegulation`; the loader and the
upload page turn it into rows. Whatever the importer cannot place raises
:class:`RegulationParseError` naming the line, so a text is imported whole or
not at all.

Forms read: a decision (Quyết định) with its attached regulation after the
decision's articles and closing blocks (the two shipped texts); a regulation,
quy định, hướng dẫn, kết luận … issued directly under its own letterhead; a
title block ("QUY CHẾ" and its subject) or a body alone; closing blocks
(recipients "Nơi nhận", signature "T/M …", "K/T …", "TL …") after the decision
or at the end; letterhead and closing rows side by side (Word or Markdown
tables, tab- or space-separated columns). The modules behind it: ``paragraphs`` reads the source,
``letterhead`` recognises the first page and closing blocks, ``tree`` builds
the provisions (quirks in regulations/data/sources/README.md).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from . import letterhead
from .letterhead import DECISION, Closing, FirstPage, parse_date
from .paragraphs import (
    Paragraph,
    RegulationParseError,
    _,
    line_where,
    read_docx,
    read_text,
)
from .tree import (
    ARTICLE,
    BULLET_LABEL,
    CHAPTER,
    CLAUSE,
    KINDS,
    PART,
    POINT,
    Node,
    TreeBuilder,
)

__all__ = [
    "ARTICLE",
    "BULLET_LABEL",
    "CHAPTER",
    "CLAUSE",
    "PART",
    "POINT",
    "Node",
    "Paragraph",
    "ParsedRegulation",
    "RegulationParseError",
    "parse_docx",
    "parse_file",
    "parse_paragraphs",
    "parse_text",
    "read_docx",
    "read_text",
]


@dataclass
class ParsedRegulation:
    title: str = ""
    decision_number: str = ""
    decision_date: datetime.date | None = None
    decision_date_text: str = ""
    issuing_body: str = ""
    signer: str = ""
    signer_title: str = ""
    attached_date: datetime.date | None = None
    decision_title: str = ""
    decision_preamble: list[str] = field(default_factory=list)
    decision_articles: list[dict[str, str]] = field(default_factory=list)
    decision_recipients: list[str] = field(default_factory=list)
    document_type: str = ""
    letterhead_body: str = ""
    provisions: list[Node] = field(default_factory=list)

    # The "decision_*" fields describe the issuing document: the decision, or
    # the regulation itself when it is issued directly (its number, date,
    # subject and bases). The shipped data files carry these keys.
    METADATA_FIELDS = (
        "title",
        "decision_number",
        "decision_date",
        "decision_date_text",
        "issuing_body",
        "signer",
        "signer_title",
        "attached_date",
        "decision_title",
        "decision_preamble",
        "decision_articles",
        "decision_recipients",
    )
    # What else the first page says: the issuing document's type ("QUYẾT
    # ĐỊNH", "QUY ĐỊNH" …) and the issuing body as the letterhead writes it
    # (superior body on the line above).
    DOCUMENT_FIELDS = ("document_type", "letterhead_body")

    def metadata(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.METADATA_FIELDS}
        for name in ("decision_date", "attached_date"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "regulation": self.metadata(),
            "document": {name: getattr(self, name) for name in self.DOCUMENT_FIELDS},
            "provisions": [node.to_dict() for node in self.provisions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedRegulation:
        fields = dict(data["regulation"])
        for name in ("decision_date", "attached_date"):
            if fields.get(name):
                fields[name] = datetime.date.fromisoformat(fields[name])
        result = cls(**{name: fields[name] for name in cls.METADATA_FIELDS})
        for name in cls.DOCUMENT_FIELDS:
            setattr(result, name, data.get("document", {}).get(name, ""))
        result.provisions = [Node.from_dict(node) for node in data["provisions"]]
        return result

    def nodes(self):
        for node in self.provisions:
            yield from node.walk()

    def counts(self) -> dict[str, int]:
        counter = Counter(node.kind for node in self.nodes())
        return {kind: counter[kind] for kind in KINDS}


# --- the parts of a document ---------------------------------------------------------


def _issuing_document(result: ParsedRegulation, page: FirstPage) -> None:
    """The first page's components as the regulation's metadata."""
    result.document_type = page.type
    result.letterhead_body = "\n".join(page.bodies)
    result.issuing_body = page.enacting_body or (page.bodies[-1] if page.bodies else "")
    result.decision_number = page.number
    result.decision_date = page.date
    result.decision_date_text = page.date_text
    result.decision_title = " ".join(page.subject)
    result.decision_preamble = page.bases


def _closing(result: ParsedRegulation, closing: Closing) -> None:
    """Signature and recipients, unless the issuing decision gave them."""
    if closing.signature and not result.signer:
        result.signer, result.signer_title = closing.signer, closing.signer_title
    if closing.recipients and not result.decision_recipients:
        result.decision_recipients = closing.recipients


def _attached(paragraphs: list[Paragraph], at: int, result: ParsedRegulation) -> int:
    """The title block of the regulation attached to a decision (with its own
    letterhead, if it has one); returns where its body begins."""
    page = FirstPage()
    letterhead.read_letterhead(paragraphs[:at], page)
    body_at = letterhead.read_title_block(paragraphs, at, page)
    result.title = page.title
    if m := letterhead.attached_note(page):
        result.attached_date = parse_date(m["d"], m["m"], m["y"])
        if not result.decision_number:
            result.decision_number = m["number"]
        if result.decision_date is None and not result.decision_date_text:
            result.decision_date = result.attached_date
    else:
        result.attached_date = page.date
    return body_at


def _decision(paragraphs: list[Paragraph], page: FirstPage, result) -> int:
    """A decision issuing an attached regulation: its articles and closing
    blocks, then the attached text's title block. Returns where its body
    begins."""
    attached_at = letterhead.attached_type(paragraphs, page.type_at + 1)
    if attached_at is None:
        raise RegulationParseError(
            paragraphs[page.type_at].where,
            _(
                "có Quyết định ban hành nhưng không thấy tiêu đề “QUY CHẾ” của "
                "văn bản kèm theo"
            ),
        )
    end = letterhead.read_title_block(paragraphs, page.type_at, page)
    _issuing_document(result, page)
    head_at = letterhead.letterhead_start(paragraphs, attached_at, end)
    articles, closing = letterhead.read_decision(paragraphs[end:head_at])
    result.decision_articles = articles
    _closing(result, closing)
    return _attached(paragraphs[head_at:], attached_at - head_at, result) + head_at


def _head(paragraphs: list[Paragraph], result: ParsedRegulation) -> int:
    """The first page, if the text has one (a document type line before the
    body); returns where the body begins."""
    type_at = letterhead.find_type(paragraphs)
    if type_at is None:
        return 0  # a body alone
    page = FirstPage()
    letterhead.read_letterhead(paragraphs[:type_at], page)
    if letterhead.document_type(paragraphs[type_at]) == DECISION:
        page.type_at = type_at
        return _decision(paragraphs, page, result)
    body_at = letterhead.read_title_block(paragraphs, type_at, page)
    _issuing_document(result, page)
    result.title = page.title
    return body_at


def parse_paragraphs(paragraphs: list[Paragraph]) -> ParsedRegulation:
    paragraphs = letterhead.split_columns(paragraphs)
    result = ParsedRegulation()
    body_at = _head(paragraphs, result)
    body_end = next(
        (
            i
            for i in range(body_at, len(paragraphs))
            if letterhead.starts_closing(paragraphs[i])
        ),
        len(paragraphs),
    )
    builder = TreeBuilder()
    for p in paragraphs[body_at:body_end]:
        builder.feed(p)
    builder.finish()
    _closing(result, letterhead.read_closing(paragraphs[body_end:]))
    if not builder.roots:
        where = paragraphs[-1].where if paragraphs else line_where(1)
        raise RegulationParseError(where, _("không tìm thấy Chương, Điều nào"))
    result.provisions = builder.roots
    return result


def parse_text(source: str) -> ParsedRegulation:
    return parse_paragraphs(read_text(source))


def parse_docx(fileobj: IO[bytes] | str | Path) -> ParsedRegulation:
    return parse_paragraphs(read_docx(fileobj))


def parse_file(path: str | Path) -> ParsedRegulation:
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return parse_docx(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegulationParseError(
            _("tệp"),
            _("%(name)s không phải văn bản UTF-8 (%(reason)s)")
            % {"name": path.name, "reason": exc.reason},
        ) from exc
    return parse_text(source)
