"""Browser, search, matrix, versions and their differences (every logged-in
user); upload, edit and new versions (administrators); approval (standing
committee). Views fetch, validate, call one service and render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Role, has_role

from . import selectors, services
from .forms import (
    SEARCH_MAX,
    ConfirmImportForm,
    ProvisionForm,
    SearchForm,
    UploadForm,
)
from .models import Regulation, Responsibility


def regulation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regulations/regulation_list.html",
        {"groups": selectors.regulations_by_code()},
    )


def _regulation_context(request: HttpRequest, regulation: Regulation) -> dict:
    return {
        "regulation": regulation,
        "versions": Regulation.objects.filter(code=regulation.code).order_by(
            "-version"
        ),
        "can_edit": has_role(request.user, Role.ADMINISTRATOR),
        "can_approve": services.can_approve(request.user, regulation),
    }


def regulation_detail(request: HttpRequest, code: str, version: int) -> HttpResponse:
    regulation = selectors.get_regulation(code, version)
    roots, _by_ref = selectors.provision_tree(regulation)
    context = _regulation_context(request, regulation)
    context["roots"] = roots
    context["history"] = selectors.change_log(regulation)
    return render(request, "regulations/regulation_detail.html", context)


def regulation_print(request: HttpRequest, code: str, version: int) -> HttpResponse:
    regulation = selectors.get_regulation(code, version)
    roots, _by_ref = selectors.provision_tree(regulation)
    return render(
        request,
        "regulations/regulation_print.html",
        {"regulation": regulation, "roots": roots},
    )


def _regulation_file(code: str, version: int, fmt: str) -> HttpResponse:
    """The decision and the regulation as issued, in the party's format
    (``reports.regulation_document``); every version a user may read."""
    from reports import regulation_document as paper

    regulation = selectors.get_regulation(code, version)
    doc = paper.regulation_document(regulation)
    if fmt == "pdf":
        data = paper.render_regulation_pdf(doc)
        content_type = "application/pdf"
    else:
        data = paper.render_regulation_docx(doc)
        content_type = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{paper.filename(regulation)}.{fmt}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def regulation_pdf(request: HttpRequest, code: str, version: int) -> HttpResponse:
    return _regulation_file(code, version, "pdf")


@require_GET
def regulation_docx(request: HttpRequest, code: str, version: int) -> HttpResponse:
    return _regulation_file(code, version, "docx")


def provision_detail(
    request: HttpRequest, code: str, version: int, ref: str
) -> HttpResponse:
    """The permanent link of a provision: its text, its sub-provisions and the
    duties they give, in the version it belongs to."""
    regulation = selectors.get_regulation(code, version)
    _roots, by_ref = selectors.provision_tree(regulation)
    provision = by_ref.get(ref) or selectors.get_provision(regulation, ref)
    articles = [p for p in by_ref.values() if p.kind == "article"]
    position = next((i for i, a in enumerate(articles) if a.pk == provision.pk), None)
    context = _regulation_context(request, regulation)
    context.update(
        provision=provision,
        ancestors=selectors.ancestors(provision, by_ref),
        previous=articles[position - 1] if position else None,
        next=articles[position + 1]
        if position is not None and position + 1 < len(articles)
        else None,
        query=request.GET.get("q", "")[:SEARCH_MAX],
    )
    return render(request, "regulations/provision_detail.html", context)


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if form.has_criteria():
        criteria = form.criteria()
        results = selectors.search_provisions(
            query=criteria["q"],
            regulation=criteria["regulation"],
            side=criteria["side"],
            area=criteria["area"],
            mode=criteria["mode"],
            cadence=criteria["cadence"],
        )
        page = Paginator(results, 50).get_page(request.GET.get("page"))
        page.object_list = selectors.with_paths(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "regulations/search.html",
        {
            "form": form,
            "page": page,
            "q": form.cleaned_data.get("q", "") if form.is_bound else "",
            "querystring": query.urlencode(),
        },
    )


def matrix(request: HttpRequest, code: str, version: int) -> HttpResponse:
    regulation = selectors.get_regulation(code, version)
    sides, rows = selectors.responsibility_matrix(regulation)
    context = _regulation_context(request, regulation)
    context.update(sides=sides, rows=rows, Mode=Responsibility.Mode)
    return render(request, "regulations/matrix.html", context)


def diff(request: HttpRequest, code: str, old: int, new: int) -> HttpResponse:
    before = selectors.get_regulation(code, old)
    after = selectors.get_regulation(code, new)
    entries = selectors.version_diff(before, after)
    return render(
        request,
        "regulations/diff.html",
        {
            "old": before,
            "new": after,
            "entries": entries,
            "versions": Regulation.objects.filter(code=code).order_by("version"),
        },
    )


# --- changes -------------------------------------------------------------------------


def upload(request: HttpRequest) -> HttpResponse:
    """Import a text: upload → preview of the tree → save as a draft version."""
    services.require_administrator(request.user)
    if request.method == "POST" and "payload" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, " ".join(confirm.errors["payload"]))
            return redirect("regulations:upload")
        try:
            regulation = services.import_regulation(
                by=request.user, **confirm.cleaned_data["payload"]
            )
        except services.RegulationError as exc:
            messages.error(request, str(exc))
            return redirect("regulations:upload")
        messages.success(
            request, _("Đã lưu phiên bản %(v)s (dự thảo).") % {"v": regulation.version}
        )
        return redirect(regulation)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return render(
            request,
            "regulations/upload_preview.html",
            {
                "parsed": form.parsed,
                "counts": form.parsed.counts(),
                "title": form.cleaned_data["title"] or form.parsed.title,
                "code": form.cleaned_data["code"],
                "not_carried": services.reimport_preview(
                    form.parsed, form.cleaned_data["code"]
                ),
                "confirm": ConfirmImportForm(initial={"payload": form.payload()}),
            },
        )
    return render(request, "regulations/upload.html", {"form": form})


@require_POST
def version_create(request: HttpRequest, code: str, version: int) -> HttpResponse:
    services.require_administrator(request.user)
    regulation = selectors.get_regulation(code, version)
    draft = services.create_version(regulation=regulation, by=request.user)
    messages.success(
        request,
        _("Đã tạo phiên bản %(v)s (dự thảo) để sửa.") % {"v": draft.version},
    )
    return redirect(draft)


def provision_edit(
    request: HttpRequest, code: str, version: int, ref: str
) -> HttpResponse:
    services.require_administrator(request.user)
    regulation = selectors.get_regulation(code, version)
    provision = selectors.get_provision(regulation, ref)
    if not regulation.is_editable:
        messages.error(
            request,
            _("Phiên bản này không phải dự thảo; hãy tạo phiên bản mới để sửa."),
        )
        return redirect(provision)
    form = ProvisionForm(request.POST or None, instance=provision)
    if request.method == "POST" and form.is_valid():
        services.edit_provision(
            provision=provision, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Đã lưu."))
        return redirect(provision)
    return render(
        request,
        "regulations/provision_edit.html",
        {"form": form, "provision": provision, "regulation": regulation},
    )


@require_POST
def approve(request: HttpRequest, code: str, version: int) -> HttpResponse:
    if not has_role(request.user, Role.STANDING_COMMITTEE):
        raise PermissionDenied
    regulation = selectors.get_regulation(code, version)
    if not services.can_approve(request.user, regulation):
        raise PermissionDenied
    try:
        services.approve_version(regulation=regulation, by=request.user)
    except services.RegulationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Phiên bản %(v)s đã có hiệu lực; phiên bản trước được thay thế.")
            % {"v": regulation.version},
        )
    return redirect(regulation)
