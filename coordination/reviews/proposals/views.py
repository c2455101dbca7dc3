"""Pages for commendation, criticism and amendment proposals. Views fetch
only through ``reviews.visibility`` and the selectors, validate a form, call
one service and redirect; an object the user may not see is a 404, an action
he may not take on one he sees a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...permissions import (
    get_review_meeting_for_user,
    review_host_ward_ids,
    standing_root_ids,
)
from ...validators import parse_int
from ..services import ReviewError
from ..visibility import (
    decider_root_ids,
    get_amendment_for_user,
    get_compilation_for_user,
    get_proposal_for_user,
    proposer_org_ids,
    raiser_org_ids,
)
from . import amendments, forms, selectors, services
from .models import Decision

PAGE_SIZE = 25
TEMPLATES = "coordination/reviews/"


def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.proposal_list(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        TEMPLATES + "proposal_list.html",
        {"page": page, "can_propose": bool(proposer_org_ids(user))},
    )


def proposal_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not proposer_org_ids(user):
        raise PermissionDenied
    meeting = None
    meeting_pk = parse_int(request.GET.get("meeting", ""))
    if meeting_pk is not None:
        meeting = get_review_meeting_for_user(user, meeting_pk)
    form = forms.ProposalForm(
        request.POST if request.method == "POST" else None, user=user, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose(by=user, **form.service_kwargs())
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi đề xuất."))
            return redirect(proposal)
    return render(
        request,
        TEMPLATES + "proposal_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


def _decides(user, proposal) -> bool:
    return proposal.ward_id in decider_root_ids(user, proposal.deciding_body)


def proposal_detail(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    can_decide = _decides(user, proposal) and proposal.state == Decision.PENDING
    evidence, hidden = selectors.evidence_for(user, proposal)
    return render(
        request,
        TEMPLATES + "proposal_detail.html",
        {
            "object": proposal,
            "evidence": evidence,
            "hidden_evidence": hidden,
            "form": (form or forms.DecisionForm()) if can_decide else None,
        },
        status=400 if form is not None else 200,
    )


@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = get_proposal_for_user(user, pk)
    if not _decides(user, proposal):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(proposal=proposal, by=user, **form.service_kwargs())
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi quyết định."))
            return redirect(proposal)
    return proposal_detail(request, pk, form=form)


def amendment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.amendment_list(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        TEMPLATES + "amendment_list.html",
        {
            "page": page,
            "compilations": selectors.compilation_list(user)[:PAGE_SIZE],
            "can_raise": bool(raiser_org_ids(user)),
            "can_compile": bool(review_host_ward_ids(user)),
        },
    )


def amendment_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not raiser_org_ids(user):
        raise PermissionDenied
    form = forms.AmendmentForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = amendments.raise_amendment(by=user, **form.service_kwargs())
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi kiến nghị."))
            return redirect(item)
    return render(
        request,
        TEMPLATES + "amendment_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def amendment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_amendment_for_user(request.user, pk)
    return render(
        request,
        TEMPLATES + "amendment_detail.html",
        {
            "object": item,
            "provisions": selectors.with_parents().filter(amendment_proposals=item),
        },
    )


def compilation_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    wards = review_host_ward_ids(user)
    if not wards:
        raise PermissionDenied
    form = forms.CompilationForm(
        request.POST if request.method == "POST" else None, wards=wards
    )
    if request.method == "POST" and form.is_valid():
        try:
            compilation = amendments.compile_amendments(
                by=user, **form.service_kwargs()
            )
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi tờ trình lên Ban Thường vụ."))
            return redirect(compilation)
    return render(
        request,
        TEMPLATES + "compilation_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def compilation_detail(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    user = request.user
    compilation = get_compilation_for_user(user, pk)
    can_decide = (
        compilation.ward_id in standing_root_ids(user)
        and compilation.state == Decision.PENDING
    )
    return render(
        request,
        TEMPLATES + "compilation_detail.html",
        {
            "object": compilation,
            "items": selectors.compilation_items(user, compilation),
            "changed": selectors.with_parents().filter(amended_by=compilation),
            "form": (form or forms.DecisionForm()) if can_decide else None,
        },
        status=400 if form is not None else 200,
    )


@require_POST
def compilation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    compilation = get_compilation_for_user(user, pk)
    if compilation.ward_id not in standing_root_ids(user):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            amendments.decide_amendments(
                compilation=compilation, by=user, **form.service_kwargs()
            )
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi quyết định."))
            return redirect(compilation)
    return compilation_detail(request, pk, form=form)
