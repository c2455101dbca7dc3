"""The shipped data: verbatim against the source texts, reproducible by the
importer, and annotated wherever a provision assigns a duty."""

import re

import pytest
import yaml

from regulations.importer import parse_file
from regulations.loader import DATA_DIR, read_data, regulation_files
from regulations.models import Regulation, Responsibility, Side

from .conftest import PROVINCE_DATA, WARD_DATA

NODE_KEYS = ("ref", "kind", "label", "title", "text")


def flatten(nodes):
    for node in nodes:
        yield node
        yield from flatten(node.get("children", []))


def plain(nodes):
    """The tree without annotations, every key present."""
    return [
        {
            **{key: node.get(key, "") for key in NODE_KEYS},
            "children": plain(node.get("children", [])),
        }
        for node in nodes
    ]


def squash(text: str) -> str:
    """Text modulo Markdown marks and whitespace."""
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("path", regulation_files(), ids=lambda p: p.name)
def test_every_provision_text_is_verbatim_from_the_source(path):
    data = read_data(path)
    source = squash((DATA_DIR / data["regulation"]["source"]).read_text("utf-8"))
    for node in flatten(data["provisions"]):
        for key in ("title", "text"):
            value = node.get(key, "")
            assert squash(value) in source, (node["ref"], key, value[:80])
        if node["kind"] == "article":
            heading = f"{node['label']}. {node.get('title', '')}"
            assert squash(heading) in source, node["ref"]
        else:
            assert node["label"] in source, node["ref"]


@pytest.mark.parametrize("path", regulation_files(), ids=lambda p: p.name)
def test_importing_the_source_reproduces_the_shipped_tree(path):
    data = read_data(path)
    parsed = parse_file(DATA_DIR / data["regulation"]["source"]).to_dict()
    assert plain(parsed["provisions"]) == plain(data["provisions"])
    for key, value in parsed["regulation"].items():
        assert data["regulation"][key] == value, key


def _duties(path):
    return {
        node["ref"]: node.get("responsibilities", [])
        for node in flatten(read_data(path)["provisions"])
    }


def test_ward_duty_points_of_articles_4_to_9_are_all_annotated():
    duties = _duties(WARD_DATA)
    points = [ref for ref in duties if re.fullmatch(r"d[4-9]-k[12]-[a-z]+", ref)]
    assert len(points) == 53
    for ref in points:
        assert duties[ref], ref
        side = "police" if "-k1-" in ref else "cells"
        assert {d["side"] for d in duties[ref]} == {side}, ref
        assert all(d.get("area") for d in duties[ref]), ref


def test_province_bullets_of_articles_4_and_5_are_all_annotated():
    duties = _duties(PROVINCE_DATA)
    bullets = [ref for ref in duties if re.fullmatch(r"d[45]-k[12]-g\d+", ref)]
    assert len(bullets) == 25
    for ref in bullets:
        assert duties[ref], ref
        mode = (
            "lead" if "-k1-" in ref else "coordinate"
        )  # "Trách nhiệm chủ trì/phối hợp"
        assert {d["mode"] for d in duties[ref]} == {mode}, ref
        assert all(d.get("area") for d in duties[ref]), ref


@pytest.mark.parametrize("path", [WARD_DATA, PROVINCE_DATA], ids=["ward", "province"])
def test_every_duty_of_the_responsibility_articles_has_an_area(path):
    """Duties of the articles that share out the work (ward Điều 4–9, province
    Điều 4–5) each name an area; only the coordination method, meetings and
    reports (ward Điều 10–12, province Điều 6–8) concern no single area."""
    last = 9 if path == WARD_DATA else 5
    duties = _duties(path)
    for ref, specs in duties.items():
        article = int(re.match(r"d(\d+)", ref)[1]) if ref.startswith("d") else 0
        if 4 <= article <= last:
            assert all(d.get("area") for d in specs), ref
        elif article > last:
            assert not any(d.get("area") for d in specs), ref


def test_information_exchange_bullets_concern_the_areas_of_article_3():
    duties = _duties(PROVINCE_DATA)
    for ref in ("d4-k1-g7", "d5-k1-g9"):
        assert {d["area"] for d in duties[ref]} == {
            "anqg",
            "ttatxh",
            "luc-luong",
            "xay-dung-dang",
            "the-tran-antq",
        }, ref


@pytest.mark.parametrize(
    ("path", "ref", "cadences"),
    [
        (WARD_DATA, "d10-k1", {"six_monthly", "yearly", "on_event"}),
        (WARD_DATA, "d10-k2", {"on_event"}),
        (WARD_DATA, "d11-k1", {"yearly", "on_event"}),  # "Hằng năm hoặc khi cần thiết"
        (WARD_DATA, "d4-k1-c", {"continuous", "at_once"}),  # as d5-k1-d, d4-k2-b
        (WARD_DATA, "d5-k1-d", {"at_once"}),
        (WARD_DATA, "d12-k2", {"continuous", "yearly"}),
        (WARD_DATA, "d11-k2", {"end_of_term"}),
        (WARD_DATA, "d4-k2-b", {"at_once"}),
        (PROVINCE_DATA, "d6-k1", {"six_monthly", "on_event"}),
        (PROVINCE_DATA, "d7-k1", {"yearly", "on_event"}),
        (PROVINCE_DATA, "d7-k2", {"end_of_term"}),
    ],
)
def test_method_and_reporting_cadences(path, ref, cadences):
    assert {d["cadence"] for d in _duties(path)[ref]} == cadences


def test_annotations_use_known_codes():
    areas = {
        a["code"]
        for a in yaml.safe_load((DATA_DIR / "areas.yaml").read_text())["areas"]
    }
    assert len(areas) == 6
    for path in regulation_files():
        data = read_data(path)
        sides = {s["code"] for s in data["sides"]}
        assert {s["role"] for s in data["sides"]} == set(Side.Role.values)
        assert data["regulation"]["level"] in Regulation.Level.values
        for duties in _duties(path).values():
            for duty in duties:
                assert duty["side"] in sides
                assert duty["mode"] in Responsibility.Mode.values
                assert duty["cadence"] in Responsibility.Cadence.values
                assert duty.get("area") in areas | {None}
