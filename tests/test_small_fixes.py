"""Small fixes: e2e screenshots follow VAR_DIR; no unused pins."""

from pathlib import Path

from django.conf import settings


def test_screenshots_go_under_var_dir():
    from tests.e2e.conftest import SCREENSHOT_DIR

    assert Path(settings.VAR_DIR) / "screenshots" == SCREENSHOT_DIR


def test_constraints_pin_no_unused_django_environ():
    text = (Path(settings.BASE_DIR) / "constraints.txt").read_text(encoding="utf-8")
    assert "django-environ" not in text
