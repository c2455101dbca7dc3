"""The environment the tests run in is the one the project pins and documents."""

import re
from importlib import metadata
from pathlib import Path

from django.conf import settings


def test_every_pin_is_the_installed_version():
    """constraints.txt holds the exact tested set: every pin is installed at
    that version (a stale or unused pin fails here)."""
    text = (Path(settings.BASE_DIR) / "constraints.txt").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, flags=re.M))
    assert pins
    wrong = {}
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert not wrong, f"pinned vs installed: {wrong}"


def test_screenshots_go_under_var_dir():
    from tests.e2e.conftest import SCREENSHOT_DIR

    assert Path(settings.VAR_DIR) / "screenshots" == SCREENSHOT_DIR
