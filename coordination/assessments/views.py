"""Pages for assessments of police work and comments on named officers.
Views fetch only through ``permissions.get_assessment_for_user`` /
``get_officer_comment_for_user`` and the selectors, validate a form, call
one service and redirect; every opening of an officer comment is logged."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.middleware import client_ip

from ..organizations.models import Organization
from ..permissions import (
    get_assessment_for_user,
    get_officer_comment_for_user,
    leader_org_ids,
    visible_assessments,
)
from . import forms, selectors, services

PAGE_SIZE = 25
TEMPLATES = "coordination/assessments/"
POLICE = Organization.Kind.POLICE_COMMITTEE


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def assessment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    cells = Organization.objects.filter(
        pk__in=visible_assessments(user).values("cell_id")
    ).order_by("name", "pk")
    flt = forms.AssessmentFilterForm(
        request.GET or None, cells=cells, rounds=selectors.filter_rounds(user)
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        TEMPLATES + "assessment_list.html",
        {
            "filter": flt,
            "page": _page(
                request, selectors.assessment_list(user, **flt.list_filters())
            ),
            "querystring": params.urlencode(),
            "can_assess": forms.assessing_cells(user).exists(),
        },
    )


def assessment_table(request: HttpRequest) -> HttpResponse:
    table = selectors.assessment_table(request.user)
    rows = [
        (cell, area, table.row(cell, area))
        for cell in table.cells
        for area in table.areas
    ]
    return render(
        request, TEMPLATES + "assessment_table.html", {"table": table, "rows": rows}
    )


def assessment_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not forms.assessing_cells(user).exists():
        raise PermissionDenied
    form = forms.AssessmentForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.create_assessment(by=user, **form.service_kwargs())
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi nhận xét, đánh giá."))
            return redirect(assessment)
    return render(request, TEMPLATES + "assessment_form.html", {"form": form})


def _can_reply(user, assessment) -> bool:
    return assessment.police_id in leader_org_ids(user, (POLICE,))


def assessment_detail(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    user = request.user
    assessment = get_assessment_for_user(user, pk)
    can_reply = _can_reply(user, assessment)
    if can_reply and form is None:
        form = forms.ReplyForm(initial={"reply": assessment.reply})
    return render(
        request,
        TEMPLATES + "assessment_detail.html",
        {
            "object": assessment,
            "lines": assessment.lines.select_related("area", "rating"),
            "form": form if can_reply else None,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def assessment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = get_assessment_for_user(user, pk)
    if not _can_reply(user, assessment):
        raise PermissionDenied
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_assessment(
                assessment=assessment, by=user, **form.service_kwargs()
            )
        except services.AssessmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã gửi ý kiến trả lời."))
        return redirect(assessment)
    return assessment_detail(request, pk, form=form)


def officer_comment_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        TEMPLATES + "officer_comment_list.html",
        {
            "page": _page(request, selectors.officer_comment_list(user)),
            "can_comment": forms.assessing_cells(user).exists(),
        },
    )


def officer_comment_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not forms.assessing_cells(user).exists():
        raise PermissionDenied
    form = forms.OfficerCommentForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_on_officer(by=user, **form.service_kwargs())
        except services.AssessmentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi nhận xét về cán bộ."))
            return redirect(comment)
    return render(request, TEMPLATES + "officer_comment_form.html", {"form": form})


def officer_comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    comment = get_officer_comment_for_user(user, pk)
    services.log_officer_comment_opened(
        comment=comment, by=user, ip_address=client_ip(request)
    )
    return render(
        request,
        TEMPLATES + "officer_comment_detail.html",
        {
            "object": comment,
            "accesses": comment.accesses.select_related("user")[:20],
        },
    )
