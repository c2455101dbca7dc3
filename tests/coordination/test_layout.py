"""The feature-folder layout of ``coordination/`` (README "Layout"): the README
lists what is there, every feature folder uses the shared module names, no
module outgrows ~500 lines, and no feature-suffixed module comes back."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGE = ROOT / "coordination"
FEATURES = [
    "organizations",
    "notifications",
    "requests",
    "exchanges",
    "incidents",
    "assessments",
    "reminders",
    "calendar",
    "reviews",
]
# The shared vocabulary, plus the modules a feature split out by responsibility.
MODULE_NAMES = {
    "models",
    "workflow",
    "services",
    "selectors",
    "forms",
    "filters",
    "views",
    "urls",
    "admin",
    "tasks",
    "demo",
}
SPLIT_OUT = {
    "requests": {"transitions", "escalation", "notify", "demo_province"},
    "notifications": {"outbox"},
    "exchanges": {"periods"},
    "incidents": {"notify"},
    "reviews": {"visibility", "pending"},
}
MAX_LINES = 500


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1]
    return section.split("```", 2)[1]


def _modules(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}


def test_readme_layout_lists_every_entry_of_the_package():
    block = _layout_block()
    entries = {
        p.name
        for p in PACKAGE.iterdir()
        if p.name not in {"__init__.py", "__pycache__"}
    }
    missing = sorted(
        name
        for name in entries
        if not re.search(rf"(?<![\w.]){re.escape(name)}/?(?![\w])", block)
    )
    assert not missing, f"README layout does not list: {missing}"


def test_each_feature_line_of_the_readme_is_its_folder():
    block = _layout_block()
    for feature in FEATURES:
        line = re.search(rf"^\s+{feature}/\s+([a-z_ ]+?):", block, re.M)
        assert line, f"README layout has no line for {feature}/"
        assert set(line.group(1).split()) == _modules(PACKAGE / feature), feature


def test_feature_folders_use_the_shared_module_names():
    for feature in FEATURES:
        extra = (
            _modules(PACKAGE / feature) - MODULE_NAMES - SPLIT_OUT.get(feature, set())
        )
        assert not extra, f"{feature}/ has modules outside the shared names: {extra}"


def test_no_module_over_the_size_limit():
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long


def test_no_feature_suffixed_module_is_named_anywhere():
    """As ``git grep -nE "(_requests|request_models|request_workflow)\\.py"``."""
    pattern = re.compile(r"(_requests|request_models|request_workflow)\.py")
    skip = {".git", ".venv", "var", "node_modules", "__pycache__", "media"}
    offenders = []
    for path in ROOT.rglob("*"):
        if skip & set(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix not in {".py", ".md", ".html", ".txt", ".toml", ".sh", ".po"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        offenders += [str(path.relative_to(ROOT)) for _ in pattern.finditer(text)]
    assert not offenders


def test_templates_and_tests_mirror_the_features():
    for feature in FEATURES:
        assert (ROOT / "tests" / "coordination" / feature).is_dir(), feature
        assert (ROOT / "templates" / "coordination" / feature).is_dir(), feature
    assert not list((ROOT / "templates" / "coordination").glob("*.html"))
    assert not (PACKAGE / "templates").exists()
