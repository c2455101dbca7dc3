"""The archive of signed reports (/bao-cao/luu-tru/) and the outgoing
register (/bao-cao/so-van-ban-di/).

Every object is read through ``reports.visibility`` (404 for anyone else);
the download serves the archived bytes exactly as they were signed, whose
SHA-256 the pages show."""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coordination.exchanges.models import ExchangeRound
from coordination.organizations.models import Organization
from coordination.validators import VietnameseMessagesMixin

from .models import ArchivedDocument
from .register import RegisterError, cancel_number
from .visibility import (
    archive_ward_ids,
    get_archived_document_for_user,
    get_register_entry_for_user,
    register_org_q,
    register_secretary_org_ids,
    visible_archived_documents,
    visible_register_entries,
)

TEMPLATES = "reports/"
PAGE_SIZE = 50
ALL = ("", gettext_lazy("Tất cả"))


class ArchiveFilterForm(VietnameseMessagesMixin, forms.Form):
    """The archive's filters (GET): an invalid value is shown and ignored."""

    round = forms.TypedChoiceField(
        label=gettext_lazy("Kỳ báo cáo"), coerce=int, required=False, empty_value=None
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("Năm"), coerce=int, required=False, empty_value=None
    )
    ward = forms.TypedChoiceField(
        label=gettext_lazy("Đảng bộ"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, rounds, years, wards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [ALL] + [
            (r.pk, f"{r.label} — {r.ward.name}") for r in rounds
        ]
        self.fields["year"].choices = [ALL] + [(y, str(y)) for y in years]
        self.fields["ward"].choices = [ALL] + [(w.pk, w.name) for w in wards]

    def value(self, name: str):
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


def _page(request: HttpRequest, qs):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


@require_GET
def archive_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    wards = archive_ward_ids(user)
    if not wards:
        raise Http404
    visible = visible_archived_documents(user)
    drafts = visible.values("draft_id")
    flt = ArchiveFilterForm(
        request.GET or None,
        rounds=ExchangeRound.objects.filter(report_drafts__in=drafts)
        .select_related("ward")
        .order_by("-period_start", "pk"),
        years=sorted(
            set(visible.values_list("draft__year", flat=True).distinct()),
            reverse=True,
        ),
        wards=Organization.objects.filter(pk__in=wards).order_by("name"),
    )
    qs = visible.select_related(
        "draft__ward", "draft__round", "created_by", "register_entry__signer"
    ).order_by("-created_at", "-pk")
    if flt.value("round"):
        qs = qs.filter(draft__round_id=flt.value("round"))
    if flt.value("year"):
        qs = qs.filter(draft__year=flt.value("year"))
    if flt.value("ward"):
        qs = qs.filter(draft__ward_id=flt.value("ward"))
    page, querystring = _page(request, qs)
    return render(
        request,
        TEMPLATES + "archive_list.html",
        {"filter": flt, "page": page, "querystring": querystring},
    )


@require_GET
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    archived = get_archived_document_for_user(user, pk)
    versions = (
        visible_archived_documents(user)
        .filter(draft_id=archived.draft_id)
        .select_related("register_entry")
        .order_by("version")
    )
    return render(
        request,
        TEMPLATES + "archive_detail.html",
        {"archived": archived, "draft": archived.draft, "versions": versions},
    )


@require_GET
def archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The archived bytes, exactly; the SHA-256 also in ``Repr-Digest``."""
    archived = get_archived_document_for_user(request.user, pk)
    content = bytes(
        ArchivedDocument.objects.filter(pk=archived.pk)
        .values_list("content", flat=True)
        .get()
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{archived.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response


# --- The outgoing register ---------------------------------------------------------------


class RegisterFilterForm(VietnameseMessagesMixin, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Năm"), required=False, min_value=2000, max_value=2100
    )

    def value(self, name: str):
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if register_org_q(user) is None:
        raise Http404
    flt = RegisterFilterForm(request.GET or None)
    qs = visible_register_entries(user).select_related(
        "organization", "signer", "cancelled_by", "document"
    )
    qs = qs.defer("document__content").order_by(
        "-year", "organization__name", "type_code", "-number"
    )
    if flt.value("year"):
        qs = qs.filter(year=flt.value("year"))
    page, querystring = _page(request, qs)
    return render(
        request,
        TEMPLATES + "register_list.html",
        {
            "filter": flt,
            "page": page,
            "querystring": querystring,
            "cancel_orgs": register_secretary_org_ids(user),
        },
    )


@require_POST
def register_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    entry = get_register_entry_for_user(user, pk)
    if entry.organization_id not in register_secretary_org_ids(user):
        raise PermissionDenied
    try:
        cancel_number(entry=entry, by=user, reason=request.POST.get("reason", ""))
    except RegisterError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã hủy số %(symbol)s.") % {"symbol": entry.symbol})
    return redirect("reports:register-list")
