"""The regulations app carries its own English catalogue (regulations/locale):
every string is translated and the compiled file is current."""

import re
import shutil
import subprocess

import pytest

from regulations.loader import DATA_DIR

PO = DATA_DIR.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated():
    blocks = PO.read_text(encoding="utf-8").split("\n\n")[1:]  # after the header
    untranslated = [
        block
        for block in blocks
        if re.search(r'^msgstr(\[\d\])? ""(?!\n")', block, re.M)
    ]
    assert len(blocks) > 150
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext not installed")
def test_compiled_catalogue_is_current(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(out), str(PO)], check=True)
    assert out.read_bytes() == PO.with_suffix(".mo").read_bytes()
