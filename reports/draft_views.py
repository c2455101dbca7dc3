"""The police committee's report on the regulation's implementation: the list
of drafts of the user's wards, creating one for a six-monthly round or a year,
editing the hand-written sections, the secretary's "Đã ký", the downloads.

Drafts are read only through ``permissions.visible_report_drafts`` (the
ward's police committee, standing committee and office; 404 for anyone else);
the police committee's secretary, deputies and support staff write; its
secretary signs."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coordination.exchanges.models import ExchangeRound
from coordination.organizations.models import Organization, Term
from coordination.permissions import (
    get_report_draft_for_user,
    report_ward_ids,
    visible_report_drafts,
)
from coordination.validators import parse_int

from . import render_jobs, result_report, services, term_report
from .forms import ReportDraftForm
from .jobs import RenderJob
from .models import ReportDraft
from .views import _download
from .visibility import (
    archive_ward_ids,
    editor_ward_ids,
    register_org_q,
    signer_ward_ids,
    visible_archived_documents,
)

logger = logging.getLogger(__name__)
POLICE = (Organization.Kind.POLICE_COMMITTEE,)
TEMPLATES = "reports/"


def _choices(user, wards: set[int]):
    """The six-monthly rounds and years of the user's wards still without a
    draft."""
    rounds = list(
        ExchangeRound.objects.filter(
            ward_id__in=wards, kind__in=result_report.SIX_MONTHLY
        )
        .exclude(report_drafts__isnull=False)
        .select_related("ward")
        .order_by("-period_start", "pk")
    )
    taken = set(
        ReportDraft.objects.filter(
            ward_id__in=wards, round__isnull=True, term__isnull=True
        ).values_list("ward_id", "year")
    )
    years = sorted(
        {
            (r.ward_id, r.ward.name, r.year)
            for r in ExchangeRound.objects.filter(
                ward_id__in=wards, kind__in=ExchangeRound.PERIODIC_KINDS
            ).select_related("ward")
            if (r.ward_id, r.year) not in taken
        },
        key=lambda t: (t[1], -t[2]),
    )
    return rounds, years


@require_GET
def result_report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not report_ward_ids(user):
        raise Http404
    drafts = visible_report_drafts(user).select_related(
        "ward", "round", "term", "signed_by", "updated_by"
    )
    editor_wards = editor_ward_ids(user)
    rounds, years = _choices(user, editor_wards) if editor_wards else ([], [])
    return render(
        request,
        TEMPLATES + "result_report_list.html",
        {
            "drafts": drafts,
            "rounds": rounds,
            "years": years,
            "terms": term_report.open_terms(editor_wards),
            "chosen_round": parse_int(request.GET.get("round", "")),
            "can_see_archive": bool(archive_ward_ids(user)),
            "can_see_register": register_org_q(user) is not None,
        },
    )


@require_POST
def result_report_create(request: HttpRequest) -> HttpResponse:
    """A draft for a round (``round``), a year (``ward`` and ``year``) or a
    term (``term``: the end-of-term report); the existing one if there is
    one."""
    user = request.user
    if not report_ward_ids(user):
        raise Http404
    wards = editor_ward_ids(user)
    if not wards:
        raise PermissionDenied
    round_pk = parse_int(request.POST.get("round", ""))
    term_pk = parse_int(request.POST.get("term", ""))
    if term_pk:
        term = Term.objects.filter(pk=term_pk, organization_id__in=wards).first()
        if term is None:
            raise Http404
        lookup = {
            "ward_id": term.organization_id,
            "term": term,
            "round": None,
            "year": term.end_year,
        }
    elif round_pk:
        round_ = ExchangeRound.objects.filter(
            pk=round_pk, ward_id__in=wards, kind__in=result_report.SIX_MONTHLY
        ).first()
        if round_ is None:
            raise Http404
        lookup = {"ward_id": round_.ward_id, "round": round_, "year": round_.year}
    else:
        ward_pk = parse_int(request.POST.get("ward", ""))
        year = parse_int(request.POST.get("year", ""))
        if ward_pk not in wards or not year or not 2000 <= year <= 2100:
            raise Http404
        lookup = {"ward_id": ward_pk, "round": None, "term": None, "year": year}
    with transaction.atomic():
        draft, created = ReportDraft.objects.get_or_create(
            **lookup, defaults={"created_by": user, "updated_by": user}
        )
    if created:
        messages.success(request, _("Đã tạo dự thảo báo cáo."))
    return redirect(draft)


def _can_edit(user, draft: ReportDraft) -> bool:
    return not draft.is_final and draft.ward_id in editor_ward_ids(user)


def result_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    draft = get_report_draft_for_user(user, pk)
    can_edit = _can_edit(user, draft)
    form = ReportDraftForm(instance=draft) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "regenerate":
            # The data sections are computed at every render: this records
            # when they were last looked at and shows them again.
            ReportDraft.objects.filter(pk=draft.pk).update(
                data_refreshed_at=timezone.now()
            )
            messages.success(request, _("Đã tạo lại số liệu từ dữ liệu hiện có."))
            return redirect(draft)
        form = ReportDraftForm(request.POST, instance=draft)
        if form.is_valid():
            draft = form.save(commit=False)
            draft.updated_by = user
            draft.save()
            messages.success(request, _("Đã lưu dự thảo báo cáo."))
            return redirect(draft)
    elif request.method != "GET":
        return HttpResponse(status=405)
    period = result_report.period_of(draft)
    sections = result_report.data_sections(user, draft, period)
    if draft.term_id:  # the end-of-term report opens with its years
        sections.insert(0, term_report.years_section(user, draft, period))
    return render(
        request,
        TEMPLATES + "result_report_edit.html",
        {
            "draft": draft,
            "form": form,
            "can_edit": can_edit,
            "can_sign": not draft.is_final and draft.ward_id in signer_ward_ids(user),
            "can_reopen": draft.is_final and draft.ward_id in editor_ward_ids(user),
            "archives": visible_archived_documents(user)
            .filter(draft_id=draft.pk)
            .select_related("register_entry", "created_by")
            .order_by("-version"),
            "period": period,
            "sections": sections,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@require_POST
def result_report_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The police committee's secretary signs: the worker takes a number from
    the register, renders the PDF and archives it with its SHA-256, and the
    standing committee is told (``render_jobs``: never inside this request);
    the job's page shows the number when done."""
    user = request.user
    draft = get_report_draft_for_user(user, pk)
    if draft.ward_id not in signer_ward_ids(user):
        raise PermissionDenied
    if draft.is_final:
        messages.error(request, _("Báo cáo đã được ký, không ký lại được."))
        return redirect(draft)
    job = render_jobs.start_render(user, RenderJob.Kind.SIGNING, draft.pk, "pdf")
    return redirect(job)


@require_POST
def result_report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's editors open a signed report for a new version."""
    user = request.user
    draft = get_report_draft_for_user(user, pk)
    if draft.ward_id not in editor_ward_ids(user):
        raise PermissionDenied
    try:
        draft = services.reopen_report(draft=draft, by=user)
    except services.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đã mở phiên bản %(version)s của báo cáo.") % {"version": draft.version},
        )
    return redirect(draft)


def _result_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    draft = get_report_draft_for_user(request.user, pk)
    doc = result_report.result_report_document(request.user, draft)
    return _download(doc, fmt, f"bao-cao-ket-qua-thuc-hien-quy-che-{draft.pk}")


@require_GET
def result_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _result_report(request, pk, "pdf")


@require_GET
def result_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _result_report(request, pk, "docx")
