"""Pages for the 19/8 festival. Views fetch only through
``reviews.visibility``, validate a form, call one service and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...organizations.models import Organization
from ...permissions import review_host_ward_ids
from ..services import ReviewError
from ..visibility import (
    festival_org_ids,
    get_festival_for_user,
    visible_festival_entries,
    visible_festivals,
)
from . import forms, services

PAGE_SIZE = 25
TEMPLATES = "coordination/reviews/"


def festival_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    festivals = visible_festivals(user).select_related("ward").order_by("-year", "-pk")
    page = Paginator(festivals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        TEMPLATES + "festival_list.html",
        {"page": page, "can_create": bool(review_host_ward_ids(user))},
    )


def festival_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not review_host_ward_ids(user):
        raise PermissionDenied
    form = forms.FestivalForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        try:
            festival = services.record_festival(by=user, **form.service_kwargs())
        except ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi Ngày hội."))
            return redirect(festival)
    return render(
        request,
        TEMPLATES + "festival_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _own_orgs(user, festival):
    return Organization.objects.filter(
        pk__in=festival_org_ids(user), parent_id=festival.ward_id
    ).order_by("name")


def festival_detail(request: HttpRequest, pk: int, form=None) -> HttpResponse:
    user = request.user
    festival = get_festival_for_user(user, pk)
    own = list(_own_orgs(user, festival))
    if own and form is None:
        form = forms.EntryForm(organizations=own)
    entries = visible_festival_entries(user, festival).select_related(
        "organization", "entered_by"
    )
    return render(
        request,
        TEMPLATES + "festival_detail.html",
        {
            "object": festival,
            "entries": entries,
            "form": form if own else None,
            "hosts": festival.ward_id in review_host_ward_ids(user),
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def festival_entry(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    festival = get_festival_for_user(user, pk)
    own = list(_own_orgs(user, festival))
    if not own:
        raise PermissionDenied
    form = forms.EntryForm(request.POST, organizations=own)
    if form.is_valid():
        try:
            services.save_festival_entry(
                festival=festival, by=user, **form.service_kwargs()
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi kết quả tham gia Ngày hội."))
        return redirect(festival)
    return festival_detail(request, pk, form=form)
