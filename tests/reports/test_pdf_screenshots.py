"""Page 1 of every kind of generated PDF as a PNG (poppler's pdftoppm) next
to the end-to-end screenshots (var/screenshots/pdf_*.png, a CI artifact), so
a reviewer sees the party format without opening each file. Skipped without
pdftoppm unless REQUIRE_SERVICES=1."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from coordination.models import Incident
from coordination.organizations.models import Term
from reports.models import ReportDraft
from reports.pdf import missing_fonts

from .conftest import fresh

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)
SCREENSHOT_DIR = Path(settings.VAR_DIR) / "screenshots"


def _page_one(pdf: bytes, name: str, tmp_path: Path) -> Path:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    prefix = SCREENSHOT_DIR / f"pdf_{name}"
    subprocess.run(  # noqa: S603 - fixed poppler command, no shell
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
        + [str(source), str(prefix)],
        check=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")


def test_page_one_of_each_pdf_kind(
    client, ward, h1_draft, submitted_report, dossier, ward_regulation, tmp_path
):
    if shutil.which("pdftoppm") is None:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("pdftoppm not found (apt-get install poppler-utils)")
        pytest.skip("pdftoppm not installed")
    term = Term.objects.create(organization=ward.root, start_year=2025, end_year=2026)
    term_draft = ReportDraft.objects.create(
        ward=ward.root, term=term, year=2026, created_by=ward.officer
    )
    incident = Incident.objects.get()
    kinds = {
        "exchange_report": reverse(
            "reports:exchange-report-pdf", args=[submitted_report.pk]
        ),
        "request_dossier": reverse("reports:request-dossier-pdf", args=[dossier.pk]),
        "incident_report": reverse("reports:incident-report-pdf", args=[incident.pk]),
        "result_report": reverse("reports:result-report-pdf", args=[h1_draft.pk]),
        "term_report": reverse("reports:result-report-pdf", args=[term_draft.pk]),
        "regulation": reverse(
            "regulations:regulation-pdf",
            kwargs={"code": ward_regulation.code, "version": ward_regulation.version},
        ),
    }
    client.force_login(fresh(ward.officer))
    for name, url in kinds.items():
        response = client.get(url)
        assert response.status_code == 200, name
        png = _page_one(response.content, name, tmp_path)
        assert png.read_bytes().startswith(b"\x89PNG"), name
