"""Pages for review meetings. Views fetch only through
``permissions.get_review_meeting_for_user`` and the selectors, validate a
form, call one service and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..permissions import (
    drafting_org_ids,
    get_review_meeting_for_user,
    review_host_ward_ids,
)
from . import forms, selectors, services
from .models import ReviewMeeting

PAGE_SIZE = 25
TEMPLATES = "coordination/reviews/"


def review_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.review_list(user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        TEMPLATES + "review_list.html",
        {"page": page, "can_schedule": bool(review_host_ward_ids(user))},
    )


def review_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not review_host_ward_ids(user):
        raise PermissionDenied
    form = forms.ReviewForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_review(by=user, **form.service_kwargs())
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lên lịch họp và gửi giấy mời."))
            return redirect(meeting)
    return render(request, TEMPLATES + "review_form.html", {"form": form})


def _hosts(user, meeting) -> bool:
    return meeting.ward_id in review_host_ward_ids(user)


def review_detail(request: HttpRequest, pk: int, item_form=None) -> HttpResponse:
    user = request.user
    meeting = get_review_meeting_for_user(user, pk)
    hosts = _hosts(user, meeting)
    if hosts and item_form is None:
        item_form = forms.ItemForm(meeting=meeting)
    context = selectors.review_detail(meeting, user)
    return render(
        request,
        TEMPLATES + "review_detail.html",
        {
            "object": meeting,
            **context,
            "hosts": hosts,
            "can_edit": hosts and meeting.state == ReviewMeeting.State.PLANNED,
            "item_form": item_form if hosts else None,
            "own_org_ids": drafting_org_ids(user),
            "today": timezone.localdate(),
        },
        status=400 if item_form is not None and item_form.errors else 200,
    )


def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A planned meeting's schedule, before it is held (the hosts)."""
    user = request.user
    meeting = get_review_meeting_for_user(user, pk)
    if not _hosts(user, meeting) or meeting.state != ReviewMeeting.State.PLANNED:
        raise PermissionDenied
    form = forms.EditForm(
        request.POST if request.method == "POST" else None, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_review(meeting=meeting, by=user, **form.service_kwargs())
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã sửa lịch họp."))
            return redirect(meeting)
    return render(
        request,
        TEMPLATES + "review_edit.html",
        {"object": meeting, "form": form},
        status=400 if form.errors else 200,
    )


def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_review_meeting_for_user(user, pk)
    if not _hosts(user, meeting):
        raise PermissionDenied
    form = forms.RecordForm(
        request.POST if request.method == "POST" else None, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(meeting=meeting, by=user, **form.service_kwargs())
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi kết quả cuộc họp."))
            return redirect(meeting)
    return render(
        request,
        TEMPLATES + "review_record.html",
        {"object": meeting, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def review_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = get_review_meeting_for_user(user, pk)
    if not _hosts(user, meeting):
        raise PermissionDenied
    form = forms.ItemForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.add_review_item(meeting=meeting, by=user, **form.service_kwargs())
        except services.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã giao việc cần làm."))
        return redirect(meeting)
    return review_detail(request, pk, item_form=form)


@require_POST
def review_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = selectors.review_item_for_user(user, pk)
    if item.owner_id not in drafting_org_ids(user):
        raise PermissionDenied
    form = forms.DoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_review_item(item=item, by=user, **form.service_kwargs())
        except services.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã báo hoàn thành."))
    return redirect(item.meeting)
