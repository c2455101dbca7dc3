"""An urgent situation's report (báo cáo tình huống) as PDF and DOCX in the
party's format, downloaded from the incident's page through its visibility."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.incidents import services
from coordination.models import Incident
from reports import checker
from reports.incident_document import incident_report_document
from reports.pdf import missing_fonts

from .conftest import SENTENCE, fresh
from .helpers import docx_text, squashed_pdf_text
from .test_documents import download

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


def _incident(ward, *, title="Tụ tập đông người tại chợ", updates=1, **extra):
    incident = services.create_incident(
        by=fresh(ward.secretary_a),
        reporter=ward.cell_a,
        kind=Incident.Kind.CELL_REPORT,
        title=title,
        description=SENTENCE,
        place="Chợ Khu dân cư A",
        started_at=timezone.now() - datetime.timedelta(minutes=20),
        severity=Incident.Severity.SERIOUS,
        cells=[],
        report=True,
        **extra,
    )
    for n in range(updates):
        services.add_update(
            incident=incident, by=fresh(ward.secretary_a), body=f"Diễn biến {n}."
        )
    services.record_measure(
        incident=incident,
        by=fresh(ward.officer),
        body="Tăng cường lực lượng <b>tuần tra</b> & giữ trật tự.",
    )
    services.direct_incident(
        incident=incident,
        by=fresh(ward.standing_member),
        text="Giải tán đám đông, báo cáo trước 17 giờ.",
        items=[(ward.police, "Lập biên bản sự việc", timezone.localdate())],
    )
    return Incident.objects.get(pk=incident.pk)


def test_incident_report_pdf_has_every_component(client, ward):
    incident = _incident(ward)
    pdf = download(client, ward.officer, "reports:incident-report-pdf", incident.pk)
    assert checker.missing_components(pdf) == []
    text = squashed_pdf_text(pdf)
    assert SENTENCE in text
    assert "CHI BỘ KHU DÂN CƯ A" in text and "-BC/CB" in text
    assert "Nghiêm trọng" in text
    assert "Diễn biến 0." in text
    # Markup in user text stays text.
    assert "Tăng cường lực lượng <b>tuần tra</b> & giữ trật tự." in text
    assert "Giải tán đám đông, báo cáo trước 17 giờ." in text
    assert "Lập biên bản sự việc" in text
    assert "Ban Thường vụ" in text  # ô 9: its addressees


def test_incident_report_docx_holds_the_same_headings(client, ward):
    incident = _incident(ward)
    data = download(
        client, ward.standing_member, "reports:incident-report-docx", incident.pk
    )
    text = docx_text(data)
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BÁO CÁO",
        "I. TÌNH HÌNH",
        "II. DIỄN BIẾN",
        "III. BIỆN PHÁP ĐÃ THỰC HIỆN",
        "IV. Ý KIẾN CHỈ ĐẠO VÀ VIỆC CẦN LÀM",
        "Nơi nhận:",
        SENTENCE,
    ):
        assert expected.lower() in text.lower(), expected


def test_closed_incident_adds_its_outcome(ward):
    incident = _incident(ward)
    services.close_incident(
        incident=incident, by=fresh(ward.secretary_a), outcome="Đã ổn định tình hình."
    )
    doc = incident_report_document(
        fresh(ward.officer), Incident.objects.get(pk=incident.pk)
    )
    headings = [s.heading for s in doc.sections]
    assert headings[-1] == "V. Kết quả xử lý"
    assert "Đã ổn định tình hình." in doc.sections[-1].paragraphs


def test_only_those_who_see_the_incident_download_it(client, ward):
    incident = _incident(ward)
    # Cell B is not a party to cell A's report: 404 as on the page.
    client.force_login(fresh(ward.secretary_b))
    for name in ("reports:incident-report-pdf", "reports:incident-report-docx"):
        assert client.get(reverse(name, args=[incident.pk])).status_code == 404


def test_incident_page_links_the_downloads(client, ward):
    incident = _incident(ward)
    client.force_login(fresh(ward.officer))
    page = client.get(incident.get_absolute_url()).content.decode()
    assert reverse("reports:incident-report-pdf", args=[incident.pk]) in page
    assert reverse("reports:incident-report-docx", args=[incident.pk]) in page


def test_document_queries_do_not_grow_with_the_timeline(ward):
    small = _incident(ward, updates=1)
    large = _incident(ward, title="Tình huống thứ hai", updates=6)
    officer = fresh(ward.officer)
    incident_report_document(officer, small)  # the user's memberships, cached
    counts = []
    for incident in (small, large):
        with CaptureQueriesContext(connection) as queries:
            incident_report_document(officer, Incident.objects.get(pk=incident.pk))
        counts.append(len(queries))
    assert counts[0] == counts[1]
