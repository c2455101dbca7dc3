"""Documents rendered by a worker: the object is looked up through the same
visibility helper as its page (``coordination.permissions``), when the job is
asked for and again inside the task (a user who lost access meanwhile gets
nothing); the render runs under the task's time limits and a page and size
cap (RELIABILITY.md T19); a failure is recorded on the job with a Vietnamese
message, the traceback only in the log, and its owner is notified."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.exchanges import workflow as exchange_workflow
from coordination.permissions import (
    get_exchange_report_for_user,
    get_report_draft_for_user,
    get_request_for_user,
)

from . import documents, result_report
from .jobs import RenderJob

logger = logging.getLogger(__name__)
Kind = RenderJob.Kind

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILENAMES = {
    Kind.RESULT_REPORT: "bao-cao-ket-qua-thuc-hien-quy-che-{pk}",
    Kind.EXCHANGE_REPORT: "bao-cao-trao-doi-thong-tin-{pk}",
    Kind.DOSSIER: "ho-so-de-nghi-phoi-hop-{pk}",
    Kind.SIGNING: "bao-cao-ket-qua-thuc-hien-quy-che-{pk}",
}


class RenderTooLarge(Exception):
    """The document is over ``REPORT_MAX_PAGES`` pages or ``REPORT_MAX_BYTES``."""


# --- What a user may render ----------------------------------------------------------------


def get_object_for_user(user, kind: str, pk: int):
    """The object through its page's visibility helper: 404 when the user may
    not open it (classified above his clearance included)."""
    if kind == Kind.RESULT_REPORT:
        return get_report_draft_for_user(user, pk)
    if kind == Kind.EXCHANGE_REPORT:
        report = get_exchange_report_for_user(user, pk)
        if not exchange_workflow.can_read_content(user, report):
            # A draft stays its organisation's until submitted (as on its page).
            raise PermissionDenied
        return report
    if kind == Kind.DOSSIER:
        return get_request_for_user(user, pk)
    if kind == Kind.SIGNING:
        from .visibility import signer_ward_ids

        draft = get_report_draft_for_user(user, pk)
        if draft.ward_id not in signer_ward_ids(user):
            raise PermissionDenied  # only the police committee's secretary signs
        return draft
    raise Http404


def document_for(user, kind: str, obj, fmt: str = "pdf"):
    """The ``PartyDocument`` the user reads (``reports.documents``); a
    classified object's rendering is logged (ids only)."""
    from .views import _log_classified

    if kind == Kind.RESULT_REPORT:
        return result_report.result_report_document(user, obj)
    if kind == Kind.EXCHANGE_REPORT:
        _log_classified(user, obj, "exchangereport", fmt)
        return documents.exchange_report_document(user, obj)
    _log_classified(user, obj, "coordinationrequest", fmt)
    return documents.request_dossier_document(user, obj)


# --- Rendering with limits ----------------------------------------------------------------


def document_html(doc) -> tuple[str, str]:
    """The HTML and CSS WeasyPrint lays out (the party document's templates,
    autoescaped). The T19 test's worker replaces this to feed it a monster."""
    from .pdf import STYLESHEET, TEMPLATE, document_context

    context = document_context(doc)
    return render_to_string(TEMPLATE, context), render_to_string(STYLESHEET, context)


def limited_html_to_pdf(html: str, css: str, max_pages: int, progress=None) -> bytes:
    """``reports.pdf.html_to_pdf`` with a page cap between layout and writing;
    the time limit is the task's (``SoftTimeLimitExceeded`` interrupts the
    layout)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .pdf import FontOnlyURLFetcher

    fetcher = FontOnlyURLFetcher()
    font_config = FontConfiguration()
    stylesheets = (
        [CSS(string=css, url_fetcher=fetcher, font_config=font_config)] if css else []
    )
    laid_out = HTML(string=html, base_url=None, url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=font_config
    )
    if len(laid_out.pages) > max_pages:
        raise RenderTooLarge(f"{len(laid_out.pages)} pages")
    if progress:
        progress(_("Đang ghi tệp PDF (%(n)s trang)…") % {"n": len(laid_out.pages)})
    return laid_out.write_pdf()


def render_bytes(doc, fmt: str, progress=None) -> bytes:
    if fmt == "pdf":
        if progress:
            progress(_("Đang dàn trang…"))
        html, css = document_html(doc)
        data = limited_html_to_pdf(html, css, settings.REPORT_MAX_PAGES, progress)
    elif fmt == "docx":
        from .docx import render_docx

        data = render_docx(doc)
    else:
        from .xlsx import render_xlsx

        data = render_xlsx(doc)
    if len(data) > settings.REPORT_MAX_BYTES:
        raise RenderTooLarge(f"{len(data)} bytes")
    return data


# --- Jobs ---------------------------------------------------------------------------------


def visible_render_jobs(user):
    """A job is its owner's only: nobody else sees it, staff included."""
    if not user.is_authenticated:
        return RenderJob.objects.none()
    return RenderJob.objects.filter(user=user)


def start_render(user, kind: str, pk: int, fmt: str) -> RenderJob:
    """A queued job for an object the user may open (404 otherwise); the task
    is published after commit. A broker that is away leaves the job queued:
    its page publishes it again (``requeue_if_stale``)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    obj = get_object_for_user(user, kind, pk)
    job = RenderJob.objects.create(
        user=user,
        kind=kind,
        object_id=obj.pk,
        fmt=fmt,
        filename=FILENAMES[kind].format(pk=obj.pk),
        progress=_("Đang chờ máy chủ xử lý…"),
    )
    transaction.on_commit(lambda: publish(job.pk))
    return job


def publish(job_id: int) -> bool:
    from .tasks import render_document

    try:
        render_document.delay(job_id)
    except Exception:  # broker down: the job page publishes it again later
        logger.warning("broker unavailable; render job %s left queued", job_id)
        return False
    return True


def _set(job_id: int, **fields) -> int:
    return RenderJob.objects.filter(pk=job_id).update(**fields)


def run_job(job_id: int) -> None:
    """Render the job's document as its owner may see it now. Exceptions other
    than the ones handled here propagate to the task (retry or failure)."""
    from celery.exceptions import SoftTimeLimitExceeded

    with transaction.atomic():
        job = (
            RenderJob.objects.select_for_update()
            .select_related("user")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.is_finished:
            # Done, or failed and shown (a duplicate message never renders a
            # document that hit the limits again).
            return
        job.attempts += 1
        _set(
            job.pk,
            status=RenderJob.Status.RUNNING,
            attempts=job.attempts,
            started_at=timezone.now(),
            progress=_("Đang lấy số liệu…"),
            error="",
        )

    def progress(text: str) -> None:
        _set(job_id, progress=text)

    try:
        try:
            obj = get_object_for_user(job.user, job.kind, job.object_id)
        except (Http404, PermissionDenied):
            fail(job_id, _("Bạn không còn quyền xem văn bản này."))
            return
        if job.kind == Kind.SIGNING:
            _sign(job, obj)
            return
        doc = document_for(job.user, job.kind, obj, job.fmt)
        data = render_bytes(doc, job.fmt, progress)
    except SoftTimeLimitExceeded:
        logger.warning("render job %s: soft time limit exceeded", job_id)
        fail(job_id, _("Văn bản quá lớn, không tạo kịp trong thời gian cho phép."))
        return
    except RenderTooLarge as exc:
        logger.warning("render job %s: too large (%s)", job_id, exc)
        fail(job_id, _("Văn bản vượt quá số trang hoặc dung lượng cho phép."))
        return
    _set(
        job_id,
        status=RenderJob.Status.DONE,
        result=data,
        progress=_("Đã xong."),
        finished_at=timezone.now(),
    )


def _sign(job: RenderJob, draft) -> None:
    """Sign in the worker: number, PDF and archive commit together or not at
    all (a render over the time limit takes no number); the job then offers
    the archived PDF and says its number."""
    from . import services

    try:
        archived = services.sign_report(draft=draft, by=job.user)
    except services.ReportError as exc:
        fail(job.pk, str(exc))
        return
    _set(
        job.pk,
        status=RenderJob.Status.DONE,
        result=bytes(archived.content),
        filename=archived.filename.removesuffix(".pdf"),
        progress=_("Đã ký báo cáo số %(symbol)s; bản PDF đã được lưu trữ.")
        % {"symbol": archived.register_entry.symbol},
        finished_at=timezone.now(),
    )


def fail(job_id: int, message: str = "") -> bool:
    """Mark the job failed (once) and notify its owner after commit."""
    from coordination.notifications.services import notify

    message = message or _("Có lỗi khi tạo văn bản. Vui lòng thử lại.")
    with transaction.atomic():
        job = (
            RenderJob.objects.select_for_update()
            .select_related("user")
            .filter(pk=job_id)
            .exclude(status__in=(RenderJob.Status.DONE, RenderJob.Status.FAILED))
            .first()
        )
        if job is None:
            return False
        _set(
            job.pk,
            status=RenderJob.Status.FAILED,
            error=message[:500],
            progress="",
            finished_at=timezone.now(),
        )
        notify(
            users=[job.user],
            title=_("Không tạo được văn bản %(doc)s") % {"doc": job.get_kind_display()},
            body=message,
            url=job.get_absolute_url(),
            dedup_key=f"render-job-failed:{job.pk}",
        )
    return True


def stale_before(now=None):
    hard = settings.REPORT_RENDER_SOFT_TIME_LIMIT + 10
    return (now or timezone.now()) - datetime.timedelta(seconds=hard + 30)


def settle_stale(job: RenderJob) -> RenderJob:
    """On the job's page: a job still running past the hard time limit lost
    its worker (failed, shown); one queued for a minute is published again."""
    now = timezone.now()
    if job.status == RenderJob.Status.RUNNING and job.started_at < stale_before(now):
        fail(job.pk)
        job.refresh_from_db()
    elif (
        job.status == RenderJob.Status.QUEUED
        and job.created_at < now - datetime.timedelta(seconds=60)
        and not job.attempts
    ):
        RenderJob.objects.filter(pk=job.pk).update(created_at=now)
        publish(job.pk)
    return job


def purge_old_jobs(now=None) -> int:
    """Delete jobs (and their files) finished more than
    ``REPORT_JOB_KEEP_DAYS`` ago, and jobs never finished for as long."""
    before = (now or timezone.now()) - datetime.timedelta(
        days=settings.REPORT_JOB_KEEP_DAYS
    )
    deleted, _ = RenderJob.objects.filter(created_at__lt=before).delete()
    return deleted
