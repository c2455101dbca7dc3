"""The parts of a party document around its provisions: the first page (issuing
body, "ĐẢNG CỘNG SẢN VIỆT NAM", number and symbol, place and date, document
type and subject, legal bases, enacting line — Quy định 399-QĐ/TW, see
../shared/PARTY_FORMAT.md), an issuing decision's own articles, and the closing
blocks (recipients "Nơi nhận", signature "T/M …", "K/T …", "TL …").

Pure functions over :class:`~regulations.paragraphs.Paragraph` lists; the
components are recognised in whatever order and spelling real texts show them.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .paragraphs import (
    RULE,
    Paragraph,
    RegulationParseError,
    _,
    clean,
    continue_text,
    ends_sentence,
    one_line,
    quote,
)
from .tree import ARTICLE_HEADING, BULLET, starts_body, starts_division

DECISION = "QUYẾT ĐỊNH"
DOCUMENT_TYPES = (
    "QUYẾT ĐỊNH",
    "QUY ĐỊNH",
    "QUY CHẾ",
    "HƯỚNG DẪN",
    "KẾT LUẬN",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "QUY TRÌNH",
    "ĐIỀU LỆ",
    "KẾ HOẠCH",
    "CHƯƠNG TRÌNH",
    "THÔNG BÁO",
    "ĐỀ ÁN",
)
# The type alone on its line, or followed by more capitals ("QUY CHẾ PHỐI HỢP").
_TYPE = re.compile(rf"^({'|'.join(DOCUMENT_TYPES)})(?:\s+(.+))?$")
_PARTY = re.compile(r"^ĐẢNG CỘNG SẢN VIỆT NAM$", re.IGNORECASE)
# "Số 12-BC/ĐU", "Số: 810-QĐ/TU", "Số -QĐ/ĐU", "399-QĐ/TW", "Số …-HD/TU".
_NUMBER = re.compile(
    r"^(?:Số\s*[:.]?\s*)?(?P<number>[\d.…_ ]*-\s*[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*/[\wĐđ/-]+)$"
)
_LOOSE_NUMBER = re.compile(r"^Số\s*[:.]?\s*(?P<number>\S*/\S*)$")
_BLANKS = r"[\s.…_]*"
_PLACE_DATE = re.compile(
    rf"^(?P<place>[^,\d]+),{_BLANKS}ngày{_BLANKS}(?P<d>\d{{1,2}})?{_BLANKS}"
    rf"tháng{_BLANKS}(?P<m>\d{{1,2}})?{_BLANKS}năm{_BLANKS}(?P<y>\d{{4}})[\s.]*$",
    re.IGNORECASE,
)
_MARK = re.compile(
    r"^\(?(MẬT|TỐI MẬT|TUYỆT MẬT|KHẨN|THƯỢNG KHẨN|HỎA TỐC|HOẢ TỐC|DỰ THẢO|BẢN SAO)\)?$",
    re.IGNORECASE,
)
# A legal basis: "- Căn cứ …", "- Xét đề nghị …" (a subject starts in lower case).
_BASIS = re.compile(r"^(?:[-–•+]\s*)?(?P<basis>(Căn cứ|Xét|Theo|Thực hiện)\b.*)$")
# "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH", "Ban Bí thư quy định … như sau:".
# Lower-case verbs only in a mixed-case line: "Quy định số 399" names a text.
_VERBS = ("quyết định", "quy định", "hướng dẫn", "kết luận", "ban hành", "thống nhất")
_ENACTING_VERB = re.compile(
    rf"\s({'|'.join(_VERBS)}|{'|'.join(verb.upper() for verb in _VERBS)})\b"
)
_ATTACHED = re.compile(
    r"kèm theo Quyết định số\s*(?P<number>[^\s,]*)\s*,?\s*ngày\s*"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s*của\s+(?P<body>[^)]*))?",
    re.IGNORECASE,
)
RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*$", re.IGNORECASE)
# The authority of a signature: "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "TL BAN
# THƯỜNG VỤ", "TM. ĐẢNG ỦY", "Q. BÍ THƯ" (the rest in capitals).
_SIGNATURE = re.compile(r"^(T/M|T\.M\.?|TM\.?|K/T|KT\.?|TL\.?|T/L|TUQ\.?|Q\.)\s+(.+)$")
_SIGNED = re.compile(
    r"^[(\[]?\s*(đã ký|đã ký và đóng dấu|ký tên|ký, đóng dấu)[^)\]]*[)\]]?$",
    re.IGNORECASE,
)


def _upper(text: str) -> bool:
    """Written in capitals (and has letters)."""
    return any(c.isalpha() for c in text) and text == text.upper()


def document_type(p: Paragraph) -> str | None:
    """The document type a type line names ("QUY CHẾ" for "QUY CHẾ PHỐI HỢP")."""
    m = _TYPE.match(one_line(p.text))
    if m and (not m[2] or (_upper(m[2]) and ":" not in m[2])):
        return m[1]
    return None


def starts_closing(p: Paragraph) -> bool:
    """Whether ``p`` opens a closing block: "Nơi nhận:" or "T/M BAN …"."""
    m = _SIGNATURE.match(one_line(p.text))
    return bool(RECIPIENTS.match(p.text) or (m and _upper(m[2])))


def parse_date(d: str | None, m: str | None, y: str | None) -> datetime.date | None:
    if not (d and m and y):
        return None
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None


def split_columns(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs written as two columns of a letterhead or closing row are
    split in their cells, left then right, when every cell is such a part."""
    out = []
    for p in paragraphs:
        cells = [clean(cell, p.where) for cell in p.columns]
        if p.table:
            out.extend(cell for cell in cells if cell.text)
            continue
        body = starts_body(p) and not BULLET.match(p.text)
        if (
            cells
            and not body
            and all(_is_cell(cell) for cell in cells)
            and not all(BULLET.match(cell.text) for cell in cells)
        ):
            out.extend(cell for cell in cells if cell.text)
            continue
        out.append(p)
    return out


def _is_name(text: str) -> bool:
    """A signer's name: two to five capitalised words ("Trần Cẩm Tú")."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(
        word[:1].isupper() and word.isalpha() for word in words
    )


def _is_cell(p: Paragraph) -> bool:
    """Whether ``p`` may be one cell of a letterhead or closing row."""
    text = p.text
    return bool(
        _upper(text)
        or _is_name(text)
        or _NUMBER.match(text)
        or _LOOSE_NUMBER.match(text)
        or _PLACE_DATE.match(text)
        or RECIPIENTS.match(text)
        or BULLET.match(text)
        or _SIGNED.match(text)
        or RULE.match(text)
    )


@dataclass
class FirstPage:
    """What a first page (or an attached text's title block) says."""

    bodies: list[str] = field(default_factory=list)  # superior body first
    number: str = ""
    date: datetime.date | None = None
    date_text: str = ""
    type_line: str = ""
    type: str = ""
    subject: list[str] = field(default_factory=list)
    note: str = ""  # "(ban hành kèm theo Quyết định số …)"
    bases: list[str] = field(default_factory=list)
    enacting: str = ""
    type_at: int = 0  # index of the type line

    @property
    def title(self) -> str:
        heading = self.type_line[:1] + self.type_line[1:].lower()
        rest = " ".join(self.subject)
        return f"{heading} {rest[:1].lower()}{rest[1:]}".strip()

    @property
    def enacting_body(self) -> str:
        """Who enacts: "BAN THƯỜNG VỤ TỈNH ỦY" of "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH"."""
        m = _ENACTING_VERB.search(f" {self.enacting}")
        if not m:
            return ""
        return f" {self.enacting}"[: m.start()].split(",")[-1].strip()


def find_type(paragraphs: list[Paragraph]) -> int | None:
    """Index of the first type line before the body, if the text has one."""
    for i, p in enumerate(paragraphs):
        if document_type(p):
            return i
        if starts_body(p):
            return None
    return None


def read_letterhead(paragraphs: list[Paragraph], page: FirstPage) -> None:
    """The components above the type line, in any order."""
    for p in paragraphs:
        text = one_line(p.text)
        if _PARTY.match(text) or _MARK.match(text) or RULE.match(text):
            continue
        if m := _NUMBER.match(text) or _LOOSE_NUMBER.match(text):
            number = m["number"]
            page.number = re.sub(r"^[.…_ ]+|[ ]+(?=-)", "", number).strip()
        elif m := _PLACE_DATE.match(text):
            page.date_text = text
            page.date = parse_date(m["d"], m["m"], m["y"])
        elif _upper(text) or (len(text.split()) <= 8 and not ends_sentence(text)):
            # The issuing body: in capitals, or a short line typed without them.
            page.bodies.append(text)
        else:
            raise RegulationParseError(
                p.where,
                _(
                    "không xác định được đoạn này của phần đầu văn bản "
                    "(“%(text)s”) — trước tên loại văn bản chỉ có cơ quan ban "
                    "hành, số, địa danh và ngày"
                )
                % {"text": quote(text)},
            )


def _is_enacting(p: Paragraph) -> bool:
    text = one_line(p.text).rstrip()
    if _upper(text):
        return text.rstrip(":").endswith(DOCUMENT_TYPES)
    return text.endswith(":") and bool(_ENACTING_VERB.search(f" {text}"))


def read_title_block(paragraphs: list[Paragraph], start: int, page: FirstPage) -> int:
    """The type line at ``start`` and what follows it up to the body (or, for a
    decision, its articles): subject, note, bases, enacting line. Returns the
    index after them."""
    page.type_at = start
    page.type_line = one_line(paragraphs[start].text)
    page.type = document_type(paragraphs[start]) or ""
    pending = ""  # "BAN THƯỜNG VỤ TỈNH ỦY" of an enacting line on two lines
    for i in range(start + 1, len(paragraphs)):
        p = paragraphs[i]
        text = one_line(p.text)
        if _ATTACHED.search(text) or (text.startswith("(") and text.endswith(")")):
            page.note = text
        elif _is_enacting(p):
            page.enacting = f"{pending} {text}".strip()
            return i + 1
        elif starts_body(p) and not BULLET.match(text):
            page.enacting = pending
            return i
        elif (m := _BASIS.match(text)) and (page.subject or BULLET.match(text)):
            page.bases.append(m["basis"])
        elif (m := BULLET.match(text)) and (page.bases or page.type == DECISION):
            page.bases.append(m[1])
        elif BULLET.match(text):
            return i  # a body made of bullets
        elif page.bases and not page.bases[-1].rstrip().endswith((";", ",", ".")):
            page.bases[-1] = continue_text(page.bases[-1], text)  # a page break
        elif not page.bases and not page.note:
            page.subject.append(text)
        elif _upper(text) and not pending:
            pending = text
        else:
            raise RegulationParseError(
                p.where,
                _("không xác định được đoạn này của phần đầu văn bản (“%(text)s”)")
                % {"text": quote(text)},
            )
    return len(paragraphs)


def attached_type(paragraphs: list[Paragraph], start: int) -> int | None:
    """Index of the attached text's type line after a decision's heading: the
    first type line other than a decision's before any Phần or Chương."""
    for i in range(start, len(paragraphs)):
        if document_type(paragraphs[i]) not in (None, DECISION):
            return i
        if starts_division(paragraphs[i]):
            return None
    return None


def letterhead_start(paragraphs: list[Paragraph], type_at: int, floor: int) -> int:
    """Where the letterhead above the type line at ``type_at`` begins (no lower
    than ``floor``): the capitals, number, date and separators just above it."""
    i = type_at
    while i > floor:
        text = one_line(paragraphs[i - 1].text)
        if _SIGNATURE.match(text) or not (
            _upper(text)
            or _NUMBER.match(text)
            or _PLACE_DATE.match(text)
            or _PARTY.match(text)
            or RULE.match(text)
        ):
            break
        i -= 1
    return i


@dataclass
class Closing:
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)

    @property
    def signer(self) -> str:
        return self.signature[-1] if self.signature else ""

    @property
    def signer_title(self) -> str:
        return "\n".join(self.signature[:-1])


def read_closing(paragraphs: list[Paragraph]) -> Closing:
    """Recipients and signature, in either order."""
    closing = Closing()
    recipients = False  # a bullet after "Nơi nhận" is a recipient, even
    # between the lines of a signature written beside the list
    for p in paragraphs:
        text = p.text
        if RECIPIENTS.match(text):
            recipients = True
        elif recipients and (m := BULLET.match(text)):
            closing.recipients.append(m[1])
        elif _SIGNED.match(one_line(text)):
            continue  # "(đã ký)" stands for the signature itself
        elif len(text.split()) <= 12:
            closing.signature.append(text)
        else:
            raise RegulationParseError(
                p.where,
                _(
                    "đoạn đứng sau chữ ký, nơi nhận — không biết thuộc phần nào "
                    "(“%(text)s”)"
                )
                % {"text": quote(text)},
            )
    return closing


def read_decision(paragraphs: list[Paragraph]) -> tuple[list[dict], Closing]:
    """An issuing decision's own articles, then its closing blocks."""
    articles: list[dict[str, str]] = []
    for i, p in enumerate(paragraphs):
        if starts_closing(p):
            return articles, read_closing(paragraphs[i:])
        if m := ARTICLE_HEADING.match(p.text):
            label = f"{m[1]} {m[2]}"
            expected = len(articles) + 1
            if int(m[2]) != expected:
                raise RegulationParseError(
                    p.where,
                    _(
                        "“%(label)s” của Quyết định không đúng thứ tự "
                        "(phải là Điều %(expected)s)"
                    )
                    % {"label": label, "expected": expected},
                )
            articles.append({"label": label, "text": m[3]})
        elif articles:
            articles[-1]["text"] = continue_text(articles[-1]["text"], p.text)
        else:
            raise RegulationParseError(
                p.where,
                _("không xác định được đoạn này của Quyết định (“%(text)s”)")
                % {"text": p.text[:60]},
            )
    return articles, Closing()


def attached_note(page: FirstPage) -> re.Match | None:
    return _ATTACHED.search(page.note) if page.note else None
