"""Shared helpers of the exchange page tests."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coordination.exchanges import services
from coordination.models import ExchangeReport

from .conftest import fresh

State = ExchangeReport.State
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="phu-luc.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def save_url(report):
    return reverse("coordination:exchange-save", args=[report.pk])


def action_url(report, action):
    return reverse("coordination:exchange-action", args=[report.pk, action])


def form_data(report, **extra):
    data = {"confidentiality": "0", "version": report.version}
    data.update(extra)
    return data


def messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def textarea(body: str, name: str) -> str:
    match = re.search(
        rf'<textarea name="{re.escape(name)}"[^>]*>(.*?)</textarea>', body, re.S
    )
    assert match, name
    return match.group(1).strip()


def submitted(report, user, text="Đã phối hợp tốt", today=None):
    services.save_draft(report=report, by=fresh(user), fields={"results": text})
    services.submit_report(report=report, by=fresh(user), today=today)
    report.refresh_from_db()
    return report
