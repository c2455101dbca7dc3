"""Who may download a document: exactly who may open the object (through
``coordination.permissions``); anyone else gets 404, anonymous users the login
page; classified objects only for users cleared for them."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from coordination.confidentiality import Confidentiality
from reports.pdf import missing_fonts
from tests.factories import make_request

from .conftest import fresh
from .helpers import squashed_pdf_text

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)
EXCHANGE = ["reports:exchange-report-pdf", "reports:exchange-report-docx"]
DOSSIER = ["reports:request-dossier-pdf", "reports:request-dossier-docx"]


def status(client, user, name, pk) -> int:
    client.logout()
    if user is not None:
        client.force_login(fresh(user))
    return client.get(reverse(name, args=[pk])).status_code


@pytest.mark.parametrize("name", EXCHANGE)
def test_exchange_report_access(client, ward, submitted_report, outsider, name):
    pk = submitted_report.pk
    assert status(client, ward.secretary_a, name, pk) == 200  # its organisation
    assert status(client, ward.officer, name, pk) == 200  # the addressee
    assert status(client, ward.standing_member, name, pk) == 200  # oversight
    assert status(client, outsider, name, pk) == 404  # another ward
    assert status(client, ward.secretary_b, name, pk) == 404  # another cell
    assert status(client, ward.secretary_a, name, 999999) == 404


@pytest.mark.parametrize("name", DOSSIER)
def test_dossier_access(client, ward, dossier, outsider, name):
    pk = dossier.pk
    assert status(client, ward.secretary_a, name, pk) == 200  # the sender
    assert status(client, ward.officer, name, pk) == 200  # the recipient
    assert status(client, ward.standing_member, name, pk) == 200
    assert status(client, outsider, name, pk) == 404
    assert status(client, ward.secretary_b, name, pk) == 404


@pytest.mark.parametrize("name", EXCHANGE + DOSSIER)
def test_anonymous_goes_to_login(client, db, name):
    response = client.get(reverse(name, args=[1]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_downloads_are_get_only(client, ward, dossier):
    client.force_login(fresh(ward.secretary_a))
    url = reverse("reports:request-dossier-pdf", args=[dossier.pk])
    assert client.post(url).status_code == 405


def test_classified_request_only_for_cleared_users(client, ward, caplog):
    req = make_request(
        by=ward.cleared_officer,
        sender=ward.police,
        recipients=[ward.cell_a],
        subject="Chuyên án bí mật đường Lê Lợi",
        confidentiality=Confidentiality.SECRET,
    )
    assert req.confidentiality == 1
    for name in DOSSIER:
        # The police committee's own uncleared member finds nothing.
        assert status(client, ward.officer, name, req.pk) == 404
        assert status(client, ward.secretary_a, name, req.pk) == 404
    with caplog.at_level(logging.INFO, logger="security"):
        pdf_status = status(client, ward.cleared_officer, DOSSIER[0], req.pk)
    assert pdf_status == 200
    response = client.get(reverse(DOSSIER[0], args=[req.pk]))
    text = squashed_pdf_text(response.content)
    assert "MẬT" in text
    assert "Chuyên án bí mật đường Lê Lợi" in text
    # The log names ids, never the subject.
    assert any("classified_document" in r.getMessage() for r in caplog.records)
    assert not any("Lê Lợi" in r.getMessage() for r in caplog.records)
    assert "Lê Lợi" not in response["Content-Disposition"]
