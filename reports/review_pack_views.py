"""The review meeting's pack (``reports.review_pack``): a printable page,
PDF and DOCX for whoever may open the meeting; and, for the report's
editors, the year's result report draft created (or opened) through
``draft_views.result_report_create`` with its empty hand-written sections
taken from the meeting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coordination.permissions import get_review_meeting_for_user

from . import draft_views, review_pack
from .document import recipient_lines, upper_vi
from .models import ReportDraft
from .views import _download
from .visibility import editor_ward_ids


@require_GET
def review_pack_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_review_meeting_for_user(user, pk)
    doc = review_pack.review_pack_document(user, meeting)
    return render(
        request,
        "reports/review_pack.html",
        {
            "meeting": meeting,
            "doc": doc,
            "superior": upper_vi(doc.superior_body),
            "issuer": upper_vi(doc.issuing_body),
            "recipient_lines": recipient_lines(doc.recipients),
            "can_draft": meeting.ward_id in editor_ward_ids(user),
            "draft": ReportDraft.objects.filter(
                ward_id=meeting.ward_id, round__isnull=True, year=meeting.year
            ).first(),
        },
    )


def _pack(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = get_review_meeting_for_user(request.user, pk)
    doc = review_pack.review_pack_document(request.user, meeting)
    return _download(doc, fmt, f"bo-tai-lieu-hop-{meeting.pk}")


@require_GET
def review_pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pack(request, pk, "pdf")


@require_GET
def review_pack_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _pack(request, pk, "docx")


@require_POST
def review_pack_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's report draft, created by the result report's own view (the
    meeting's ward and year, whatever was posted), then pre-filled."""
    user = request.user
    meeting = get_review_meeting_for_user(user, pk)
    if meeting.ward_id not in editor_ward_ids(user):
        raise PermissionDenied
    post = request.POST.copy()
    post.pop("round", None)
    post["ward"], post["year"] = str(meeting.ward_id), str(meeting.year)
    request.POST = post
    response = draft_views.result_report_create(request)
    draft = ReportDraft.objects.get(
        ward_id=meeting.ward_id, round__isnull=True, year=meeting.year
    )
    if review_pack.prefill_draft(draft=draft, meeting=meeting, by=user):
        messages.success(
            request, _("Đã điền các phần viết tay của báo cáo từ cuộc họp.")
        )
    return response
