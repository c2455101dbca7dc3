"""Downloads of generated documents (PDF, DOCX). Objects are fetched only
through ``coordination.permissions`` (an object the user may not open is a
404, classified ones above his clearance included); the documents hold what
the user reads on the object's page (``reports.documents``)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from coordination.exchanges import workflow as exchange_workflow
from coordination.permissions import (
    get_exchange_report_for_user,
    get_incident_for_user,
    get_request_for_user,
)

from . import documents
from .incident_document import incident_report_document

security_logger = logging.getLogger("security")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render(doc, fmt: str) -> bytes:
    # Imported here: WeasyPrint is heavy, and only these downloads need it.
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(doc)
    from .docx import render_docx

    return render_docx(doc)


def _download(doc, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(render(doc, fmt), content_type=CONTENT_TYPES[fmt])
    # ASCII names only: the title may hold a classified subject.
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _log_classified(user, obj, name: str, fmt: str) -> None:
    if obj.confidentiality > 0:
        # Ids only: no title, subject or organisation.
        security_logger.info(
            "classified_document user=%s object=%s:%s format=%s",
            user.pk,
            name,
            obj.pk,
            fmt,
        )


def _exchange_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_exchange_report_for_user(request.user, pk)
    if not exchange_workflow.can_read_content(request.user, report):
        # A draft stays its organisation's until submitted (as on its page).
        raise PermissionDenied
    _log_classified(request.user, report, "exchangereport", fmt)
    doc = documents.exchange_report_document(request.user, report)
    return _download(doc, fmt, f"bao-cao-trao-doi-thong-tin-{report.pk}")


def _request_dossier(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    obj = get_request_for_user(request.user, pk)
    _log_classified(request.user, obj, "coordinationrequest", fmt)
    doc = documents.request_dossier_document(request.user, obj)
    return _download(doc, fmt, f"ho-so-de-nghi-phoi-hop-{obj.pk}")


def _incident_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    _log_classified(request.user, incident, "incident", fmt)
    doc = incident_report_document(request.user, incident)
    return _download(doc, fmt, f"bao-cao-tinh-huong-{incident.pk}")


@require_GET
def exchange_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _exchange_report(request, pk, "pdf")


@require_GET
def exchange_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _exchange_report(request, pk, "docx")


@require_GET
def request_dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_dossier(request, pk, "pdf")


@require_GET
def request_dossier_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_dossier(request, pk, "docx")


@require_GET
def incident_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_report(request, pk, "pdf")


@require_GET
def incident_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _incident_report(request, pk, "docx")
