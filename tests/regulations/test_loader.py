"""load_regulations and import_regulation, as deploys and administrators run them."""

import json
import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from regulations import services
from regulations.importer import parse_file
from regulations.loader import DATA_DIR, LoadError, load_all
from regulations.models import Area, Provision, Regulation, Responsibility

from .conftest import PROVINCE_CODE, PROVINCE_SOURCE, WARD_CODE, WARD_SOURCE


def counts(code):
    regulation = Regulation.objects.get(code=code, version=1)
    kinds = list(regulation.provisions.values_list("kind", flat=True))
    return {k: kinds.count(k) for k in ("chapter", "article", "clause", "point")}


def snapshot():
    return (
        sorted(Provision.objects.values_list("pk", "ref", "text", "search_text")),
        sorted(Responsibility.objects.values_list("pk", "provision_id", "mode")),
        Provision.history.count(),
        Regulation.history.count(),
    )


@pytest.mark.django_db
def test_load_gives_exact_counts_twice_with_no_change(capsys):
    call_command("load_regulations")
    first = snapshot()
    call_command("load_regulations")
    out = capsys.readouterr().out
    assert snapshot() == first
    assert out.count("không đổi") == 2
    assert counts(WARD_CODE) == {"chapter": 3, "article": 12, "clause": 29, "point": 53}
    assert counts(PROVINCE_CODE) == {
        "chapter": 3,
        "article": 8,
        "clause": 20,
        "point": 25,
    }
    assert Area.objects.count() == 6
    assert Regulation.objects.filter(status=Regulation.Status.IN_FORCE).count() == 2


@pytest.mark.django_db
def test_changed_file_updates_rows_by_ref_in_place(tmp_path):
    shutil.copy(DATA_DIR / "areas.yaml", tmp_path)
    target = tmp_path / "ward.yaml"
    data = yaml.safe_load((DATA_DIR / "qc-phuong-hai-duong-2026.yaml").read_text())
    data["regulation"]["status"] = "draft"  # a draft's text may still change
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    load_all(tmp_path)
    point = Provision.objects.get(regulation__code=WARD_CODE, ref="d5-k1-a")
    d5 = data["provisions"][1]["children"][2]
    assert d5["ref"] == "d5"
    d5["children"][0]["children"][0]["text"] = "Chủ trì bảo đảm trật tự (sửa)."
    d5["children"][0]["children"][0]["responsibilities"] = [
        {"side": "police", "mode": "coordinate", "area": "ttatxh", "cadence": "yearly"}
    ]
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    [result] = load_all(tmp_path)

    assert result.action == "updated"
    point.refresh_from_db()  # same row, new words
    assert point.text == "Chủ trì bảo đảm trật tự (sửa)."
    assert "trat tu (sua)" in point.search_text
    assert [(r.mode, r.cadence) for r in point.responsibilities.all()] == [
        ("coordinate", "yearly")
    ]
    assert point.history.first().history_change_reason == (
        "Nạp từ tệp dữ liệu quy chế ward.yaml"
    )


@pytest.mark.parametrize(
    "source", [WARD_SOURCE, PROVINCE_SOURCE], ids=["ward", "province"]
)
def test_import_dry_run_json_prints_the_tree_and_writes_nothing(source, capsys, db):
    call_command("import_regulation", str(source), "--dry-run", "--format", "json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == parse_file(source).to_dict()
    article = printed["provisions"][1]["children"][0]
    assert set(article) == {"ref", "kind", "label", "title", "text", "children"}
    assert Provision.objects.count() == 0


def test_import_of_malformed_text_fails_naming_the_line(tmp_path, db):
    bad = tmp_path / "bad.md"
    bad.write_text("Chương I\n\nĐiều 1. A\n\na) x.\n\nĐiều 1. B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 7: Điều 1 bị trùng"):
        call_command("import_regulation", str(bad), "--dry-run")
    assert Regulation.objects.count() == 0


def test_import_saves_a_new_draft_version_keeping_duties(loaded, ward, capsys):
    call_command(
        "import_regulation",
        str(WARD_SOURCE),
        "--code",
        WARD_CODE,
        "--level",
        "ward",
        "--user",
        ward.admin.username,
    )
    draft = Regulation.objects.get(code=WARD_CODE, version=2)
    assert draft.status == Regulation.Status.DRAFT
    assert draft.supersedes == loaded
    assert draft.provisions.count() == loaded.provisions.count()
    assert Responsibility.objects.filter(provision__regulation=draft).count() == (
        Responsibility.objects.filter(provision__regulation=loaded).count()
    )
    assert draft.history.first().history_user == ward.admin


@pytest.mark.django_db
def test_shipping_a_new_version_supersedes_the_old_and_keeps_it(tmp_path):
    shutil.copy(DATA_DIR / "areas.yaml", tmp_path)
    target = tmp_path / "ward.yaml"
    shutil.copy(DATA_DIR / "qc-phuong-hai-duong-2026.yaml", target)
    load_all(tmp_path)
    data = yaml.safe_load(target.read_text())
    data["regulation"]["version"] = 2
    data["provisions"][2]["children"][0]["title"] = "Chế độ họp, báo cáo"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    [result] = load_all(tmp_path)

    assert (result.version, result.action) == (2, "created")
    old, new = Regulation.objects.filter(code=WARD_CODE).order_by("version")
    assert (old.status, new.status, new.supersedes) == ("superseded", "in_force", old)
    assert old.provisions.get(ref="d11").title == "Chế độ họp và báo cáo"
    assert new.provisions.get(ref="d11").title == "Chế độ họp, báo cáo"
    assert old.history.first().history_change_reason == (
        "Nạp từ tệp dữ liệu quy chế ward.yaml"
    )


def _ship(tmp_path, change=None, name="ward.yaml"):
    """Copy the ward's data file into ``tmp_path`` (with ``change`` applied)."""
    shutil.copy(DATA_DIR / "areas.yaml", tmp_path)
    data = yaml.safe_load((DATA_DIR / "qc-phuong-hai-duong-2026.yaml").read_text())
    if change:
        change(data)
    (tmp_path / name).write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    return data


def _d5_k1_a(data):
    d5 = data["provisions"][1]["children"][2]
    assert d5["ref"] == "d5"
    return d5["children"][0]["children"][0]


@pytest.mark.django_db
def test_text_change_to_a_version_in_force_is_refused_and_nothing_written(tmp_path):
    _ship(tmp_path)
    load_all(tmp_path)
    before = snapshot()

    def edit(data):
        _d5_k1_a(data)["text"] = "Chủ trì bảo đảm trật tự (sửa)."
        _d5_k1_a(data)["responsibilities"] = []

    _ship(tmp_path, edit)
    with pytest.raises(LoadError, match="đã ban hành"):
        load_all(tmp_path)
    assert snapshot() == before  # not even the duties changed


@pytest.mark.django_db
def test_annotation_change_to_a_version_in_force_is_loaded(tmp_path):
    _ship(tmp_path)
    load_all(tmp_path)

    def annotate(data):
        _d5_k1_a(data)["responsibilities"] = [
            {"side": "police", "mode": "lead", "area": "ttatxh", "cadence": "yearly"}
        ]

    _ship(tmp_path, annotate)
    [result] = load_all(tmp_path)
    assert result.action == "updated"
    point = Provision.objects.get(regulation__code=WARD_CODE, ref="d5-k1-a")
    assert [(r.mode, r.cadence) for r in point.responsibilities.all()] == [
        ("lead", "yearly")
    ]
    assert point.regulation.status == "in_force"


@pytest.mark.django_db
def test_loader_never_touches_a_version_an_administrator_created(tmp_path, ward):
    _ship(tmp_path)
    load_all(tmp_path)
    v1 = Regulation.objects.get(code=WARD_CODE, version=1)
    draft = services.create_version(regulation=v1, by=ward.admin)
    assert (draft.version, draft.loaded_from_data) == (2, False)
    before = snapshot()

    def version_2(data):
        data["regulation"]["version"] = 2
        data["regulation"]["status"] = "draft"
        _d5_k1_a(data)["text"] = "Văn bản của tệp dữ liệu."

    _ship(tmp_path, version_2)
    with pytest.raises(LoadError, match="do quản trị viên tạo"):
        load_all(tmp_path)
    assert snapshot() == before
    draft.refresh_from_db()
    assert draft.provisions.get(ref="d5-k1-a").text != "Văn bản của tệp dữ liệu."


@pytest.mark.django_db
def test_an_existing_version_is_not_put_in_force_again_by_the_loader(tmp_path, ward):
    _ship(tmp_path)
    load_all(tmp_path)
    Regulation.objects.update(organization=ward.root)
    v1 = Regulation.objects.get(code=WARD_CODE, version=1)
    v2 = services.create_version(regulation=v1, by=ward.admin)
    services.approve_version(regulation=v2, by=ward.standing_member)

    def annotate(data):
        _d5_k1_a(data)["responsibilities"] = []

    _ship(tmp_path, annotate)
    load_all(tmp_path)  # annotations of v1 only; v2 stays in force
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == ("superseded", "in_force")


def test_import_by_a_non_administrator_is_a_clear_error(loaded, ward):
    with pytest.raises(CommandError, match="officer không phải quản trị viên"):
        call_command(
            "import_regulation",
            str(WARD_SOURCE),
            "--code",
            WARD_CODE,
            "--user",
            ward.officer.username,
        )
    assert Regulation.objects.filter(code=WARD_CODE).count() == 1


def test_importer_errors_are_translated(settings):
    from django.utils import translation

    with translation.override("en"), pytest.raises(Exception) as error:
        from regulations.importer import parse_text

        parse_text("Điều 1. A\n\n1. x.\n\n3. y.\n")
    assert str(error.value).startswith("Line 5:"), str(error.value)


@pytest.mark.django_db
def test_the_province_file_sets_the_joint_report_and_the_effective_date():
    """Province Điều 6.2 "đồng báo cáo" and Điều 3 "có hiệu lực ... kể từ ngày
    ký"; the ward's file says neither (its day is blank: an administrator sets
    the date)."""
    import datetime

    call_command("load_regulations", verbosity=0)
    province = Regulation.objects.get(code=PROVINCE_CODE, version=1)
    ward = Regulation.objects.get(code=WARD_CODE, version=1)
    assert province.joint_escalation_report is True
    assert province.effective_date == datetime.date(2023, 6, 20)
    assert (ward.joint_escalation_report, ward.effective_date) == (False, None)


@pytest.mark.django_db
def test_settings_load_on_a_version_in_force_and_are_kept_when_absent(tmp_path):
    """The joint report and the effective date are settings, not text: a
    version in force takes them like duties; a file without them leaves the
    value an administrator set."""
    import datetime

    _ship(tmp_path)
    load_all(tmp_path)
    before = snapshot()[:2]

    def settings(data):
        data["regulation"]["joint_escalation_report"] = True
        data["regulation"]["effective_date"] = "2026-05-11"

    _ship(tmp_path, settings)
    [result] = load_all(tmp_path)
    regulation = Regulation.objects.get(code=WARD_CODE, version=1)
    assert result.action == "updated"
    assert regulation.status == "in_force"
    assert regulation.joint_escalation_report is True
    assert regulation.effective_date == datetime.date(2026, 5, 11)
    assert snapshot()[:2] == before  # the text and duties did not move

    Regulation.objects.filter(pk=regulation.pk).update(
        effective_date=datetime.date(2026, 5, 12)  # as an administrator sets it
    )

    def annotate(data):
        _d5_k1_a(data)["responsibilities"] = []

    _ship(tmp_path, annotate)  # a later file without the two keys
    load_all(tmp_path)
    regulation.refresh_from_db()
    assert regulation.joint_escalation_report is True
    assert regulation.effective_date == datetime.date(2026, 5, 12)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key, value",
    [("joint_escalation_report", "yes please"), ("effective_date", "11/5/2026")],
)
def test_a_malformed_setting_is_refused(tmp_path, key, value):
    def bad(data):
        data["regulation"][key] = value

    _ship(tmp_path, bad)
    with pytest.raises(LoadError, match=key):
        load_all(tmp_path)
    assert not Regulation.objects.exists()
