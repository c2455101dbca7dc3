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
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


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


def test_every_catalogue_entry_is_translated():
    missing = [k for k, v in parse_po(PO.read_text(encoding="utf-8")).items() if not v]
    assert not missing, f"{len(missing)} strings without English: {missing[:10]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext not installed")
def test_catalogue_covers_every_marked_string(tmp_path):
    before = PO.read_text(encoding="utf-8")
    mo_before = MO.read_bytes()
    try:
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
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
        extracted = parse_po(PO.read_text(encoding="utf-8"))
    finally:
        PO.write_text(before, encoding="utf-8")
        MO.write_bytes(mo_before)
    known = parse_po(before)
    new = [k for k in extracted if k not in known or not known[k]]
    assert not new, f"run makemessages -l en and translate: {new[:10]}"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext not installed")
def test_compiled_catalogue_is_current(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(out), str(PO)], check=True)
    assert out.read_bytes() == MO.read_bytes(), "run manage.py compilemessages"


def test_same_vietnamese_word_translated_by_context():
    """ "hình thức" is a request's kind but a duty's mode: a context keeps them apart."""
    from django.utils import translation

    from coordination.models import CoordinationRequest
    from regulations.models import Responsibility

    with translation.override("en"):
        kind = str(CoordinationRequest._meta.get_field("kind").verbose_name)
        mode = str(Responsibility._meta.get_field("mode").verbose_name)
    assert (kind, mode) == ("kind", "mode")
