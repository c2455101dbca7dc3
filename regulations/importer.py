"""Read a regulation text (.txt/.md as the documents reach us, or .docx) into its
issuing decision's metadata and one tree of provisions.

Pure Python, no database: ``parse_file(path)`` / ``parse_text(text)`` /
``parse_docx(fileobj)`` return a :class:`ParsedRegulation`; the loader and the
upload page turn it into rows. Whatever the importer cannot place raises
:class:`RegulationParseError` naming the line, so a text is imported whole or
not at all.

Quirks handled (see regulations/data/sources/README.md): chapter headings on
one line or two ("Chương I QUY ĐỊNH CHUNG" / "Chương I" + "QUY ĐỊNH CHUNG"),
"Phần I" parts, "I-" chapters and "1-" clauses, "1." clauses with or without a
sub-heading, "a)"…"đ)"…"g)" points and "-" bullets, Markdown heading/bold/italic
marks and hard line breaks, sentences split in two paragraphs by a page break,
and an issuing decision (its own articles, recipients, signature) before the
attached regulation.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext


def _(message: str) -> str:
    """gettext, or the Vietnamese message itself outside a Django project."""
    return gettext(message) if settings.configured else message


PART, CHAPTER, ARTICLE, CLAUSE, POINT = "part", "chapter", "article", "clause", "point"
BULLET_LABEL = "-"

_ROMAN = r"[IVXLC]+"
_PART = re.compile(rf"^(Phần|PHẦN)\s+({_ROMAN}|\d+)(?![\w])\s*[.:\-–]?\s*(.*)$")
_CHAPTER = re.compile(rf"^(Chương|CHƯƠNG)\s+({_ROMAN}|\d+)(?![\w])\s*[.:\-–]?\s*(.*)$")
_ROMAN_CHAPTER = re.compile(rf"^({_ROMAN})\s*([.\-–])\s*(\S.*)$")
_LOWER_ROMAN_CHAPTER = re.compile(r"^([ivxlc]+)\s*([.\-–])\s*(\S.*)$")
_ARTICLE = re.compile(r"^(Điều|ĐIỀU)\s+(\d+)\s*[.:\-–]?\s*(.*)$")
_CLAUSE = re.compile(r"^(\d{1,2})\s*([.\-–])\s+(\S.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_BULLET = re.compile(r"^[-–•+]\s+(\S.*)$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s*")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")

_REGULATION_TITLE = re.compile(r"^QUY CHẾ(\s+PHỐI HỢP)?$")
_DECISION_HEADING = "QUYẾT ĐỊNH"
_NUMBER = re.compile(r"^Số\s*[:.]?\s*(\S*/\S*)\s*$")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]+),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?"
    r"\s*năm\s*(?P<y>\d{4})\s*$"
)
_ATTACHED = re.compile(
    r"kèm theo Quyết định số\s*(?P<number>[^\s,]*)\s*,?\s*ngày\s*"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s*của\s+(?P<body>[^)]*))?",
    re.IGNORECASE,
)
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*$", re.IGNORECASE)
# Lines that look like a numbering marker the importer does not use: "1)",
# "a." / "b-", "ii." / "iv-" or a Roman "II." that is not a heading. Appending
# them to the provision before would silently mis-file the text.
_UNKNOWN_MARKER = re.compile(
    r"^(\d{1,3}\)|[a-zđ]\s*[.\-–]|[ivxlc]+\s*[.\-–]|[IVXLC]+\s*[.\-–])\s"
)
# Letters of lettered points in order (Vietnamese alphabet: no f, j, w, z).
# The ward text writes "f)" between "e)" and "g)", so f is accepted there.
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_SENTENCE_END = (".", ";", ":", "!", "?", "…")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


class RegulationParseError(ValueError):
    """The text cannot be read as a regulation; ``where`` names the line."""

    def __init__(self, where: str, message: str):
        self.where = where
        super().__init__(f"{where[:1].upper()}{where[1:]}: {message}")


def _line(number: int) -> str:
    return _("dòng %(number)s") % {"number": number}


def _paragraph(number: int) -> str:
    return _("đoạn %(number)s") % {"number": number}


def _next_letters(previous: str | None) -> set[str]:
    """The letters a lettered point may take after ``previous``."""
    if previous is None:
        return {"a"}
    if previous == "f":
        return {"g"}
    index = _LETTERS.find(previous)
    allowed = {_LETTERS[index + 1]} if 0 <= index < len(_LETTERS) - 1 else set()
    if previous == "e":
        allowed.add("f")
    return allowed


@dataclass
class Paragraph:
    """One paragraph of the source, Markdown marks removed."""

    text: str
    where: str  # "dòng 12" (text) or "đoạn 12" (docx)
    heading: bool = False  # a Markdown heading or a Word heading style
    bold: bool = False  # the whole paragraph is bold
    bold_label: bool = False  # only its beginning is bold ("**Điều 1.** Ban hành …")


@dataclass
class Node:
    kind: str
    label: str
    title: str = ""
    text: str = ""
    ref: str = ""
    where: str = ""
    children: list[Node] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "children": [child.to_dict() for child in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        return cls(
            kind=data["kind"],
            label=data.get("label", ""),
            title=data.get("title", ""),
            text=data.get("text", ""),
            ref=data["ref"],
            children=[cls.from_dict(child) for child in data.get("children", [])],
        )

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


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
    provisions: list[Node] = field(default_factory=list)

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

    def metadata(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.METADATA_FIELDS}
        for name in ("decision_date", "attached_date"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "regulation": self.metadata(),
            "provisions": [node.to_dict() for node in self.provisions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedRegulation:
        fields = dict(data["regulation"])
        for name in ("decision_date", "attached_date"):
            if fields.get(name):
                fields[name] = datetime.date.fromisoformat(fields[name])
        result = cls(**{name: fields[name] for name in cls.METADATA_FIELDS})
        result.provisions = [Node.from_dict(node) for node in data["provisions"]]
        return result

    def nodes(self):
        for node in self.provisions:
            yield from node.walk()

    def counts(self) -> dict[str, int]:
        counter = Counter(node.kind for node in self.nodes())
        return {kind: counter[kind] for kind in (PART, CHAPTER, ARTICLE, CLAUSE, POINT)}


# --- reading sources ---------------------------------------------------------------


def _clean(raw: str, where: str, heading: bool = False, bold: bool = False):
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


def read_text(source: str) -> list[Paragraph]:
    """Paragraphs of a .txt/.md text: one per non-empty line, except that a line
    ending in a Markdown hard break ("two spaces") goes on in the next line."""
    paragraphs: list[Paragraph] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(source.splitlines(), start=1):
        if not pending:
            if not raw.strip() or _RULE.match(raw):
                continue
            start = number
        pending.append(raw)
        if raw.endswith("  ") and raw.strip():
            continue  # hard line break: the paragraph goes on
        paragraphs.append(_clean("\n".join(pending), _line(start)))
        pending = []
    if pending:
        paragraphs.append(_clean("\n".join(pending), _line(start)))
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
        if not par.text.strip() or _RULE.match(par.text):
            continue
        if _auto_numbered(par):
            # Word's automatic numbering is not part of the text: "Điều 5", "1."
            # or "a)" would be lost and the paragraph glued to the one before.
            raise RegulationParseError(
                _paragraph(number),
                _(
                    "dùng đánh số tự động của Word; hãy chuyển số thành chữ "
                    "(Convert Numbering to Text) rồi tải lên lại"
                ),
            )
        style = (par.style.name if par.style is not None else "").lower()
        runs = [run for run in par.runs if run.text.strip()]
        all_bold = bool(runs) and all(run.bold for run in runs)
        paragraph = _clean(
            par.text,
            _paragraph(number),
            heading=style.startswith("heading") or style == "title",
            bold=all_bold,
        )
        paragraph.bold_label = bool(runs) and bool(runs[0].bold) and not all_bold
        if paragraph.text:
            paragraphs.append(paragraph)
    return paragraphs


# --- parsing -------------------------------------------------------------------------


def _roman(value: str) -> int:
    if value.isdigit():
        return int(value)
    total = 0
    for char, following in zip(value, [*value[1:], ""], strict=True):
        number = _ROMAN_VALUES[char]
        total += -number if following and _ROMAN_VALUES[following] > number else number
    return total


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("”\"'’)*").endswith(_SENTENCE_END)


def _continue(text: str, more: str) -> str:
    """``text`` followed by another paragraph: a sentence broken by a page break
    (no closing punctuation) is joined back with a space; otherwise the new
    paragraph starts on a new line."""
    if not text:
        return more
    return f"{text}\n{more}" if _ends_sentence(text) else f"{text} {more}"


def _date(d: str | None, m: str | None, y: str | None) -> datetime.date | None:
    if not (d and m and y):
        return None
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def _is_roman_heading(p: Paragraph) -> bool:
    """A "I-" / "II." (or lower-case "ii-") chapter heading, not an ordinary
    sentence opening with "I." or "V.": a Roman chapter heading is a heading,
    bold, or in capitals."""
    m = _ROMAN_CHAPTER.match(p.text) or _LOWER_ROMAN_CHAPTER.match(p.text)
    return bool(m) and (p.heading or p.bold or m[3].isupper())


def _point_key(letter: str) -> str:
    return "dd" if letter == "đ" else letter


def _quote(text: str) -> str:
    return text.replace("\n", " ")[:60]


class _BodyParser:
    """Builds the provision tree from the paragraphs of the attached regulation,
    checking that every number follows the one before it."""

    def __init__(self) -> None:
        self.roots: list[Node] = []
        self.part: Node | None = None
        self.chapter: Node | None = None
        self.article: Node | None = None
        self.clause: Node | None = None
        self.point: Node | None = None  # the last lettered point
        self.last: Node | None = None
        self.refs: dict[str, str] = {}
        self.bullets: Counter[str] = Counter()
        self.numbers: dict[str, int] = {}  # container ref + kind -> last number
        self.letters: dict[str, str] = {}  # container ref -> last point letter
        self.last_paragraph: Paragraph | None = None
        self.in_text = False  # the last paragraph went into a provision's text

    def _add(self, parent: Node | None, node: Node, ref: str, what: str) -> Node:
        if ref in self.refs:
            raise RegulationParseError(
                node.where,
                _("%(what)s bị trùng (đã có ở %(where)s)")
                % {"what": what, "where": self.refs[ref]},
            )
        node.ref, self.refs[ref] = ref, node.where
        (parent.children if parent else self.roots).append(node)
        self.last = node
        return node

    def _check_number(
        self, key: str, number: int, p: Paragraph, label: str, restart: bool = False
    ) -> None:
        """``number`` must follow the last one under ``key`` (1 first); with
        ``restart`` it may also start again at 1 (chapters of a new part)."""
        expected = self.numbers.get(key, 0) + 1
        if number != expected and not (restart and number == 1):
            raise RegulationParseError(
                p.where,
                _(
                    "“%(label)s” không đúng thứ tự (sau số %(previous)s phải là số %(expected)s)"
                )
                % {"label": label, "previous": expected - 1, "expected": expected},
            )
        self.numbers[key] = number

    def feed(self, p: Paragraph) -> None:
        self.last_paragraph = p
        self.in_text = False
        text = p.text.replace("\n", " ") if (p.heading or p.bold) else p.text
        if m := _PART.match(text):
            node = Node(PART, f"{m[1]} {m[2]}", title=m[3], where=p.where)
            self._check_number("part", _roman(m[2]), p, node.label)
            self.part = self._add(None, node, f"p{_roman(m[2])}", node.label)
            self.chapter = self.article = self.clause = self.point = None
        elif (m := _CHAPTER.match(text)) or (
            _is_roman_heading(p)
            and (m := _ROMAN_CHAPTER.match(text) or _LOWER_ROMAN_CHAPTER.match(text))
        ):
            if m.re is _CHAPTER:
                label, number = f"{m[1]} {m[2]}", m[2]
            else:
                label, number = f"{m[1]}{m[2]}", m[1].upper()
            node = Node(CHAPTER, label, title=m[3], where=p.where)
            prefix = f"{self.part.ref}-" if self.part else ""
            # Chapters run on across parts, or start again at I in each part.
            new_part = self.part is not None and not self.part.children
            self._check_number("chapter", _roman(number), p, label, restart=new_part)
            ref = f"{prefix}c{_roman(number)}"
            self.chapter = self._add(self.part, node, ref, label)
            self.article = self.clause = self.point = None
        elif m := _ARTICLE.match(text):
            node = Node(ARTICLE, f"{m[1]} {m[2]}", where=p.where)
            if p.bold_label:
                node.text = m[3]
                self.in_text = True
            else:
                node.title = m[3]
            parent = self.chapter or self.part
            ref = f"d{int(m[2])}"
            if ref not in self.refs:  # a repeated number is reported as such
                # Articles are numbered on across chapters and parts.
                self._check_number("article", int(m[2]), p, node.label)
            self.article = self._add(parent, node, ref, node.label)
            self.clause = self.point = None
        elif m := _CLAUSE.match(text):
            container = self.article or self.chapter or self.part
            label = f"{m[1]}{m[2]}"
            if container is None:
                raise RegulationParseError(
                    p.where,
                    _("khoản “%(label)s” nằm ngoài mọi Chương, Điều")
                    % {"label": label},
                )
            node = Node(CLAUSE, label, where=p.where)
            if p.heading or p.bold:
                node.title = m[3]
            else:
                node.text = m[3]
                self.in_text = True
            ref = f"{container.ref}-k{int(m[1])}"
            if ref not in self.refs:
                self._check_number(f"{container.ref}/clause", int(m[1]), p, label)
            what = _("khoản %(label)s") % {"label": label}
            self.clause = self._add(container, node, ref, what)
            self.point = None
        elif (m := _POINT.match(text)) or (m := _BULLET.match(text)):
            self._point(p, m)
        elif _UNKNOWN_MARKER.match(text) or _LOWER_ROMAN_CHAPTER.match(text):
            raise RegulationParseError(
                p.where,
                _(
                    "đoạn bắt đầu bằng một số hiệu không dùng trong văn bản này "
                    "(“%(text)s”) — hãy viết Chương, Điều, khoản “1.”, điểm “a)” "
                    "hoặc gạch đầu dòng “-”"
                )
                % {"text": _quote(p.text)},
            )
        else:
            self._continue(p)

    def _point(self, p: Paragraph, m: re.Match) -> None:
        lettered = m.re is _POINT
        container = self.clause or self.article or self.chapter or self.part
        label = f"{m[1]})" if lettered else BULLET_LABEL
        if container is None:
            raise RegulationParseError(
                p.where,
                _("điểm “%(label)s” nằm ngoài mọi Điều, khoản") % {"label": label},
            )
        if (
            not lettered
            and self.point is not None
            and self.point.text.rstrip().endswith(":")
        ):
            container = self.point  # "a) … gồm:" followed by its "-" bullets
        node = Node(POINT, label, text=m[m.lastindex], where=p.where)
        if lettered:
            ref = f"{container.ref}-{_point_key(m[1])}"
            if ref not in self.refs:
                previous = self.letters.get(container.ref)
                if m[1] not in _next_letters(previous):
                    expected = " / ".join(
                        f"{x})" for x in sorted(_next_letters(previous))
                    )
                    raise RegulationParseError(
                        p.where,
                        _("điểm “%(label)s” không đúng thứ tự (phải là %(expected)s)")
                        % {"label": label, "expected": expected or "—"},
                    )
                self.letters[container.ref] = m[1]
        else:
            self.bullets[container.ref] += 1
            ref = f"{container.ref}-g{self.bullets[container.ref]}"
        what = _("điểm %(label)s") % {"label": label}
        self._add(container, node, ref, what)
        if lettered:
            self.point = node
        self.in_text = True

    def _continue(self, p: Paragraph) -> None:
        node = self.last
        if node is None:
            raise RegulationParseError(
                p.where,
                _(
                    "đoạn văn đứng trước mọi Chương, Điều — không biết thuộc phần nào "
                    "(“%(text)s”)"
                )
                % {"text": p.text[:60]},
            )
        if node.kind in (PART, CHAPTER) and not node.title and not node.children:
            node.title = p.text.replace("\n", " ")  # two-line chapter heading
        elif node.kind == ARTICLE and not node.title and (p.heading or p.bold):
            node.title = p.text.replace("\n", " ")
        else:
            node.text = _continue(node.text, p.text)
            self.in_text = True

    def finish(self) -> None:
        """A text whose last paragraph stops mid-sentence was cut short."""
        p, node = self.last_paragraph, self.last
        if (
            p is not None
            and node is not None
            and self.in_text
            and not _ends_sentence(node.text)
        ):
            raise RegulationParseError(
                p.where,
                _(
                    "đoạn cuối không kết thúc bằng dấu câu — văn bản có thể bị "
                    "cắt cụt (“%(text)s”)"
                )
                % {"text": _quote(p.text[-60:])},
            )


def _parse_decision(paragraphs: list[Paragraph], result: ParsedRegulation) -> None:
    state = "letterhead"
    signature: list[str] = []
    for p in paragraphs:
        text = p.text
        if state == "letterhead":
            if m := _NUMBER.match(text):
                result.decision_number = m[1]
            elif m := _PLACE_DATE.match(text):
                result.decision_date_text = text
                result.decision_date = _date(m["d"], m["m"], m["y"])
            elif text == _DECISION_HEADING:
                state = "title"
            continue  # the issuing body's letterhead, "ĐẢNG CỘNG SẢN VIỆT NAM" …
        if state == "title":
            result.decision_title = text.replace("\n", " ")
            state = "preamble"
        elif state == "preamble" and (m := _BULLET.match(text)):
            result.decision_preamble.append(m[1])
        elif state == "preamble" and text.endswith(_DECISION_HEADING):
            result.issuing_body = text[: -len(_DECISION_HEADING)].strip()
            state = "articles"
        elif state == "articles" and (m := _ARTICLE.match(text)):
            label = f"{m[1]} {m[2]}"
            expected = len(result.decision_articles) + 1
            if int(m[2]) != expected:
                raise RegulationParseError(
                    p.where,
                    _(
                        "“%(label)s” của Quyết định không đúng thứ tự "
                        "(phải là Điều %(expected)s)"
                    )
                    % {"label": label, "expected": expected},
                )
            result.decision_articles.append({"label": label, "text": m[3]})
        elif state == "articles" and _RECIPIENTS.match(text):
            state = "recipients"
        elif state == "articles" and result.decision_articles:
            last = result.decision_articles[-1]
            last["text"] = _continue(last["text"], text)
        elif state == "recipients" and (m := _BULLET.match(text)):
            result.decision_recipients.append(m[1])
        elif state in ("recipients", "signature"):
            signature.append(text)
            state = "signature"
        else:
            raise RegulationParseError(
                p.where,
                _("không xác định được đoạn này của Quyết định (“%(text)s”)")
                % {"text": text[:60]},
            )
    if state == "title":
        raise RegulationParseError(
            paragraphs[-1].where, _("Quyết định không có trích yếu sau “QUYẾT ĐỊNH”")
        )
    if signature:
        result.signer = signature[-1]
        result.signer_title = "\n".join(signature[:-1])


def _starts_body(p: Paragraph) -> bool:
    """Whether ``p`` belongs to the body (a heading, clause or point), not to the
    regulation's title block."""
    text = p.text
    return bool(
        _PART.match(text)
        or _CLAUSE.match(text)
        or _POINT.match(text)
        or _BULLET.match(text)
        or _CHAPTER.match(text)
        or _ARTICLE.match(text)
        or _is_roman_heading(p)
    )


def parse_paragraphs(paragraphs: list[Paragraph]) -> ParsedRegulation:
    result = ParsedRegulation()
    texts = [p.text for p in paragraphs]
    title_at = next(
        (i for i, t in enumerate(texts) if _REGULATION_TITLE.match(t)), None
    )
    if title_at is None:
        decision_at = next(
            (i for i, t in enumerate(texts) if t == _DECISION_HEADING), None
        )
        if decision_at is not None:
            raise RegulationParseError(
                paragraphs[decision_at].where,
                _(
                    "có Quyết định ban hành nhưng không thấy tiêu đề “QUY CHẾ” của "
                    "văn bản kèm theo"
                ),
            )
        body_at = 0
    else:
        _parse_decision(paragraphs[:title_at], result)
        body_at = next(
            (
                i
                for i in range(title_at + 1, len(paragraphs))
                if _starts_body(paragraphs[i])
            ),
            len(paragraphs),
        )
        subtitle = []
        for p in paragraphs[title_at + 1 : body_at]:
            if m := _ATTACHED.search(p.text):
                result.attached_date = _date(m["d"], m["m"], m["y"])
                if not result.decision_number:
                    result.decision_number = m["number"]
                if result.decision_date is None and not result.decision_date_text:
                    result.decision_date = result.attached_date
            else:
                subtitle.append(p.text.replace("\n", " "))
        heading = _sentence_case(texts[title_at])
        rest = " ".join(subtitle)
        result.title = f"{heading} {rest[:1].lower()}{rest[1:]}".strip()

    parser = _BodyParser()
    for p in paragraphs[body_at:]:
        parser.feed(p)
    parser.finish()
    if not parser.roots:
        where = paragraphs[-1].where if paragraphs else _line(1)
        raise RegulationParseError(where, _("không tìm thấy Chương, Điều nào"))
    result.provisions = parser.roots
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
