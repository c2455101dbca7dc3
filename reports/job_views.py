"""Documents rendered by the worker: "Tạo bản PDF" queues a ``RenderJob``
(the object through its page's visibility helper, 404 otherwise), its page
shows the progress (htmx polls every 2 s until the job is finished) and then
the download link. Only the job's owner sees the job (404 for anyone else).

The XLSX downloads (every table of the document as a sheet) are direct: no
layout, so no risk of a request that times out."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from coordination.validators import parse_int

from . import render_jobs
from .jobs import RenderJob
from .xlsx import render_xlsx

TEMPLATES = "reports/"


def _file_response(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=render_jobs.CONTENT_TYPES[fmt])
    # ASCII names only: the title may hold a classified subject.
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def render_job_create(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    pk = parse_int(request.POST.get("object_id", ""))
    fmt = request.POST.get("fmt", "pdf")
    if kind not in RenderJob.Kind.values or not pk:
        raise Http404
    job = render_jobs.start_render(request.user, kind, pk, fmt)
    return redirect(job)


def _own_job(request: HttpRequest, pk: int) -> RenderJob:
    return get_object_or_404(
        render_jobs.visible_render_jobs(request.user).defer("result"), pk=pk
    )


@require_GET
def render_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = render_jobs.settle_stale(_own_job(request, pk))
    template = "_render_job_status.html" if request.htmx else "render_job.html"
    response = render(request, TEMPLATES + template, {"job": job})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def render_job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        render_jobs.visible_render_jobs(request.user).filter(
            status=RenderJob.Status.DONE
        ),
        pk=pk,
    )
    # The owner may have lost access to the object since: checked again.
    render_jobs.get_object_for_user(request.user, job.kind, job.object_id)
    return _file_response(bytes(job.result), job.fmt, job.filename)


def _xlsx(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    obj = render_jobs.get_object_for_user(request.user, kind, pk)
    doc = render_jobs.document_for(request.user, kind, obj, "xlsx")
    filename = render_jobs.FILENAMES[kind].format(pk=obj.pk)
    return _file_response(render_xlsx(doc), "xlsx", filename)


@require_GET
def result_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _xlsx(request, RenderJob.Kind.RESULT_REPORT, pk)


@require_GET
def exchange_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _xlsx(request, RenderJob.Kind.EXCHANGE_REPORT, pk)


@require_GET
def request_dossier_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _xlsx(request, RenderJob.Kind.DOSSIER, pk)
