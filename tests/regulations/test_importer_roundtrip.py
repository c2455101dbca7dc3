"""Round trip: any provision tree, rendered as a party document in each of its
usual forms (body alone, a quy định under its own letterhead, a decision with
the attached regulation; plain text, Markdown or Word; chapters as "Chương I",
"CHƯƠNG I" + title line, "I-", "I."; parts above them), imports back to the
same tree."""

import io
from dataclasses import dataclass, field

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulations.importer import parse_docx, parse_text

# Words that cannot open a marker, a basis, a type line or a closing block.
WORDS = (
    "công",
    "tác",
    "phối",
    "hợp",
    "bảo",
    "đảm",
    "an",
    "ninh",
    "trật",
    "tự",
    "chi",
    "bộ",
    "đảng",
    "ủy",
    "thông",
    "tin",
    "báo",
    "cáo",
    "kịp",
    "thời",
    "địa",
    "bàn",
    "nhiệm",
    "vụ",
    "lãnh",
    "đạo",
    "kiểm",
    "tra",
    "tuyên",
    "truyền",
    "vận",
    "động",
    "nhân",
    "dân",
    "phong",
    "trào",
    "toàn",
    "dân",
    "cấp",
    "trên",
    "tổng",
    "hợp",
)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
LETTERS = "abcdđe"
CHAPTER_STYLES = ("one-line", "two-lines", "dash", "dot")
FORMS = ("body", "direct", "decision")
SYNTAXES = ("text", "markdown", "docx")


@dataclass
class Item:
    kind: str
    label: str
    ref: str
    title: str = ""
    text: str = ""
    lines: list[str] = field(default_factory=list)  # as written
    children: list = field(default_factory=list)

    def expected(self) -> dict:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "children": [child.expected() for child in self.children],
        }


def words(draw, low=2, high=6) -> list[str]:
    return draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high))


def sentence(draw, end: str = ".") -> str:
    text = " ".join(words(draw, 3, 8))
    return text[:1].upper() + text[1:] + end


def upper_title(draw) -> str:
    return " ".join(words(draw, 1, 4)).upper()


def article_title(draw) -> str:
    text = " ".join(words(draw, 1, 5))
    return text[:1].upper() + text[1:]


@st.composite
def clauses(draw, container: str, clause_mark: str) -> list[Item]:
    items = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        points = draw(st.sampled_from(["none", "lettered", "bullets"]))
        text = sentence(draw, "." if points == "none" else ":")
        ref = f"{container}-k{number}"
        label = f"{number}{clause_mark}"
        clause = Item("clause", label, ref, text=text, lines=[f"{label} {text}"])
        count = draw(st.integers(1, 3)) if points != "none" else 0
        for index in range(count):
            end = "." if index == count - 1 else ";"
            point_text = sentence(draw, end)
            if points == "lettered":
                letter = LETTERS[index]
                key = "dd" if letter == "đ" else letter
                point = Item("point", f"{letter})", f"{ref}-{key}", text=point_text)
                point.lines = [f"{letter}) {point_text}"]
            else:
                point = Item("point", "-", f"{ref}-g{index + 1}", text=point_text)
                point.lines = [f"- {point_text}"]
            clause.children.append(point)
        items.append(clause)
    return items


@st.composite
def articles(draw, first: int, clause_mark: str) -> list[Item]:
    items = []
    for number in range(first, first + draw(st.integers(1, 2))):
        title = article_title(draw)
        article = Item("article", f"Điều {number}", f"d{number}", title=title)
        article.lines = [f"Điều {number}. {title}"]
        if draw(st.booleans()):
            article.text = sentence(draw)
            article.lines.append(article.text)
        else:
            article.children = draw(clauses(f"d{number}", clause_mark))
        items.append(article)
    return items


def chapter(number: int, style: str, title: str, prefix: str) -> Item:
    numeral = ROMAN[number - 1]
    label, lines = {
        "one-line": (f"Chương {numeral}", [f"Chương {numeral} {title}"]),
        "two-lines": (f"CHƯƠNG {numeral}", [f"CHƯƠNG {numeral}", title]),
        "dash": (f"{numeral}-", [f"{numeral}- {title}"]),
        "dot": (f"{numeral}.", [f"{numeral}. {title}"]),
    }[style]
    return Item("chapter", label, f"{prefix}c{number}", title=title, lines=lines)


@st.composite
def trees(draw) -> list[Item]:
    """Parts (or none) above chapters (or none) above articles."""
    style = draw(st.sampled_from(CHAPTER_STYLES))
    clause_mark = draw(st.sampled_from([".", "-"]))
    layout = draw(st.sampled_from(["articles", "chapters", "parts"]))
    next_article = 1

    def chapters_of(count: int, first: int, prefix: str) -> list[Item]:
        nonlocal next_article
        items = []
        for number in range(first, first + count):
            item = chapter(number, style, upper_title(draw), prefix)
            item.children = draw(articles(next_article, clause_mark))
            next_article += len(item.children)
            items.append(item)
        return items

    if layout == "articles":
        return draw(articles(1, clause_mark))
    if layout == "chapters":
        return chapters_of(draw(st.integers(1, 3)), 1, "")
    parts, numbered = [], 1
    restart = draw(st.booleans())  # chapters start again at I in each part
    for number in range(1, draw(st.integers(1, 3)) + 1):
        title = upper_title(draw)
        part = Item("part", f"Phần {ROMAN[number - 1]}", f"p{number}", title=title)
        part.lines = [f"Phần {ROMAN[number - 1]}", title]
        count = draw(st.integers(1, 2))
        first = 1 if restart else numbered
        part.children = chapters_of(count, first, f"p{number}-")
        numbered = first + count
        parts.append(part)
    return parts


def body_lines(items: list[Item], markdown: bool) -> list[str]:
    lines = []
    for item in items:
        for line in item.lines:
            if markdown and item.kind in ("part", "chapter"):
                line = f"### {line}"
            elif markdown and item.kind == "article" and line.startswith("Điều"):
                line = f"#### **{line}**"
            lines.append(line)
        lines.extend(body_lines(item.children, markdown))
    return lines


LETTERHEAD = [
    "ĐẢNG BỘ TỈNH BÌNH MINH\nĐẢNG ỦY PHƯỜNG AN HÒA",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "*",
    "Số 09-QĐ/ĐU",
    "An Hòa, ngày 12 tháng 8 năm 2027",
]
CLOSING = [
    ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Ngô Thị Hạnh"],
    ["Nơi nhận:", "- Các chi bộ,", "- Lưu Văn phòng."],
]


def document(draw, items: list[Item], form: str, markdown: bool) -> list[str]:
    order = draw(st.permutations(range(len(LETTERHEAD))))
    # The components in any order; the superior body stays above the issuer.
    letterhead = [line for i in order for line in LETTERHEAD[i].split("\n")]
    closing = [line for block in draw(st.permutations(CLOSING)) for line in block]
    if draw(st.booleans()):
        # Pasted from a two-column table: cells of a row separated by a tab,
        # recipients beside the signature.
        letterhead = [
            "\t".join(letterhead[i : i + 2]) for i in range(0, len(letterhead), 2)
        ]
        recipients, signature = CLOSING[1], CLOSING[0]
        closing = ["\t".join(row) for row in zip(recipients, signature, strict=True)]
    body = body_lines(items, markdown)
    bases = [
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "- Xét đề nghị của Đảng ủy Công an phường,",
    ]
    if form == "body":
        return body + (closing if draw(st.booleans()) else [])
    if form == "direct":
        return [
            *letterhead,
            "QUY ĐỊNH",
            "về phối hợp công tác",
            *bases,
            "Ban Thường vụ Đảng ủy phường quy định như sau:",
            *body,
            *closing,
        ]
    return [
        *letterhead,
        "QUYẾT ĐỊNH",
        "ban hành Quy chế phối hợp",
        *bases,
        "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG QUYẾT ĐỊNH",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.",
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
        *closing,
        "QUY CHẾ",
        "phối hợp công tác",
        "(Kèm theo Quyết định số 09-QĐ/ĐU, ngày 12/8/2027 của Ban Thường vụ)",
        *body,
    ]


def imported(lines: list[str], syntax: str):
    if syntax != "docx":
        return parse_text("\n\n".join(lines) + "\n")
    word = docx.Document()
    for line in lines:
        word.add_paragraph(line.replace("#", "").replace("**", "").strip())
    buffer = io.BytesIO()
    word.save(buffer)
    buffer.seek(0)
    return parse_docx(buffer)


@pytest.mark.parametrize("form", FORMS)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_any_tree_in_any_form_imports_back_to_the_same_tree(form, data):
    items = data.draw(trees(), label="tree")
    syntax = data.draw(st.sampled_from(SYNTAXES), label="syntax")
    lines = document(data.draw, items, form, markdown=syntax == "markdown")
    parsed = imported(lines, syntax)
    assert [node.to_dict() for node in parsed.provisions] == [
        item.expected() for item in items
    ]
    if form != "body":
        assert parsed.decision_number == "09-QĐ/ĐU"
        assert parsed.letterhead_body == "ĐẢNG BỘ TỈNH BÌNH MINH\nĐẢNG ỦY PHƯỜNG AN HÒA"
        assert parsed.document_type == (
            "QUY ĐỊNH" if form == "direct" else "QUYẾT ĐỊNH"
        )
        assert len(parsed.decision_preamble) == 2
    if form == "decision":
        assert parsed.title == "Quy chế phối hợp công tác"
        assert len(parsed.decision_articles) == 2
    if form != "body" or "Ngô Thị Hạnh" in lines:
        assert parsed.signer == "Ngô Thị Hạnh"
        assert parsed.decision_recipients == ["Các chi bộ,", "Lưu Văn phòng."]
