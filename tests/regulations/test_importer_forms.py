"""The importer reads a party document in each of its usual forms (issue 17):
a decision with its attached regulation, a regulation issued directly under its
own letterhead, a body alone, with closing blocks after the decision or at the
end. The texts in texts/ are short and written for these tests."""

import datetime
import io
import json
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from regulations.importer import RegulationParseError, parse_docx, parse_text
from regulations.models import Regulation

TEXTS = Path(__file__).resolve().parent / "texts"
DIRECT = TEXTS / "quy-dinh-truc-tiep.txt"
DECISION = TEXTS / "quyet-dinh-kem-quy-che.md"
GUIDE = TEXTS / "huong-dan-phan-chuong.txt"
BODY = TEXTS / "than-van-ban.txt"
COLUMNS = TEXTS / "quy-dinh-hai-cot.txt"


def dry_run(path: Path, capsys) -> dict:
    call_command("import_regulation", str(path), "--dry-run", "--format", "json")
    return json.loads(capsys.readouterr().out)


def shape(nodes) -> list:
    """(ref, label, title) of every node, children nested."""
    return [(n["ref"], n["label"], n["title"], shape(n["children"])) for n in nodes]


def test_a_quy_dinh_issued_directly_under_its_letterhead(capsys):
    printed = dry_run(DIRECT, capsys)
    head = printed["regulation"]
    assert printed["document"] == {
        "document_type": "QUY ĐỊNH",
        "letterhead_body": "ĐẢNG BỘ PHƯỜNG TÂN AN\nĐẢNG ỦY PHƯỜNG",
    }
    assert head["title"] == (
        "Quy định về chế độ thông tin, báo cáo giữa Đảng ủy Công an phường với "
        "các chi bộ khu dân cư"
    )
    assert head["decision_title"].startswith("về chế độ thông tin, báo cáo")
    assert head["decision_number"] == "07-QĐ/ĐU"
    assert head["decision_date"] == "2027-03-14"
    assert head["issuing_body"] == "Ban Thường vụ Đảng ủy phường"
    assert head["decision_preamble"] == [
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ phường nhiệm kỳ 2025 - 2030;",
        "Xét đề nghị của Đảng ủy Công an phường,",
    ]
    assert head["decision_articles"] == [] and head["attached_date"] is None
    # The closing blocks at the end: signature, then recipients.
    assert (head["signer"], head["signer_title"]) == (
        "Trần Thị Bình",
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ",
    )
    assert head["decision_recipients"][-1] == "Lưu Văn phòng Đảng ủy."
    assert shape(printed["provisions"]) == [
        (
            "c1",
            "Chương I",
            "QUY ĐỊNH CHUNG",
            [
                (
                    "d1",
                    "Điều 1",
                    "Phạm vi áp dụng",
                    [("d1-k1", "1.", "", []), ("d1-k2", "2.", "", [])],
                )
            ],
        ),
        (
            "c2",
            "Chương II",
            "NỘI DUNG THÔNG TIN, BÁO CÁO",
            [
                (
                    "d2",
                    "Điều 2",
                    "Báo cáo định kỳ",
                    [
                        (
                            "d2-k1",
                            "1.",
                            "",
                            [("d2-k1-a", "a)", "", []), ("d2-k1-b", "b)", "", [])],
                        ),
                        ("d2-k2", "2.", "", []),
                    ],
                ),
                ("d3", "Điều 3", "Báo cáo đột xuất", []),
            ],
        ),
    ]
    # The last article ends before the signature, not with it.
    assert printed["provisions"][1]["children"][1]["text"].endswith("trong 24 giờ.")


def test_a_decision_with_columns_and_an_attached_regulation_with_its_letterhead(
    capsys,
):
    printed = dry_run(DECISION, capsys)
    head = printed["regulation"]
    assert printed["document"] == {
        "document_type": "QUYẾT ĐỊNH",
        "letterhead_body": "TỈNH ỦY BÌNH MINH",
    }
    assert head["decision_number"] == "21-QĐ/TU"
    assert head["decision_date"] == head["attached_date"] == "2027-01-05"
    assert head["issuing_body"] == "BAN THƯỜNG VỤ TỈNH ỦY"
    assert head["decision_title"].startswith("ban hành Quy chế phối hợp")
    assert len(head["decision_preamble"]) == 2
    assert [a["label"] for a in head["decision_articles"]] == [
        "Điều 1",
        "Điều 2",
        "Điều 3",
    ]
    # Recipients and signature written side by side, one row per line.
    assert head["decision_recipients"] == ["Như Điều 3,", "Lưu Văn phòng Tỉnh ủy."]
    assert head["signer"] == "Lê Văn Cường"
    assert (
        head["signer_title"] == "T/M BAN THƯỜNG VỤ\nK/T BÍ THƯ\nPHÓ BÍ THƯ THƯỜNG TRỰC"
    )
    assert head["title"] == (
        "Quy chế phối hợp giữa Đảng ủy Công an tỉnh với các huyện ủy trong công "
        "tác bảo vệ bí mật nhà nước"
    )
    chapters = printed["provisions"]
    assert [(c["label"], c["title"]) for c in chapters] == [
        ("CHƯƠNG I", "NHỮNG QUY ĐỊNH CHUNG"),
        ("CHƯƠNG II", "TRÁCH NHIỆM CỦA CÁC BÊN"),
    ]
    last = chapters[1]["children"][1]["children"][1]
    assert last["text"].endswith("trước ngày 15 tháng 12 hằng năm.")


def test_a_guide_with_parts_above_chapters_and_blank_number_and_date(capsys):
    printed = dry_run(GUIDE, capsys)
    head = printed["regulation"]
    assert printed["document"]["document_type"] == "HƯỚNG DẪN"
    assert head["title"] == (
        "Hướng dẫn thực hiện Quy chế phối hợp trong công tác bảo đảm an ninh, trật tự"
    )
    assert head["decision_number"] == "-HD/TU"
    assert head["decision_date"] is None
    assert head["decision_date_text"] == "Bình Minh, ngày tháng năm 2027"
    assert head["issuing_body"] == "Ban Thường vụ Tỉnh ủy"
    assert head["signer_title"] == "TL BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG"
    assert [
        (
            p["ref"],
            p["label"],
            p["title"],
            [(c["ref"], c["label"]) for c in p["children"]],
        )
        for p in printed["provisions"]
    ] == [
        ("p1", "Phần I", "NHỮNG VẤN ĐỀ CHUNG", [("p1-c1", "I-")]),
        ("p2", "Phần II", "NỘI DUNG CỤ THỂ", [("p2-c1", "I."), ("p2-c2", "II.")]),
    ]


def test_a_body_alone_with_recipients_and_signature_at_the_end(capsys):
    printed = dry_run(BODY, capsys)
    head = printed["regulation"]
    assert printed["document"] == {"document_type": "", "letterhead_body": ""}
    assert head["title"] == "" and head["decision_number"] == ""
    assert head["decision_recipients"] == ["Các chi bộ trực thuộc,", "Lưu."]
    assert (head["signer"], head["signer_title"]) == (
        "Hoàng Văn Em",
        "T/M ĐẢNG ỦY\nBÍ THƯ",
    )
    assert [c["title"] for c in printed["provisions"]] == ["PHẠM VI", "TRÁCH NHIỆM"]


def test_letterhead_and_closing_pasted_as_two_columns_of_plain_text(capsys):
    printed = dry_run(COLUMNS, capsys)
    head = printed["regulation"]
    assert printed["document"] == {
        "document_type": "QUY ĐỊNH",
        "letterhead_body": "BAN CHẤP HÀNH TRUNG ƯƠNG",
    }
    assert (head["decision_number"], head["decision_date"]) == (
        "41-QĐ/TW",
        "2027-01-09",
    )
    assert head["issuing_body"] == "Ban Bí thư"
    assert (head["signer"], head["signer_title"]) == (
        "Nguyễn Văn Tâm",
        "T/M BAN BÍ THƯ",
    )
    assert head["decision_recipients"] == [
        "Các tỉnh ủy, thành ủy,",
        "Lưu Văn phòng Trung ương Đảng.",
    ]
    article = printed["provisions"][0]["children"][0]
    assert article["text"] == "Quy định này áp dụng đối với các cấp ủy."


LETTERHEAD = "{first}\n\n{second}\n\nQUY ĐỊNH\n\nvề sinh hoạt chi bộ\n\nĐiều 1. Chung\n\n1. Chi bộ sinh hoạt mỗi tháng một lần.\n"


@pytest.mark.parametrize(
    ("number_line", "number"),
    [
        ("Số 12-QĐ/ĐU", "12-QĐ/ĐU"),
        ("Số: 12-QĐ/ĐU", "12-QĐ/ĐU"),
        ("Số12-QĐ/ĐU", "12-QĐ/ĐU"),
        ("12-QĐ/ĐU", "12-QĐ/ĐU"),
        ("Số      -QĐ/ĐU", "-QĐ/ĐU"),
        ("Số …-QĐ/ĐUCA", "-QĐ/ĐUCA"),
        ("-QĐ/ĐU", "-QĐ/ĐU"),
    ],
)
def test_number_and_symbol_in_any_spelling(number_line, number):
    text = LETTERHEAD.format(first=number_line, second="ĐẢNG ỦY PHƯỜNG AN HÒA")
    parsed = parse_text(text)
    assert parsed.decision_number == number
    assert parsed.letterhead_body == "ĐẢNG ỦY PHƯỜNG AN HÒA"


@pytest.mark.parametrize(
    ("date_line", "date"),
    [
        ("An Hòa, ngày 05 tháng 01 năm 2027", datetime.date(2027, 1, 5)),
        ("An Hòa, ngày 5 tháng 1 năm 2027", datetime.date(2027, 1, 5)),
        ("An Hòa, ngày    tháng 5 năm 2026", None),
        ("An Hòa, ngày … tháng … năm 2027", None),
        ("*An Hòa, ngày 30 tháng 4 năm 2027*", datetime.date(2027, 4, 30)),
    ],
)
def test_place_and_date_with_blank_day_or_month(date_line, date):
    parsed = parse_text(
        LETTERHEAD.format(first="ĐẢNG CỘNG SẢN VIỆT NAM", second=date_line)
    )
    assert parsed.decision_date == date
    assert parsed.decision_date_text == " ".join(date_line.strip("*").split())
    assert parsed.document_type == "QUY ĐỊNH"


@pytest.mark.parametrize("rule", ["*", "-----", "* * *", "___", "***"])
def test_separator_lines_are_not_text(rule):
    text = f"ĐẢNG ỦY XÃ\n{rule}\nSố 3-QĐ/ĐU\n{rule}\nQUY CHẾ\n{rule}\nĐiều 1. A\n\n1. Một khoản.\n"
    parsed = parse_text(text)
    assert parsed.decision_number == "3-QĐ/ĐU"
    assert parsed.title == "Quy chế"
    assert parsed.counts()["clause"] == 1


@pytest.mark.parametrize(
    ("type_line", "enacting", "body"),
    [
        (
            "KẾT LUẬN",
            "Ban Thường vụ Tỉnh ủy kết luận như sau:",
            "Ban Thường vụ Tỉnh ủy",
        ),
        ("QUY CHẾ", "BAN THƯỜNG VỤ ĐẢNG ỦY QUY ĐỊNH:", "BAN THƯỜNG VỤ ĐẢNG ỦY"),
        (
            "QUY ĐỊNH",
            "Căn cứ Quy định số 399-QĐ/TW, Ban Bí thư quy định như sau:",
            "Ban Bí thư",
        ),
    ],
)
def test_document_types_and_enacting_lines(type_line, enacting, body):
    text = f"{type_line}\n\nvề công tác phối hợp\n\n{enacting}\n\nI- CHUNG\n\n1- Các bên phối hợp chặt chẽ.\n"
    parsed = parse_text(text)
    assert parsed.document_type == type_line
    assert parsed.issuing_body == body
    assert parsed.decision_title == "về công tác phối hợp"
    assert (
        parsed.title == f"{type_line[:1]}{type_line[1:].lower()} về công tác phối hợp"
    )


def test_subject_over_several_lines_and_bases_split_by_a_page_break():
    text = (
        "QUY ĐỊNH\n\nvề việc phối hợp giữa Đảng ủy Công an xã\n\nvới các chi bộ thôn\n\n"
        "- Căn cứ Quy định số 24-QĐ/TW của Ban Chấp hành Trung ương về thi hành\n\n"
        "Điều lệ Đảng;\n\n- Xét đề nghị của Đảng ủy Công an xã,\n\n"
        "Ban Thường vụ Đảng ủy xã quy định:\n\nĐiều 1. Chung\n\nCác bên phối hợp.\n"
    )
    parsed = parse_text(text)
    assert parsed.decision_title == (
        "về việc phối hợp giữa Đảng ủy Công an xã với các chi bộ thôn"
    )
    assert parsed.decision_preamble == [
        "Căn cứ Quy định số 24-QĐ/TW của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng;",
        "Xét đề nghị của Đảng ủy Công an xã,",
    ]
    assert parsed.counts()["article"] == 1


def test_a_docx_quy_dinh_with_letterhead_and_closing_tables():
    document = docx.Document()
    letterhead = document.add_table(rows=1, cols=2)
    left, right = letterhead.rows[0].cells
    left.text = "ĐẢNG BỘ TỈNH BÌNH MINH"
    left.add_paragraph("ĐẢNG ỦY CÔNG AN TỈNH")
    left.add_paragraph("*")
    left.add_paragraph("Số 04-QĐ/ĐUCA")
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Bình Minh, ngày 02 tháng 02 năm 2027")
    for line in (
        "QUY ĐỊNH",
        "về trực ban trong dịp Tết",
        "- Căn cứ Điều lệ Đảng;",
        "Ban Thường vụ Đảng ủy Công an tỉnh quy định như sau:",
        "Điều 1. Lịch trực",
        "1. Mỗi chi bộ cử một đồng chí trực.",
        "Điều 2. Báo cáo",
        "Kết thúc ca trực, báo cáo Văn phòng.",
    ):
        document.add_paragraph(line)
    closing = document.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    left.text = "Nơi nhận:"
    left.add_paragraph("- Các chi bộ,")
    left.add_paragraph("- Lưu.")
    right.text = "K/T BÍ THƯ"
    right.add_paragraph("PHÓ BÍ THƯ")
    right.add_paragraph("Đỗ Văn Giang")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    parsed = parse_docx(buffer)
    assert parsed.letterhead_body == "ĐẢNG BỘ TỈNH BÌNH MINH\nĐẢNG ỦY CÔNG AN TỈNH"
    assert parsed.issuing_body == "Ban Thường vụ Đảng ủy Công an tỉnh"
    assert (parsed.decision_number, parsed.decision_date) == (
        "04-QĐ/ĐUCA",
        datetime.date(2027, 2, 2),
    )
    assert parsed.document_type == "QUY ĐỊNH"
    assert parsed.title == "Quy định về trực ban trong dịp Tết"
    assert parsed.decision_recipients == ["Các chi bộ,", "Lưu."]
    assert (parsed.signer, parsed.signer_title) == (
        "Đỗ Văn Giang",
        "K/T BÍ THƯ\nPHÓ BÍ THƯ",
    )
    assert parsed.counts() == {
        "part": 0,
        "chapter": 0,
        "article": 2,
        "clause": 1,
        "point": 0,
    }


HEAD = "ĐẢNG ỦY PHƯỜNG\n\nSố 1-QĐ/ĐU\n\nQUY ĐỊNH\n\nvề phối hợp\n\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("Điều 1. A\n\n1. x.\n\n3. y.\n", 13, "“3.” không đúng thứ tự"),
        ("Chương I\n\nĐiều 2. A\n", 11, "“Điều 2” không đúng"),
        ("Điều 1. A\n\n1. x:\n\n1) m;\n", 13, "số hiệu không dùng"),
        ("1. Khoản đứng ngoài.\n\nĐiều 1. A\n", 9, "nằm ngoài mọi Chương, Điều"),
        (
            "Điều 1. A\n\n1. Các bên có trách nhiệm\n\nT/M BAN THƯỜNG VỤ\n\nAn\n",
            11,
            "cắt cụt",
        ),
        (
            "Điều 1. A\n\n1. x.\n\nNơi nhận:\n\n- Lưu.\n\nĐây là một đoạn văn dài không thuộc chữ ký cũng không thuộc nơi nhận nào cả.\n",
            17,
            "sau chữ ký",
        ),
    ],
)
def test_what_is_refused_is_refused_after_a_letterhead_too(body, line, message):
    with pytest.raises(RegulationParseError) as error:
        parse_text(HEAD + body)
    assert str(error.value).startswith(f"Dòng {line}:"), str(error.value)
    assert message in str(error.value), str(error.value)


def test_an_unknown_line_above_the_document_type_names_the_line():
    with pytest.raises(RegulationParseError, match="^Dòng 3: không xác định được"):
        parse_text(
            "ĐẢNG ỦY PHƯỜNG\n\nLời giới thiệu của văn bản.\n\nQUY ĐỊNH\n\nĐiều 1. A\n"
        )


def test_saving_keeps_the_first_page(client, ward, capsys):
    call_command(
        "import_regulation",
        str(DIRECT),
        "--code",
        "qd-thong-tin",
        "--user",
        ward.admin.username,
    )
    regulation = Regulation.objects.get(code="qd-thong-tin")
    assert regulation.document_type == "QUY ĐỊNH"
    assert regulation.letterhead_body == "ĐẢNG BỘ PHƯỜNG TÂN AN\nĐẢNG ỦY PHƯỜNG"
    assert regulation.decision_number == "07-QĐ/ĐU"
    assert len(regulation.decision_preamble) == 3
    client.force_login(ward.admin)
    html = client.get(regulation.get_absolute_url()).content.decode()
    assert "Quy định số 07-QĐ/ĐU, ngày 14/03/2027" in html
    assert (
        "Phần đầu văn bản" in html and "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;" in html
    )
    printed = client.get(
        reverse("regulations:regulation-print", args=[regulation.code, 1])
    ).content.decode()
    assert "Kèm theo Quyết định" not in printed


def test_preview_shows_the_first_page(client, ward):
    client.force_login(ward.admin)
    upload = io.BytesIO(DIRECT.read_bytes())
    upload.name = "quy-dinh.txt"
    response = client.post(
        reverse("regulations:upload"),
        {"file": upload, "code": "qd-moi", "level": "ward", "title": ""},
    )
    html = response.content.decode()
    assert "Quy định số 07-QĐ/ĐU, ngày 14/03/2027" in html
    assert "ĐẢNG BỘ PHƯỜNG TÂN AN<br>ĐẢNG ỦY PHƯỜNG" in html
    assert "Xét đề nghị của Đảng ủy Công an phường," in html
    assert "Quyết định số" not in html


MARKDOWN_TABLES = """\
| ĐẢNG BỘ TỈNH BÌNH MINH<br>ĐẢNG ỦY CÔNG AN TỈNH<br>\\*<br>Số 11-QĐ/ĐUCA | **ĐẢNG CỘNG SẢN VIỆT NAM**<br>*Bình Minh, ngày 09 tháng 9 năm 2027* |
|---|---|

**QUY CHẾ**

**làm việc của Ban Thường vụ Đảng ủy Công an tỉnh**

### Điều 1. Nguyên tắc

1. Tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.

| Nơi nhận:<br>- Các chi bộ,<br>- Lưu. | T/M BAN THƯỜNG VỤ<br>BÍ THƯ<br><br>**Vũ Thị Lan** |
|:---|:---:|
"""


def test_markdown_tables_of_a_converted_word_file_are_read_cell_by_cell():
    parsed = parse_text(MARKDOWN_TABLES)
    assert parsed.letterhead_body == "ĐẢNG BỘ TỈNH BÌNH MINH\nĐẢNG ỦY CÔNG AN TỈNH"
    assert parsed.decision_number == "11-QĐ/ĐUCA"
    assert parsed.decision_date == datetime.date(2027, 9, 9)
    assert parsed.title == "Quy chế làm việc của Ban Thường vụ Đảng ủy Công an tỉnh"
    assert parsed.decision_recipients == ["Các chi bộ,", "Lưu."]
    assert (parsed.signer, parsed.signer_title) == (
        "Vũ Thị Lan",
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ",
    )
    assert parsed.counts()["clause"] == 1


def test_an_issuing_body_typed_without_capitals_is_still_the_issuing_body():
    parsed = parse_text(
        "Đảng ủy xã An Phú\n\nSố 2-QĐ/ĐU\n\nQUY ĐỊNH\n\nvề trực\n\nĐiều 1. A\n\n1. Trực đêm.\n"
    )
    assert parsed.letterhead_body == "Đảng ủy xã An Phú"
    assert parsed.issuing_body == "Đảng ủy xã An Phú"


def test_an_enacting_line_on_two_lines():
    parsed = parse_text(
        "QUY ĐỊNH\n\nvề trực\n\n- Căn cứ Điều lệ Đảng;\n\nBAN THƯỜNG VỤ ĐẢNG ỦY XÃ\n\n"
        "QUY ĐỊNH:\n\nĐiều 1. A\n\n1. Trực đêm.\n"
    )
    assert parsed.issuing_body == "BAN THƯỜNG VỤ ĐẢNG ỦY XÃ"
    assert parsed.decision_preamble == ["Căn cứ Điều lệ Đảng;"]
