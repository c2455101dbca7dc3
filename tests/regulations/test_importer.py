"""The importer, one quirk at a time (regulations/data/sources/README.md)."""

import datetime
import io

import docx
import pytest

from regulations.importer import (
    RegulationParseError,
    parse_docx,
    parse_file,
    parse_text,
    read_text,
)

from .conftest import PROVINCE_SOURCE, WARD_SOURCE


def tree(parsed):
    """{ref: (kind, label, title, text)} of every node."""
    return {n.ref: (n.kind, n.label, n.title, n.text) for n in parsed.nodes()}


def test_ward_source_counts_exactly():
    assert parse_file(WARD_SOURCE).counts() == {
        "part": 0,
        "chapter": 3,
        "article": 12,
        "clause": 29,
        "point": 53,
    }


def test_province_source_counts_exactly():
    assert parse_file(PROVINCE_SOURCE).counts() == {
        "part": 0,
        "chapter": 3,
        "article": 8,
        "clause": 20,
        "point": 25,
    }


def test_one_line_chapter_heading_with_markdown_marks():
    nodes = tree(parse_file(WARD_SOURCE))
    assert nodes["c1"] == ("chapter", "Chương I", "QUY ĐỊNH CHUNG", "")
    assert nodes["c2"][2] == "NỘI DUNG, TRÁCH NHIỆM, PHƯƠNG PHÁP PHỐI HỢP"


def test_two_line_chapter_heading():
    nodes = tree(parse_file(PROVINCE_SOURCE))
    assert nodes["c1"] == ("chapter", "Chương I", "QUY ĐỊNH CHUNG", "")
    assert nodes["c3"] == ("chapter", "Chương III", "TỔ CHỨC THỰC HIỆN", "")


def test_article_heading_marks_removed_and_title_kept():
    nodes = tree(parse_file(PROVINCE_SOURCE))
    assert nodes["d1"] == ("article", "Điều 1", "Phạm vi, đối tượng điều chỉnh", "")
    assert nodes["d4"][2] == "Trách nhiệm của Đảng ủy Công an tỉnh"


def test_numbered_clause_keeps_label_as_written():
    nodes = tree(parse_file(WARD_SOURCE))
    kind, label, title, text = nodes["d2-k3"]
    assert (kind, label, title) == ("clause", "3.", "")
    assert text.startswith("Bảo đảm chế độ bảo mật thông tin")


def test_sub_headed_clause_becomes_a_title_with_points_below():
    parsed = parse_file(WARD_SOURCE)
    nodes = {n.ref: n for n in parsed.nodes()}
    clause = nodes["d4-k1"]
    assert (clause.label, clause.title, clause.text) == (
        "1.",
        "Đảng ủy Công an phường",
        "",
    )
    assert [c.label for c in clause.children] == ["a)", "b)", "c)"]


def test_lettered_points_run_through_dd_to_g():
    nodes = {n.ref: n for n in parse_file(WARD_SOURCE).nodes()}
    labels = [c.label for c in nodes["d7-k1"].children]
    assert labels == ["a)", "b)", "c)", "d)", "đ)", "e)", "f)", "g)"]
    assert nodes["d7-k1-dd"].text.startswith("Tham gia đánh giá, xếp loại")


def test_dash_bullets_are_points_with_label_dash():
    nodes = {n.ref: n for n in parse_file(PROVINCE_SOURCE).nodes()}
    bullets = nodes["d4-k1"].children
    assert len(bullets) == 8
    assert {b.label for b in bullets} == {"-"}
    assert [b.ref for b in bullets][:2] == ["d4-k1-g1", "d4-k1-g2"]
    assert bullets[0].text.startswith("Tham mưu, đề xuất với Tỉnh ủy")


def test_sentence_split_by_page_break_is_joined_back():
    nodes = tree(parse_file(WARD_SOURCE))
    assert (
        "về thực hiện công tác xây dựng Đảng, xây dựng lực lượng, hậu cần CAND."
        in nodes["d3-k1"][3]
    )
    assert "\n" not in nodes["d3-k1"][3]
    assert "Các chi đảng bộ trực thuộc phân công" in nodes["d12-k1"][3]


def test_paragraph_after_a_full_sentence_starts_a_new_line():
    parsed = parse_text(
        "Điều 1. Hiệu lực\n\n1. Quy chế có hiệu lực từ ngày ký.\n\n"
        "Các bên chịu trách nhiệm thi hành.\n"
    )
    assert tree(parsed)["d1-k1"][3] == (
        "Quy chế có hiệu lực từ ngày ký.\nCác bên chịu trách nhiệm thi hành."
    )


def test_issuing_decision_is_separated_from_the_regulation():
    parsed = parse_file(PROVINCE_SOURCE)
    assert parsed.decision_number == "810-QĐ/TU"
    assert parsed.decision_date == datetime.date(2023, 6, 20)
    assert parsed.attached_date == datetime.date(2023, 6, 20)
    assert parsed.issuing_body == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert parsed.signer == "Lê Quốc Chính"
    assert parsed.signer_title == "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"
    assert [a["label"] for a in parsed.decision_articles] == [
        "Điều 1",
        "Điều 2",
        "Điều 3",
    ]
    # Điều 3's second paragraph, itself split by a page break, stays with it.
    assert "nếu có vấn đề vướng mắc, phát sinh" in parsed.decision_articles[2]["text"]
    assert len(parsed.decision_preamble) == 6
    assert parsed.decision_recipients[-1] == "Lưu Văn phòng Tỉnh ủy."
    assert parsed.title.startswith("Quy chế phối hợp giữa Đảng ủy Công an tỉnh")
    # The decision's own articles are not provisions of the regulation.
    assert parse_file(PROVINCE_SOURCE).counts()["article"] == 8


def test_ward_decision_with_blank_number_and_day():
    parsed = parse_file(WARD_SOURCE)
    assert parsed.decision_number == "-QĐ/ĐU"
    assert parsed.decision_date is None
    assert parsed.decision_date_text == "Hải Dương, ngày tháng 5 năm 2026"
    assert parsed.attached_date == datetime.date(2026, 5, 11)
    assert parsed.signer == "Phạm Công Quân"
    assert parsed.decision_articles[1]["text"].endswith("kể từ ngày ký./.")
    assert parsed.title.startswith(
        "Quy chế phối hợp giữa Đảng ủy Công an phường với các chi, đảng bộ trực thuộc"
    )


ROMAN_DASH_TEXT = """\
QUY CHẾ

Phối hợp giữa Đảng ủy Công an xã với các chi bộ trực thuộc

I- QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh

1- Quy chế này quy định việc phối hợp giữa các bên.

2- Quy chế áp dụng đối với Đảng ủy Công an xã và các chi bộ.

II- TRÁCH NHIỆM PHỐI HỢP

Điều 2. Trách nhiệm của Đảng ủy Công an xã

1- Chủ trì tham mưu cho Đảng ủy xã:

a) Nắm tình hình an ninh, trật tự;

b) Báo cáo ngay khi có tình huống phức tạp.

2- Phối hợp với các chi bộ trong công tác tuyên truyền.
"""


def test_roman_dash_chapters_and_dash_numbered_clauses():
    parsed = parse_text(ROMAN_DASH_TEXT)
    nodes = tree(parsed)
    assert parsed.counts()["chapter"] == 2
    assert nodes["c1"] == ("chapter", "I-", "QUY ĐỊNH CHUNG", "")
    assert nodes["c2"] == ("chapter", "II-", "TRÁCH NHIỆM PHỐI HỢP", "")
    assert nodes["d1-k2"] == (
        "clause",
        "2-",
        "",
        "Quy chế áp dụng đối với Đảng ủy Công an xã và các chi bộ.",
    )
    assert nodes["d2-k1-b"][1:] == (
        "b)",
        "",
        "Báo cáo ngay khi có tình huống phức tạp.",
    )
    assert parsed.title == (
        "Quy chế phối hợp giữa Đảng ủy Công an xã với các chi bộ trực thuộc"
    )


PART_TEXT = """\
## QUY CHẾ PHỐI HỢP

**giữa Đảng ủy Công an huyện với các đảng ủy xã, thị trấn**

### PHẦN I
### NHỮNG QUY ĐỊNH CHUNG

#### Chương I PHẠM VI

##### Điều 1. Phạm vi điều chỉnh

1. Quy chế này quy định nguyên tắc phối hợp.

#### Chương II
#### NGUYÊN TẮC

##### Điều 2. Nguyên tắc

1. Tuân thủ Điều lệ Đảng.

### Phần II. TỔ CHỨC THỰC HIỆN

I. QUY ĐỊNH CHUYỂN TIẾP

1- Các bên triển khai thực hiện.

a) Hằng năm tổ chức sơ kết.
"""


def test_parts_above_chapters_and_articles():
    parsed = parse_text(PART_TEXT)
    nodes = {n.ref: n for n in parsed.nodes()}
    assert parsed.counts() == {
        "part": 2,
        "chapter": 3,
        "article": 2,
        "clause": 3,
        "point": 1,
    }
    assert [n.ref for n in parsed.provisions] == ["p1", "p2"]
    assert (nodes["p1"].label, nodes["p1"].title) == ("PHẦN I", "NHỮNG QUY ĐỊNH CHUNG")
    assert (nodes["p2"].label, nodes["p2"].title) == ("Phần II", "TỔ CHỨC THỰC HIỆN")
    assert [c.ref for c in nodes["p1"].children] == ["p1-c1", "p1-c2"]
    assert nodes["p1-c2"].title == "NGUYÊN TẮC"
    # A part whose sections are "I." headings with "1-" clauses and no Điều.
    assert nodes["p2-c1"].label == "I."
    assert nodes["p2-c1-k1"].text == "Các bên triển khai thực hiện."
    assert nodes["p2-c1-k1-a"].text == "Hằng năm tổ chức sơ kết."


def test_markdown_marks_and_hard_breaks_are_removed():
    paragraphs = read_text("**T/M BAN THƯỜNG VỤ  \nBÍ THƯ**\n\n*(Kèm theo)*\n")
    assert [p.text for p in paragraphs] == ["T/M BAN THƯỜNG VỤ\nBÍ THƯ", "(Kèm theo)"]
    assert paragraphs[0].bold


def test_docx_gives_the_same_tree_as_the_text():
    document = docx.Document()
    for paragraph in read_text(WARD_SOURCE.read_text(encoding="utf-8")):
        if paragraph.heading:
            document.add_heading(paragraph.text, level=3)
        else:
            par = document.add_paragraph()
            par.add_run(paragraph.text).bold = paragraph.bold
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    from_docx = parse_docx(buffer)
    assert tree(from_docx) == tree(parse_file(WARD_SOURCE))
    assert from_docx.decision_number == "-QĐ/ĐU"


def test_docx_with_word_automatic_numbering_is_refused():
    document = docx.Document()
    document.add_paragraph("Chương I QUY ĐỊNH CHUNG")
    document.add_paragraph("Phạm vi điều chỉnh", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    with pytest.raises(RegulationParseError, match="^Đoạn 2: dùng đánh số tự động"):
        parse_docx(buffer)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("QUY CHẾ\n\nMục đích\n\n1. Khoản không thuộc điều nào.\n", 5, "khoản “1.”"),
        ("Lời nói đầu không thuộc chương nào.\n\nĐiều 1. A\n", 1, "đứng trước"),
        ("Điều 1. A\n\na) Điểm.\n\nĐiều 1. B\n", 5, "Điều 1 bị trùng"),
        ("Chương I\n\nĐiều 1. A\n\n1. x.\n\n1. y.\n", 7, "khoản 1. bị trùng"),
        ("\n\n## QUYẾT ĐỊNH\n\nban hành Quy chế\n\nĐiều 1. A\n", 3, "QUY CHẾ"),
        ("QUY CHẾ\n\nkhông có chương, điều nào\n", 3, "không tìm thấy"),
    ],
)
def test_malformed_text_names_the_line(text, line, message):
    with pytest.raises(RegulationParseError) as error:
        parse_text(text)
    assert str(error.value).startswith(f"Dòng {line}:"), str(error.value)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # Articles run on across chapters: Điều 3 cannot follow Điều 1.
        ("Chương I\n\nĐiều 1. A\n\nChương II\n\nĐiều 3. B\n", 7, "“Điều 3” không đúng"),
        ("Điều 2. A\n", 1, "“Điều 2” không đúng"),
        # Clauses 1, 2, 3 within an article.
        ("Điều 1. A\n\n1. x.\n\n3. y.\n", 5, "“3.” không đúng thứ tự"),
        ("Điều 1. A\n\n1. x.\n\nĐiều 2. B\n\n2. y.\n", 7, "“2.” không đúng"),
        # Chapters I, II, III; parts I, II.
        ("Chương I\n\nĐiều 1. A\n\nChương III\n\nĐiều 2. B\n", 5, "“Chương III”"),
        ("Phần II\n\nChương I\n\nĐiều 1. A\n", 1, "“Phần II”"),
        # Lettered points a b c d đ e (f) g h …
        ("Điều 1. A\n\n1. x:\n\na) m;\n\nc) n.\n", 7, "điểm “c)” không đúng"),
        ("Điều 1. A\n\n1. x:\n\nb) m.\n", 5, "phải là a)"),
        ("Điều 1. A\n\n1. x:\n\na) m;\n\nb) m;\n\nc) m;\n\nd) m;\n\ne) m.\n", 13, "đ)"),
        ("Điều 1. A\n\n1. x:\n\na) m;\n\nf) n.\n", 7, "điểm “f)”"),
        # Markers the text does not use, instead of being glued to the point before.
        ("Điều 1. A\n\n1. x:\n\n1) m;\n\n2) n.\n", 5, "số hiệu không dùng"),
        ("Điều 1. A\n\n1. x:\n\na. m;\n", 5, "số hiệu không dùng"),
        ("Điều 1. A\n\n1. x.\n\nii- phần sau của điều.\n", 5, "số hiệu không dùng"),
        ("Điều 1. A\n\n1. x.\n\nII. phần sau của điều.\n", 5, "số hiệu không dùng"),
        # A text cut short: its last paragraph has no closing punctuation.
        ("Điều 1. A\n\n1. x.\n\n2. Các bên có trách nhiệm\n", 5, "cắt cụt"),
        ("Điều 1. A\n\n1. x:\n\na) m;\n\nb) Báo cáo kịp thời\n", 7, "cắt cụt"),
    ],
)
def test_numbering_out_of_order_or_unknown_names_the_line(text, line, message):
    with pytest.raises(RegulationParseError) as error:
        parse_text(text)
    assert str(error.value).startswith(f"Dòng {line}:"), str(error.value)
    assert message in str(error.value), str(error.value)


def test_decision_articles_must_run_in_order():
    text = (
        "QUYẾT ĐỊNH\n\nban hành Quy chế\n\nBAN THƯỜNG VỤ QUYẾT ĐỊNH\n\n"
        "Điều 1. Ban hành.\n\nĐiều 3. Thi hành.\n\nQUY CHẾ\n\nĐiều 1. A\n"
    )
    with pytest.raises(RegulationParseError, match="^Dòng 9: “Điều 3” của Quyết"):
        parse_text(text)


def test_ward_letters_accept_f_between_e_and_g():
    nodes = tree(parse_file(WARD_SOURCE))
    assert [nodes[f"d7-k1-{k}"][1] for k in ("e", "f", "g")] == ["e)", "f)", "g)"]
    text = "Điều 1. A\n\n1. x:\n\na) m;\n\nb) m;\n\nc) m;\n\nd) m;\n\nđ) m;\n\ne) m;\n\ng) n.\n"
    assert [c.label for c in parse_text(text).provisions[0].children[0].children][
        -2:
    ] == ["e)", "g)"]


def test_lower_case_roman_heading_is_a_chapter():
    text = (
        "**i- QUY ĐỊNH CHUNG**\n\nĐiều 1. A\n\n**ii- TỔ CHỨC THỰC HIỆN**\n\nĐiều 2. B\n"
    )
    nodes = tree(parse_text(text))
    assert nodes["c1"] == ("chapter", "i-", "QUY ĐỊNH CHUNG", "")
    assert nodes["c2"][1] == "ii-"
    assert "d2" in nodes


def test_chapters_may_start_again_in_each_part():
    nodes = tree(parse_text(PART_TEXT))
    assert "p2-c1" in nodes


def test_bullets_after_a_point_ending_with_colon_nest_under_it():
    text = (
        "Điều 1. A\n\n1. Trách nhiệm:\n\na) Trao đổi các nội dung:\n\n"
        "- Tình hình an ninh;\n\n- Tình hình trật tự.\n\nb) Báo cáo.\n\n"
        "2. Khác:\n\n- Bullet của khoản.\n"
    )
    nodes = tree(parse_text(text))
    assert nodes["d1-k1-a-g1"][1:] == ("-", "", "Tình hình an ninh;")
    assert nodes["d1-k1-a-g2"][3] == "Tình hình trật tự."
    assert nodes["d1-k1-b"][3] == "Báo cáo."
    assert nodes["d1-k2-g1"][3] == "Bullet của khoản."
    # The shipped texts have no such bullets: their trees keep their shape.
    province = tree(parse_file(PROVINCE_SOURCE))
    assert "d4-k1-g1" in province


def test_docx_letterhead_and_signature_in_tables_are_read():
    document = docx.Document()
    letterhead = document.add_table(rows=1, cols=2)
    left, right = letterhead.rows[0].cells
    left.text = "TỈNH ỦY HẢI DƯƠNG"
    left.add_paragraph("Số 810-QĐ/TU")
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Hải Dương, ngày 20 tháng 6 năm 2023")
    document.add_paragraph("QUYẾT ĐỊNH")
    document.add_paragraph("ban hành Quy chế phối hợp")
    document.add_paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    document.add_paragraph("BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH")
    document.add_paragraph("Điều 1. Ban hành kèm theo Quyết định này Quy chế.")
    document.add_paragraph("Điều 2. Quyết định có hiệu lực kể từ ngày ký.")
    signature = document.add_table(rows=1, cols=2)
    left, right = signature.rows[0].cells
    left.text = "Nơi nhận:"
    left.add_paragraph("- Đảng ủy Công an tỉnh,")
    left.add_paragraph("- Lưu Văn phòng Tỉnh ủy.")
    right.text = "T/M BAN THƯỜNG VỤ"
    right.add_paragraph("PHÓ BÍ THƯ THƯỜNG TRỰC")
    right.add_paragraph("Lê Quốc Chính")
    document.add_paragraph("QUY CHẾ")
    document.add_paragraph("phối hợp giữa Đảng ủy Công an tỉnh với các huyện ủy")
    document.add_paragraph("Điều 1. Phạm vi")
    document.add_paragraph("1. Quy chế này quy định việc phối hợp.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    parsed = parse_docx(buffer)
    assert parsed.decision_number == "810-QĐ/TU"
    assert parsed.decision_date == datetime.date(2023, 6, 20)
    assert parsed.decision_recipients == [
        "Đảng ủy Công an tỉnh,",
        "Lưu Văn phòng Tỉnh ủy.",
    ]
    assert parsed.signer == "Lê Quốc Chính"
    assert parsed.signer_title == "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"
    assert [a["label"] for a in parsed.decision_articles] == ["Điều 1", "Điều 2"]
    assert parsed.counts()["clause"] == 1
