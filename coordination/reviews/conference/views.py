"""Pages for the "Công an lắng nghe ý kiến Nhân dân" conference. Views fetch
only through ``reviews.visibility``, validate a form, call one service and
redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...permissions import drafting_org_ids, review_host_ward_ids
from ..services import ReviewError
from ..visibility import (
    get_conference_for_user,
    get_opinion_for_user,
    visible_conferences,
)
from . import forms, services

PAGE_SIZE = 25
TEMPLATES = "coordination/reviews/"


def conference_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    conferences = (
        visible_conferences(user).select_related("ward").order_by("-held_on", "-pk")
    )
    page = Paginator(conferences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        TEMPLATES + "conference_list.html",
        {"page": page, "can_create": bool(review_host_ward_ids(user))},
    )


def conference_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not review_host_ward_ids(user):
        raise PermissionDenied
    form = forms.ConferenceForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.hold_conference(by=user, **form.service_kwargs())
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi hội nghị."))
            return redirect(conference)
    return render(
        request,
        TEMPLATES + "conference_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def conference_detail(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    user = request.user
    conference = get_conference_for_user(user, pk)
    hosts = conference.ward_id in review_host_ward_ids(user)
    if hosts and form is None:
        form = forms.OpinionForm(conference=conference)
    return render(
        request,
        TEMPLATES + "conference_detail.html",
        {
            "object": conference,
            "opinions": conference.opinions.select_related("assignee", "answered_by"),
            "form": form if hosts else None,
            "own_org_ids": drafting_org_ids(user),
            "today": timezone.localdate(),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    conference = get_conference_for_user(user, pk)
    if conference.ward_id not in review_host_ward_ids(user):
        raise PermissionDenied
    form = forms.OpinionForm(request.POST, conference=conference)
    if form.is_valid():
        try:
            services.add_opinion(
                conference=conference, by=user, **form.service_kwargs()
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi ý kiến và giao đơn vị giải quyết."))
        return redirect(conference)
    return conference_detail(request, pk, form=form)


@require_POST
def opinion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    opinion = get_opinion_for_user(user, pk)
    if opinion.assignee_id not in drafting_org_ids(user):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_opinion(opinion=opinion, by=user, **form.service_kwargs())
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã trả lời ý kiến."))
    else:
        messages.error(request, _("Xin ghi nội dung trả lời."))
    return redirect(opinion.conference)
