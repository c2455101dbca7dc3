"""The browser as a cell secretary sees it, and the changes only administrators
(upload, edit, new version) or the standing committee (approve) may make."""

import io

import pytest
from django.urls import reverse

from coordination.models import Organization
from regulations import services
from regulations.models import Regulation, Responsibility

from ..factories import make_org
from .conftest import PROVINCE_SOURCE, WARD_CODE, WARD_SOURCE

V1 = {"code": WARD_CODE, "version": 1}


def page(client, name, **kwargs):
    response = client.get(reverse(f"regulations:{name}", kwargs=kwargs or None))
    assert response.status_code == 200, name
    return response.content.decode()


@pytest.fixture
def secretary(client, ward, loaded):
    client.force_login(ward.secretary_a)
    return client


def test_list_shows_both_regulations_in_force(secretary):
    html = page(secretary, "regulation-list")
    assert "Quy chế phối hợp giữa Đảng ủy Công an phường" in html
    assert "810-QĐ/TU" in html
    assert html.count("Đang có hiệu lực") == 2


def test_table_of_contents_links_every_article(secretary, loaded):
    html = page(secretary, "regulation-detail", **V1)
    for number in range(1, 13):
        url = loaded.provisions.get(ref=f"d{number}").get_absolute_url()
        assert f'href="{url}"' in html
    assert "Chương II — NỘI DUNG, TRÁCH NHIỆM, PHƯƠNG PHÁP PHỐI HỢP" in html
    assert "Phạm Công Quân" in html  # the issuing decision, kept apart
    assert "Phê duyệt" not in html and "Tạo phiên bản mới" not in html


def test_article_page_marks_each_duty_by_side_and_mode(secretary):
    html = page(secretary, "provision", ref="d6", **V1)
    assert (
        "Trách nhiệm phối hợp trong công tác xây dựng lực lượng Công an phường" in html
    )
    assert html.count('class="duty duty--lead"') == 3
    assert html.count('class="duty duty--coordinate"') == 5
    assert '<span class="duty__mode">Chủ trì</span>' in html
    assert '<span class="duty__mode">Phối hợp</span>' in html
    assert "Các chi, đảng bộ trực thuộc Đảng ủy phường" in html


def test_permanent_link_of_a_point_shows_where_it_sits(secretary, loaded):
    point = loaded.provisions.get(ref="d5-k1-dd")
    assert point.get_absolute_url() == "/quy-che/qc-phuong-hai-duong/v1/d/d5-k1-dd/"
    html = page(secretary, "provision", ref="d5-k1-dd", **V1)
    assert "đ)" in html and "Lãnh đạo, chỉ đạo Công an phường triển khai" in html
    assert "Điều 5. Trách nhiệm phối hợp" in html  # breadcrumb
    assert "<strong>điểm đ khoản 1 Điều 5</strong> của Quy chế phối hợp" in html


def test_unknown_provision_is_404(secretary):
    url = reverse("regulations:provision", kwargs={**V1, "ref": "d99"})
    assert secretary.get(url).status_code == 404


def test_search_without_diacritics_finds_and_highlights(secretary):
    response = secretary.get(reverse("regulations:search"), {"q": "trat tu"})
    html = response.content.decode()
    assert "<mark>trật tự</mark>" in html
    assert "Trách nhiệm phối hợp trong công tác bảo đảm <mark>trật tự</mark>" in html
    assert response.context["page"].paginator.count > 10
    assert "Chương II › Điều 5 › 1. › a)" in html  # where each hit sits


def test_search_with_diacritics_and_dd(secretary):
    html = secretary.get(reverse("regulations:search"), {"q": "Đảng ủy"}).content
    assert "<mark>Đảng ủy</mark>".encode() in html
    html = secretary.get(reverse("regulations:search"), {"q": "dang uy"}).content
    assert "<mark>Đảng ủy</mark>".encode() in html


def test_filters_by_side_area_mode_cadence(secretary, loaded):
    response = secretary.get(
        reverse("regulations:search"),
        {
            "regulation": loaded.pk,
            "side": "cells",
            "area": "ttatxh",
            "mode": "lead",
            "cadence": "at_once",
        },
    )
    refs = [p.ref for p in response.context["page"]]
    assert refs == ["d5-k2-c"]


def test_bad_filter_value_shows_the_error(secretary):
    response = secretary.get(reverse("regulations:search"), {"mode": "boss"})
    html = response.content.decode()
    assert "error-summary" in html
    assert response.context["page"] is None


def test_matrix_cells_link_to_their_provisions(secretary, loaded):
    response = secretary.get(reverse("regulations:matrix", kwargs=V1))
    html = response.content.decode()
    assert "Bảo đảm trật tự, an toàn xã hội" in html
    assert (
        f"?regulation={loaded.pk}&amp;side=police&amp;mode=lead&amp;area=ttatxh" in html
    )
    for row in response.context["rows"]:
        for cell in row.cells:
            for mode, count in (("lead", cell.lead), ("coordinate", cell.coordinate)):
                params = {
                    "regulation": loaded.pk,
                    "side": cell.side.role,
                    "mode": mode,
                    "area": row.area.code if row.area else "none",
                }
                assert f"&amp;area={params['area']}" in html
                found = secretary.get(reverse("regulations:search"), params)
                assert found.context["page"].paginator.count == count, params


def test_print_page_has_the_whole_text(secretary):
    html = page(secretary, "regulation-print", **V1)
    assert "Định kỳ 06 tháng, hằng năm hoặc đột xuất" in html
    assert "data-print" in html


def test_diff_view_between_versions(secretary, ward, loaded):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    point = draft.provisions.get(ref="d11-k1")
    services.edit_provision(
        provision=point, by=ward.admin, label="1.", title="", text="Sáu tháng một lần."
    )
    html = page(secretary, "regulation-diff", code=WARD_CODE, old=1, new=2)
    assert "<ins>Sáu tháng một lần.</ins>" in html
    assert "reg-diff__entry--changed" in html


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("upload", "get"),
        ("upload", "post"),
        ("version-create", "post"),
        ("provision-edit", "get"),
        ("provision-edit", "post"),
    ],
)
@pytest.mark.parametrize("who", ["secretary_a", "standing_member", "officer"])
def test_non_admin_cannot_change_regulation_data(
    client, ward, loaded, name, method, who
):
    client.force_login(getattr(ward, who))
    kwargs = {} if name == "upload" else dict(V1)
    if name == "provision-edit":
        kwargs["ref"] = "d5"
    response = getattr(client, method)(reverse(f"regulations:{name}", kwargs=kwargs))
    assert response.status_code == 403
    assert Regulation.objects.count() == 2


@pytest.mark.parametrize("who", ["secretary_a", "admin", "officer"])
def test_only_standing_committee_approves(client, ward, loaded, who):
    Regulation.objects.update(organization=ward.root)
    loaded.refresh_from_db()
    draft = services.create_version(regulation=loaded, by=ward.admin)
    client.force_login(getattr(ward, who))
    url = reverse("regulations:approve", kwargs={"code": WARD_CODE, "version": 2})
    assert client.post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_standing_committee_approves_from_the_page(client, ward, loaded):
    Regulation.objects.update(organization=ward.root)
    loaded.refresh_from_db()
    services.create_version(regulation=loaded, by=ward.admin)
    client.force_login(ward.standing_member)
    html = page(client, "regulation-detail", code=WARD_CODE, version=2)
    assert "Phê duyệt, cho có hiệu lực" in html
    url = reverse("regulations:approve", kwargs={"code": WARD_CODE, "version": 2})
    response = client.post(url, follow=True)
    assert "Phiên bản 2 đã có hiệu lực" in response.content.decode()
    assert Regulation.objects.get(code=WARD_CODE, status="in_force").version == 2
    assert Regulation.objects.get(code=WARD_CODE, version=1).status == "superseded"


def test_admin_uploads_previews_then_saves_a_draft(client, ward, loaded):
    client.force_login(ward.admin)
    url = reverse("regulations:upload")
    upload = io.BytesIO(PROVINCE_SOURCE.read_bytes())
    upload.name = "quy-che-tinh.md"
    response = client.post(
        url, {"file": upload, "code": "qc-tinh-moi", "level": "province", "title": ""}
    )
    html = response.content.decode()
    assert "3 chương, 8 điều, 20 khoản, 25 điểm." in html
    assert "Trách nhiệm chủ trì" in html
    assert "Lê Quốc Chính" in html and "3 điều riêng" in html
    assert not Regulation.objects.filter(code="qc-tinh-moi").exists()  # preview only

    response = client.post(
        url, {"payload": response.context["confirm"]["payload"].value()}
    )
    regulation = Regulation.objects.get(code="qc-tinh-moi")
    assert response.status_code == 302
    assert response["Location"] == regulation.get_absolute_url()
    assert (regulation.version, regulation.status) == (1, "draft")
    assert regulation.decision_number == "810-QĐ/TU"
    assert regulation.provisions.filter(kind="point").count() == 25
    assert sorted(regulation.sides.values_list("role", flat=True)) == [
        "cells",
        "police",
        "supervisor",
    ]
    assert regulation.history.first().history_user == ward.admin


def test_upload_of_malformed_text_shows_the_line(client, ward, loaded):
    client.force_login(ward.admin)
    upload = io.BytesIO("Chương I\n\nĐiều 1. A\n\nĐiều 1. B\n".encode())
    upload.name = "hong.txt"
    response = client.post(
        reverse("regulations:upload"),
        {"file": upload, "code": "qc-hong", "level": "other"},
    )
    html = response.content.decode()
    assert "error-summary" in html
    assert "Dòng 5: Điều 1 bị trùng" in html
    assert not Regulation.objects.filter(code="qc-hong").exists()


def test_tampered_preview_is_refused(client, ward, loaded):
    client.force_login(ward.admin)
    response = client.post(
        reverse("regulations:upload"), {"payload": "forged"}, follow=True
    )
    assert "đã hết hạn hoặc không hợp lệ" in response.content.decode()
    assert Regulation.objects.count() == 2


def test_admin_edits_a_draft_not_a_version_in_force(client, ward, loaded):
    client.force_login(ward.admin)
    edit_v1 = reverse("regulations:provision-edit", kwargs={**V1, "ref": "d5-k1-a"})
    response = client.post(edit_v1, {"label": "a)", "title": "", "text": "Mới."})
    assert response.status_code == 302
    assert loaded.provisions.get(ref="d5-k1-a").text.startswith("Chủ trì")

    client.post(reverse("regulations:version-create", kwargs=V1))
    edit_v2 = reverse(
        "regulations:provision-edit",
        kwargs={"code": WARD_CODE, "version": 2, "ref": "d5-k1-a"},
    )
    response = client.post(edit_v2, {"label": "a)", "title": "", "text": ""})
    assert response.status_code == 200  # text is required: the form says so
    assert "error-summary" in response.content.decode()
    client.post(edit_v2, {"label": "a)", "title": "", "text": "Mới."})
    draft = Regulation.objects.get(code=WARD_CODE, version=2)
    assert draft.provisions.get(ref="d5-k1-a").text == "Mới."
    html = page(client, "regulation-detail", code=WARD_CODE, version=2)
    assert "a): Sửa nội dung điều khoản" in html  # who, when, what (no codes)
    assert ward.admin.get_full_name() in html


def test_docx_upload_is_read(client, ward, loaded):
    import docx

    document = docx.Document()
    for line in WARD_SOURCE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.replace("**", "").lstrip("# "))
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "phuong.docx"
    client.force_login(ward.admin)
    response = client.post(
        reverse("regulations:upload"),
        {"file": buffer, "code": "qc-docx", "level": "ward"},
    )
    assert "3 chương, 12 điều, 29 khoản, 53 điểm." in response.content.decode()


def test_standing_committee_of_another_ward_cannot_approve(client, ward, loaded):
    other = make_org("Đảng bộ phường Khác", kind=Organization.Kind.WARD_COMMITTEE)
    Regulation.objects.update(organization=other)
    loaded.refresh_from_db()
    services.create_version(regulation=loaded, by=ward.admin)
    client.force_login(ward.standing_member)
    html = page(client, "regulation-detail", code=WARD_CODE, version=2)
    assert "Phê duyệt, cho có hiệu lực" not in html
    url = reverse("regulations:approve", kwargs={"code": WARD_CODE, "version": 2})
    assert client.post(url).status_code == 403
    assert Regulation.objects.get(code=WARD_CODE, version=2).status == "draft"


def test_admin_cannot_change_duties_of_a_version_in_force(client, ward, loaded):
    client.force_login(ward.admin)
    duty = Responsibility.objects.filter(provision__regulation=loaded).first()
    url = reverse("admin:regulations_responsibility_change", args=[duty.pk])
    data = {
        "provision": duty.provision_id,
        "side": duty.side_id,
        "mode": "coordinate",
        "area": "",
        "cadence": "yearly",
    }
    assert client.post(url, data).status_code == 403
    duty.refresh_from_db()
    assert duty.mode != "coordinate" or duty.cadence != "yearly"
    delete = reverse("admin:regulations_responsibility_delete", args=[duty.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    count = Responsibility.objects.count()
    add = reverse("admin:regulations_responsibility_add")
    response = client.post(add, data)
    assert response.status_code == 200  # the form again, with the error
    assert "phiên bản đã ban hành" in response.content.decode()
    assert Responsibility.objects.count() == count
    # A draft's duties stay editable.
    draft = services.create_version(regulation=loaded, by=ward.admin)
    duty = Responsibility.objects.filter(provision__regulation=draft).first()
    url = reverse("admin:regulations_responsibility_change", args=[duty.pk])
    data.update(provision=duty.provision_id, side=duty.side_id)
    assert client.post(url, data).status_code == 302


def test_admin_keeps_an_issued_version_read_only(client, ward, loaded):
    client.force_login(ward.admin)
    url = reverse("admin:regulations_regulation_change", args=[loaded.pk])
    html = client.get(url).content.decode()
    assert 'name="code"' not in html
    assert 'name="decision_number"' not in html
    assert 'name="status"' not in html
    assert 'name="organization"' in html  # who owns it may still be set
    draft = services.create_version(regulation=loaded, by=ward.admin)
    url = reverse("admin:regulations_regulation_change", args=[draft.pk])
    html = client.get(url).content.decode()
    assert 'name="code"' in html and 'name="decision_number"' in html


def test_upload_preview_lists_duties_not_carried_over(client, ward, loaded):
    source = PROVINCE_SOURCE.read_text(encoding="utf-8")
    first = "- Tham mưu, đề xuất với Tỉnh ủy, Ban Thường vụ Tỉnh ủy quyết định"
    start = source.index(first)
    end = source.index("\n\n", start)
    rewritten = source[:start] + "- Một nhiệm vụ viết lại hoàn toàn." + source[end:]
    client.force_login(ward.admin)
    upload = io.BytesIO(rewritten.encode("utf-8"))
    upload.name = "quy-che-tinh.md"
    response = client.post(
        reverse("regulations:upload"),
        {"file": upload, "code": "qc-tinh-810-2023", "level": "province", "title": ""},
    )
    html = response.content.decode()
    assert "Trách nhiệm không được chuyển sang" in html
    assert "<code>d4-k1-g1</code>" in html
    assert "<code>d4-k1-g2</code>" not in html


def test_provision_admin_inline_shows_duties_of_an_issued_version_read_only(
    client, ward, loaded
):
    client.force_login(ward.admin)
    point = loaded.provisions.get(ref="d5-k1-a")
    url = reverse("admin:regulations_provision_change", args=[point.pk])
    html = client.get(url).content.decode()
    assert 'name="responsibilities-0-mode"' not in html
    draft = services.create_version(regulation=loaded, by=ward.admin)
    point = draft.provisions.get(ref="d5-k1-a")
    url = reverse("admin:regulations_provision_change", args=[point.pk])
    assert 'name="responsibilities-0-mode"' in client.get(url).content.decode()


def test_a_blank_decision_number_keeps_its_blank_space(secretary):
    """The ward decision's number is left blank ("-QĐ/ĐU"): printed as the
    party's documents print it, with the space to fill in, not "Số -QĐ/ĐU"."""
    blank = "\u00a0" * 6 + "-QĐ/ĐU"
    for name in ("regulation-list", "regulation-detail", "regulation-print"):
        html = page(secretary, name, **({} if name == "regulation-list" else V1))
        assert " -QĐ/ĐU" not in html.replace(blank, "")
        assert blank in html, name
    assert "Số 810-QĐ/TU" in page(secretary, "regulation-list")


def test_change_history_names_people_and_plain_words(secretary, ward, loaded):
    html = page(secretary, "regulation-detail", **V1)
    assert "load_regulations" not in html
    assert "Nạp từ tệp dữ liệu quy chế qc-phuong-hai-duong-2026.yaml" in html
    assert "Hệ thống (nạp dữ liệu quy chế)" in html
    # An old row written before the loader wrote Vietnamese reads the same.
    loaded.history.update(history_change_reason="load_regulations old.yaml")
    html = page(secretary, "regulation-detail", **V1)
    assert "load_regulations" not in html
    assert "Nạp từ tệp dữ liệu quy chế old.yaml" in html
