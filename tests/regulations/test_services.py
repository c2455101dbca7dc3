"""Versions, approval and edits: who may, what changes, what is recorded."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from coordination.models import Organization
from regulations import selectors, services
from regulations.importer import parse_text
from regulations.models import Provision, Regulation, Responsibility
from regulations.text import fold, highlight, search_key, word_diff

from ..factories import make_org, make_user
from .conftest import PROVINCE_CODE, PROVINCE_SOURCE, WARD_CODE


def test_fold_drops_diacritics_and_maps_dd_to_d():
    assert fold("Trật tự, AN TOÀN; Đảng ủy đ") == "trat tu, an toan; dang uy d"
    assert len(fold("Đảng ủy")) == len("Đảng ủy")
    assert search_key("Điều 5.", "Trật  tự\nxã hội") == "dieu 5. trat tu xa hoi"


def test_highlight_marks_hits_with_or_without_diacritics_and_escapes():
    assert highlight("bảo đảm trật tự, an toàn", "trat tu") == (
        "bảo đảm <mark>trật tự</mark>, an toàn"
    )
    assert highlight("Đảng <b>", "dang") == "<mark>Đảng</mark> &lt;b&gt;"
    assert highlight("x", "") == "x"


def test_word_diff_marks_changed_words():
    html = word_diff("báo cáo hằng năm", "báo cáo 6 tháng")
    assert html == "báo cáo <del>hằng năm</del> <ins>6 tháng</ins>"


def test_create_version_copies_text_and_duties_as_a_draft(loaded, ward):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    assert (draft.version, draft.status, draft.supersedes) == (2, "draft", loaded)
    assert services.tree_of(draft) == services.tree_of(loaded)
    assert list(draft.sides.values_list("code", flat=True)) == list(
        loaded.sides.values_list("code", flat=True)
    )


def test_a_new_version_keeps_the_joint_report_rule_not_the_effective_date(loaded, ward):
    import datetime

    loaded.joint_escalation_report = True
    loaded.effective_date = datetime.date(2026, 5, 11)
    loaded.save(update_fields=["joint_escalation_report", "effective_date"])
    draft = services.create_version(regulation=loaded, by=ward.admin)
    assert draft.joint_escalation_report is True
    assert draft.effective_date is None  # a new version takes effect on its own date


def test_only_administrators_create_or_edit_versions(loaded, ward):
    with pytest.raises(PermissionDenied):
        services.create_version(regulation=loaded, by=ward.standing_member)
    point = loaded.provisions.get(ref="d5-k1-a")
    with pytest.raises(PermissionDenied):
        services.edit_provision(
            provision=point, by=ward.secretary_a, label="a)", title="", text="x"
        )


def test_a_version_in_force_cannot_be_edited(loaded, ward):
    point = loaded.provisions.get(ref="d5-k1-a")
    with pytest.raises(services.RegulationError):
        services.edit_provision(
            provision=point, by=ward.admin, label="a)", title="", text="x"
        )


def test_edit_in_draft_then_diff_shows_word_changes_additions_and_removals(
    loaded, ward
):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    point = draft.provisions.get(ref="d10-k1")
    services.edit_provision(
        provision=point,
        by=ward.admin,
        label="1.",
        title="",
        text=point.text.replace("Định kỳ 06 tháng", "Định kỳ hằng quý"),
    )
    nodes = services.tree_of(draft)
    nodes[2]["children"].append(
        {"ref": "d13", "kind": "article", "label": "Điều 13", "title": "Hiệu lực"}
    )
    del nodes[2]["children"][1]["children"][2]  # d12-k3
    services.write_tree(regulation=draft, nodes=nodes, by=ward.admin)

    entries = selectors.version_diff(loaded, draft)

    assert [(e.status, (e.new or e.old).ref) for e in entries] == [
        ("changed", "d10-k1"),
        ("removed", "d12-k3"),
        ("added", "d13"),
    ]
    assert "<del>06 tháng,</del> <ins>hằng quý,</ins>" in entries[0].text_html
    point.refresh_from_db()
    assert "dinh ky hang quy" in point.search_text
    assert point.history.first().history_user == ward.admin
    # The version in force is untouched: what cited it still reads the same.
    assert "Định kỳ 06 tháng" in loaded.provisions.get(ref="d10-k1").text


def test_approve_puts_draft_in_force_and_supersedes_the_old(loaded, ward):
    Regulation.objects.update(organization=ward.root)
    loaded.refresh_from_db()
    draft = services.create_version(regulation=loaded, by=ward.admin)
    assert draft.organization == ward.root  # a new version keeps its owner
    cited = loaded.provisions.get(ref="d5-k1-a")

    services.approve_version(regulation=draft, by=ward.standing_member)

    loaded.refresh_from_db()
    draft.refresh_from_db()
    assert (loaded.status, draft.status) == ("superseded", "in_force")
    assert draft.history.first().history_user == ward.standing_member
    assert draft.history.first().history_change_reason == "Phê duyệt phiên bản 2"
    cited.refresh_from_db()
    assert cited.regulation == loaded  # references keep their version
    with pytest.raises(services.RegulationError):
        services.approve_version(regulation=draft, by=ward.standing_member)


@pytest.mark.parametrize("who", ["admin", "officer", "secretary_a", "office_staff"])
def test_only_the_standing_committee_approves(loaded, ward, who):
    Regulation.objects.update(organization=ward.root)
    loaded.refresh_from_db()
    draft = services.create_version(regulation=loaded, by=ward.admin)
    with pytest.raises(PermissionDenied):
        services.approve_version(regulation=draft, by=getattr(ward, who))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_database_allows_one_version_in_force(loaded, ward):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    draft.status = Regulation.Status.IN_FORCE
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


def test_search_folds_and_filters_through_one_duty(loaded):
    hits = selectors.search_provisions(query="TRAT TU")
    refs = {(p.regulation.code, p.ref) for p in hits}
    assert (WARD_CODE, "d5") in refs  # "trật tự" in Điều 5's title
    both = selectors.search_provisions(regulation=loaded, side="cells", mode="lead")
    assert "d5-k2-c" in {p.ref for p in both}
    assert not {p.ref for p in both} & {"d6-k2-a", "d5-k1-a"}
    yearly = selectors.search_provisions(regulation=loaded, cadence="yearly")
    assert "d11-k1" in {p.ref for p in yearly}


def test_matrix_counts_provisions_per_area_side_and_mode(loaded):
    sides, rows = selectors.responsibility_matrix(loaded)
    assert [s.code for s in sides] == ["police", "cells"]
    by_area = {row.area.code if row.area else None: row for row in rows}
    ttatxh = by_area["ttatxh"].cells
    assert (ttatxh[0].lead, ttatxh[0].coordinate) == (5, 0)
    assert (ttatxh[1].lead, ttatxh[1].coordinate) == (4, 0)
    force = by_area["luc-luong"].cells
    assert (force[0].lead, force[0].coordinate, force[1].coordinate) == (3, 1, 4)
    assert None in by_area  # method, meetings and reports
    total = sum(c.lead + c.coordinate for row in rows for c in row.cells)
    assert (
        total
        == Provision.objects.filter(regulation=loaded, responsibilities__isnull=False)
        .values("pk", "responsibilities__side", "responsibilities__mode")
        .distinct()
        .count()
    )


def test_english_catalogue_of_the_app_is_used():
    from django.utils import translation

    from regulations.models import Responsibility

    with translation.override("en"):
        assert str(Responsibility.Mode.LEAD.label) == "Lead"
        assert str(Responsibility.Cadence.AT_ONCE.label) == "At once"
    with translation.override("vi"):
        assert str(Responsibility.Mode.LEAD.label) == "Chủ trì"


@pytest.mark.parametrize(
    ("code", "ref", "citation"),
    [
        (WARD_CODE, "d5-k1-dd", "điểm đ khoản 1 Điều 5"),
        (WARD_CODE, "d10-k2", "khoản 2 Điều 10"),
        (WARD_CODE, "d10", "Điều 10"),
        (WARD_CODE, "c2", "Chương II"),
        ("qc-tinh-810-2023", "d4-k1-g2", "gạch đầu dòng thứ 2 khoản 1 Điều 4"),
    ],
)
def test_citation_as_documents_write_it(loaded, code, ref, citation):
    provision = Provision.objects.get(regulation__code=code, ref=ref)
    assert provision.citation() == citation


FIRST_BULLET = "- Tham mưu, đề xuất với Tỉnh ủy, Ban Thường vụ Tỉnh ủy quyết định"


def _reimport(text, by):
    return services.import_regulation(
        parsed=parse_text(text), code=PROVINCE_CODE, level="province", by=by
    )


def test_reimport_with_a_bullet_inserted_at_the_top_keeps_refs_and_duties(loaded, ward):
    old = Regulation.objects.get(code=PROVINCE_CODE, version=1)
    source = PROVINCE_SOURCE.read_text(encoding="utf-8")
    assert source.count(FIRST_BULLET) == 1
    text = source.replace(
        FIRST_BULLET, "- Nhiệm vụ mới thêm vào đầu khoản.\n\n" + FIRST_BULLET
    )
    new = _reimport(text, ward.admin)

    def duties(regulation, ref):
        provision = regulation.provisions.get(ref=ref)
        return provision.text, sorted(
            provision.responsibilities.values_list("side__code", "mode", "area__code")
        )

    for ref in ("d4-k1-g1", "d4-k1-g2", "d4-k1-g7", "d5-k1-g9"):
        assert duties(new, ref) == duties(old, ref), ref  # same text, same duties
    added = new.provisions.get(text="Nhiệm vụ mới thêm vào đầu khoản.")
    assert not old.provisions.filter(ref=added.ref).exists()  # a fresh ref
    assert not added.responsibilities.exists()
    entries = selectors.version_diff(old, new)
    assert [(e.status, (e.new or e.old).ref) for e in entries] == [("added", added.ref)]


def test_reimport_preview_lists_duties_not_carried_over(loaded, ward):
    source = PROVINCE_SOURCE.read_text(encoding="utf-8")
    start = source.index(FIRST_BULLET)
    end = source.index("\n\n", start)
    parsed = parse_text(
        source[:start] + "- Một nhiệm vụ viết lại hoàn toàn." + source[end:]
    )
    lost = services.reimport_preview(parsed, PROVINCE_CODE)
    assert [node["ref"] for node in lost] == ["d4-k1-g1"]
    new = services.import_regulation(
        parsed=parsed, code=PROVINCE_CODE, level="province", by=ward.admin
    )
    rewritten = new.provisions.get(text="Một nhiệm vụ viết lại hoàn toàn.")
    assert rewritten.ref != "d4-k1-g1"
    assert not rewritten.responsibilities.exists()
    assert new.provisions.get(ref="d4-k1-g2").responsibilities.exists()


def test_diff_reports_a_change_of_duties(loaded, ward):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    nodes = services.tree_of(draft)
    for _parent, node in services._flatten(nodes):
        if node["ref"] == "d5-k1-a":
            node["responsibilities"][0]["cadence"] = "yearly"
    services.write_tree(regulation=draft, nodes=nodes, by=ward.admin)
    entries = selectors.version_diff(loaded, draft)
    assert [(e.status, e.new.ref) for e in entries] == [("changed", "d5-k1-a")]
    assert entries[0].duties_changed
    assert any("Hằng năm" in d for d in entries[0].duties_after)


@pytest.mark.parametrize(
    ("code", "method_articles"),
    [(WARD_CODE, {"d10", "d11", "d12"}), (PROVINCE_CODE, {"d6", "d7", "d8"})],
)
def test_duties_without_area_are_only_the_coordination_method(
    loaded, code, method_articles
):
    """The matrix's last row ("Phương pháp phối hợp, chế độ họp, báo cáo") holds
    the duties without an area: only the method, meeting and report articles."""
    regulation = Regulation.objects.get(code=code, version=1)
    refs = {
        p.ref
        for p in selectors.search_provisions(
            regulation=regulation, area=selectors.NO_AREA
        )
    }
    assert refs
    assert {ref.split("-")[0] for ref in refs} <= method_articles


def test_approval_is_scoped_to_the_owning_organisation(loaded, ward):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    # No owning organisation yet: nobody approves.
    with pytest.raises(PermissionDenied):
        services.approve_version(regulation=draft, by=ward.standing_member)
    # Owned by another ward: this ward's standing committee may not approve.
    other = make_org("Đảng bộ phường Khác", kind=Organization.Kind.WARD_COMMITTEE)
    Regulation.objects.update(organization=other)
    loaded.refresh_from_db()
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.approve_version(regulation=draft, by=ward.standing_member)
    other_standing = make_org(
        "Ban Thường vụ phường Khác",
        kind=Organization.Kind.STANDING_COMMITTEE,
        parent=other,
    )
    assert services.can_approve(make_user("btv_khac", org=other_standing), draft)
    # Owned by a cell of this ward: the ward's standing committee is above it.
    Regulation.objects.update(organization=ward.cell_a)
    loaded.refresh_from_db()
    draft.refresh_from_db()
    services.approve_version(regulation=draft, by=ward.standing_member)
    draft.refresh_from_db()
    assert draft.status == "in_force"


def test_an_older_draft_cannot_replace_a_newer_version_in_force(loaded, ward):
    Regulation.objects.update(organization=ward.root)
    loaded.refresh_from_db()
    v2 = services.create_version(regulation=loaded, by=ward.admin)
    v3 = services.create_version(regulation=loaded, by=ward.admin)
    services.approve_version(regulation=v3, by=ward.standing_member)
    with pytest.raises(services.RegulationError, match="cũ hơn phiên bản 3"):
        services.approve_version(regulation=v2, by=ward.standing_member)
    v2.refresh_from_db()
    v3.refresh_from_db()
    assert (v2.status, v3.status) == ("draft", "in_force")


def test_query_with_diacritics_matches_them_exactly(loaded, ward):
    draft = services.create_version(regulation=loaded, by=ward.admin)
    point = draft.provisions.get(ref="d5-k1-a")
    services.edit_provision(
        provision=point, by=ward.admin, label="a)", title="", text="Việc đang làm."
    )

    def refs(query):
        found = selectors.search_provisions(query=query, regulation=draft)
        return {p.ref for p in found}

    assert "d5-k1-a" in refs("đang")
    assert "d5-k1-a" in refs("ĐANG LÀM")  # case still ignored
    assert "d5-k1-a" in refs("dang")  # no diacritics: every spelling
    assert "d5-k1-a" not in refs("đảng")
    assert refs("đảng")  # "Đảng ủy …" elsewhere
    assert all(
        "đảng" in p.search_exact
        for p in selectors.search_provisions(query="đảng", regulation=draft)
    )
    assert highlight("đang và Đảng", "đảng") == "đang và <mark>Đảng</mark>"
    assert highlight("đang và Đảng", "dang") == (
        "<mark>đang</mark> và <mark>Đảng</mark>"
    )


def test_duty_without_area_is_unique_too(loaded):
    duty = Responsibility.objects.filter(
        provision__regulation=loaded, area__isnull=True
    ).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(
            provision=duty.provision,
            side=duty.side,
            mode=duty.mode,
            area=None,
            cadence=duty.cadence,
        )
