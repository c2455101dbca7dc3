from pathlib import Path

import pytest
from django.core.management import call_command

from regulations.loader import DATA_DIR
from regulations.models import Regulation

SOURCES = DATA_DIR / "sources"
WARD_SOURCE = SOURCES / "000_375e6d83f36896ce.txt"
PROVINCE_SOURCE = SOURCES / "001_38eb1e87d9c2f032.txt"
WARD_DATA = DATA_DIR / "qc-phuong-hai-duong-2026.yaml"
PROVINCE_DATA = DATA_DIR / "qc-tinh-810-2023.yaml"
WARD_CODE, PROVINCE_CODE = "qc-phuong-hai-duong", "qc-tinh-810-2023"


@pytest.fixture
def loaded(db) -> Regulation:
    """Both shipped regulations loaded; returns the ward's (version 1, in force)."""
    call_command("load_regulations", verbosity=0)
    return Regulation.objects.get(code=WARD_CODE, version=1)


def source_path(name: str) -> Path:
    return SOURCES / name
