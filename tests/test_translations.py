"""The English catalogue is complete: every string a user can read (marked for
translation in code and templates) has an English translation, and the compiled
catalogue is up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Every English catalogue of the project: the root one and the apps' own.
CATALOGUES = [
    Path("locale/en/LC_MESSAGES/django.po"),
    Path("regulations/locale/en/LC_MESSAGES/django.po"),
]
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "var", ".git", "__pycache__", "node_modules", "media", "*.mo"
)


def parse_po(text: str) -> dict[str, str]:
    """msgid (with its msgctxt) → msgstr (plural forms: msgstr[0]); fuzzy entries
    count as missing."""
    entries: dict[str, str] = {}
    for block in text.split("\n\n"):
        key = _field(block, "msgid")
        context = _field(block, "msgctxt")
        if key and context:
            key = f"{context}\x04{key}"
        if "#, fuzzy" in block:
            if key:
                entries[key] = ""
            continue
        if key:
            entries[key] = _field(block, "msgstr") or _field(block, "msgstr[0]")
    return entries


def _field(block: str, name: str) -> str:
    out, active = [], False
    for line in block.splitlines():
        if line.startswith(f"{name} "):
            active = True
            out.append(line[len(name) + 1 :].strip()[1:-1])
        elif active and line.startswith('"'):
            out.append(line.strip()[1:-1])
        elif active:
            break
    return "".join(out)


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_every_catalogue_entry_is_translated(po):
    text = (ROOT / po).read_text(encoding="utf-8")
    missing = [k for k, v in parse_po(text).items() if not v]
    assert not missing, f"{po}: {len(missing)} strings without English: {missing[:10]}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """makemessages run on a copy of the source tree: the tracked catalogues
    are never touched. Returns the copy's root."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext not installed")
    copy = tmp_path_factory.mktemp("src") / "tree"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE, symlinks=True)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=tests",
            "--ignore=scripts",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=180,
    )
    return copy


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_catalogue_covers_every_marked_string(extracted, po):
    known = parse_po((ROOT / po).read_text(encoding="utf-8"))
    fresh = parse_po((extracted / po).read_text(encoding="utf-8"))
    new = [k for k in fresh if k not in known or not known[k]]
    assert not new, f"{po}: run makemessages -l en and translate: {new[:10]}"


def test_makemessages_check_leaves_tracked_files_alone(extracted):
    """The extraction ran on a copy: the tracked catalogues are unchanged."""
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", *map(str, CATALOGUES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if changed.returncode != 0:
        pytest.skip("not a git checkout")
    before = {po: (ROOT / po).read_bytes() for po in CATALOGUES}
    assert all((extracted / po).exists() for po in CATALOGUES)
    assert {po: (ROOT / po).read_bytes() for po in CATALOGUES} == before


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_compiled_catalogue_is_current(tmp_path, po):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(out), str(ROOT / po)], check=True)
    mo = (ROOT / po).with_suffix(".mo")
    assert out.read_bytes() == mo.read_bytes(), f"{po}: run manage.py compilemessages"


def test_same_vietnamese_word_translated_by_context():
    """ "hình thức" is a request's kind but a duty's mode: a context keeps them apart."""
    from django.utils import translation

    from coordination.models import CoordinationRequest
    from regulations.models import Responsibility

    with translation.override("en"):
        kind = str(CoordinationRequest._meta.get_field("kind").verbose_name)
        mode = str(Responsibility._meta.get_field("mode").verbose_name)
    assert (kind, mode) == ("kind", "mode")
