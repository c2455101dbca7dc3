"""Building the provision tree (Phần, Chương, Điều, khoản, điểm) from the
paragraphs of a regulation's body, checking that every number follows the one
before it and that no paragraph is left without a place."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .paragraphs import (
    Paragraph,
    RegulationParseError,
    _,
    continue_text,
    ends_sentence,
    one_line,
    quote,
)

PART, CHAPTER, ARTICLE, CLAUSE, POINT = "part", "chapter", "article", "clause", "point"
KINDS = (PART, CHAPTER, ARTICLE, CLAUSE, POINT)
BULLET_LABEL = "-"

_ROMAN = r"[IVXLC]+"
PART_HEADING = re.compile(rf"^(Phần|PHẦN)\s+({_ROMAN}|\d+)(?![\w])\s*[.:\-–]?\s*(.*)$")
CHAPTER_HEADING = re.compile(
    rf"^(Chương|CHƯƠNG)\s+({_ROMAN}|\d+)(?![\w])\s*[.:\-–]?\s*(.*)$"
)
# "I- QUY ĐỊNH CHUNG", "II. TỔ CHỨC THỰC HIỆN", or "I." alone, its title below.
_ROMAN_CHAPTER = re.compile(rf"^({_ROMAN})\s*([.\-–])(?:\s*(\S.*))?$")
_LOWER_ROMAN_CHAPTER = re.compile(r"^([ivxlc]+)\s*([.\-–])\s*(\S.*)$")
ARTICLE_HEADING = re.compile(r"^(Điều|ĐIỀU)\s+(\d+)\s*[.:\-–]?\s*(.*)$")
_CLAUSE = re.compile(r"^(\d{1,2})\s*([.\-–])\s+(\S.*)$")
_POINT = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
BULLET = re.compile(r"^[-–•+]\s+(\S.*)$")
# Lines that look like a numbering marker the importer does not use: "1)",
# "a." / "b-", "ii." / "iv-" or a Roman "II." that is not a heading. Appending
# them to the provision before would silently mis-file the text.
_UNKNOWN_MARKER = re.compile(
    r"^(\d{1,3}\)|[a-zđ]\s*[.\-–]|[ivxlc]+\s*[.\-–]|[IVXLC]+\s*[.\-–])\s"
)
# Letters of lettered points in order (Vietnamese alphabet: no f, j, w, z).
# The ward text writes "f)" between "e)" and "g)", so f is accepted there.
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


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


def roman(value: str) -> int:
    """The number a Roman (or Arabic) numeral stands for."""
    if value.isdigit():
        return int(value)
    total = 0
    for char, following in zip(value, [*value[1:], ""], strict=True):
        number = _ROMAN_VALUES[char]
        total += -number if following and _ROMAN_VALUES[following] > number else number
    return total


def is_roman_heading(p: Paragraph) -> bool:
    """A "I-" / "II." (or lower-case "ii-") chapter heading, not an ordinary
    sentence opening with "I." or "V.": a Roman chapter heading is a heading,
    bold, in capitals, or alone on its line (its title on the next)."""
    m = _ROMAN_CHAPTER.match(p.text) or _LOWER_ROMAN_CHAPTER.match(p.text)
    return bool(m) and (p.heading or p.bold or not m[3] or m[3].isupper())


def starts_body(p: Paragraph) -> bool:
    """Whether ``p`` belongs to the body (a heading, clause or point), not to a
    first page or a title block."""
    text = p.text
    return bool(
        PART_HEADING.match(text)
        or _CLAUSE.match(text)
        or _POINT.match(text)
        or BULLET.match(text)
        or CHAPTER_HEADING.match(text)
        or ARTICLE_HEADING.match(text)
        or is_roman_heading(p)
    )


def starts_division(p: Paragraph) -> bool:
    """Whether ``p`` opens a Phần or Chương (never part of an issuing decision)."""
    return bool(
        PART_HEADING.match(p.text)
        or CHAPTER_HEADING.match(p.text)
        or is_roman_heading(p)
    )


def _point_key(letter: str) -> str:
    return "dd" if letter == "đ" else letter


class TreeBuilder:
    """Builds the provision tree from the paragraphs of a regulation's body,
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
        text = one_line(p.text) if (p.heading or p.bold) else p.text
        if m := PART_HEADING.match(text):
            self._part(p, m)
        elif (m := CHAPTER_HEADING.match(text)) or (
            is_roman_heading(p)
            and (m := _ROMAN_CHAPTER.match(text) or _LOWER_ROMAN_CHAPTER.match(text))
        ):
            self._chapter(p, m)
        elif m := ARTICLE_HEADING.match(text):
            self._article(p, m)
        elif m := _CLAUSE.match(text):
            self._clause(p, m)
        elif (m := _POINT.match(text)) or (m := BULLET.match(text)):
            self._point(p, m)
        elif _UNKNOWN_MARKER.match(text) or _LOWER_ROMAN_CHAPTER.match(text):
            raise RegulationParseError(
                p.where,
                _(
                    "đoạn bắt đầu bằng một số hiệu không dùng trong văn bản này "
                    "(“%(text)s”) — hãy viết Chương, Điều, khoản “1.”, điểm “a)” "
                    "hoặc gạch đầu dòng “-”"
                )
                % {"text": quote(p.text)},
            )
        else:
            self._continue(p)

    def _part(self, p: Paragraph, m: re.Match) -> None:
        node = Node(PART, f"{m[1]} {m[2]}", title=m[3], where=p.where)
        self._check_number("part", roman(m[2]), p, node.label)
        self.part = self._add(None, node, f"p{roman(m[2])}", node.label)
        self.chapter = self.article = self.clause = self.point = None

    def _chapter(self, p: Paragraph, m: re.Match) -> None:
        if m.re is CHAPTER_HEADING:
            label, number = f"{m[1]} {m[2]}", m[2]
        else:
            label, number = f"{m[1]}{m[2]}", m[1].upper()
        node = Node(CHAPTER, label, title=m[3] or "", where=p.where)
        prefix = f"{self.part.ref}-" if self.part else ""
        # Chapters run on across parts, or start again at I in each part.
        new_part = self.part is not None and not self.part.children
        self._check_number("chapter", roman(number), p, label, restart=new_part)
        self.chapter = self._add(self.part, node, f"{prefix}c{roman(number)}", label)
        self.article = self.clause = self.point = None

    def _article(self, p: Paragraph, m: re.Match) -> None:
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

    def _clause(self, p: Paragraph, m: re.Match) -> None:
        container = self.article or self.chapter or self.part
        label = f"{m[1]}{m[2]}"
        if container is None:
            raise RegulationParseError(
                p.where,
                _("khoản “%(label)s” nằm ngoài mọi Chương, Điều") % {"label": label},
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
                self._check_letter(container, m[1], p, label)
        else:
            self.bullets[container.ref] += 1
            ref = f"{container.ref}-g{self.bullets[container.ref]}"
        what = _("điểm %(label)s") % {"label": label}
        self._add(container, node, ref, what)
        if lettered:
            self.point = node
        self.in_text = True

    def _check_letter(self, container: Node, letter: str, p: Paragraph, label: str):
        previous = self.letters.get(container.ref)
        if letter not in _next_letters(previous):
            expected = " / ".join(f"{x})" for x in sorted(_next_letters(previous)))
            raise RegulationParseError(
                p.where,
                _("điểm “%(label)s” không đúng thứ tự (phải là %(expected)s)")
                % {"label": label, "expected": expected or "—"},
            )
        self.letters[container.ref] = letter

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
            node.title = one_line(p.text)  # two-line part or chapter heading
        elif node.kind == ARTICLE and not node.title and (p.heading or p.bold):
            node.title = one_line(p.text)
        else:
            node.text = continue_text(node.text, p.text)
            self.in_text = True

    def finish(self) -> None:
        """A text whose last paragraph stops mid-sentence was cut short."""
        p, node = self.last_paragraph, self.last
        if (
            p is not None
            and node is not None
            and self.in_text
            and not ends_sentence(node.text)
        ):
            raise RegulationParseError(
                p.where,
                _(
                    "đoạn cuối không kết thúc bằng dấu câu — văn bản có thể bị "
                    "cắt cụt (“%(text)s”)"
                )
                % {"text": quote(p.text[-60:])},
            )
