"""Documents rendered by the worker (``RenderJob``): "Tạo bản PDF" queues a
job for an object the user may open, its page polls until the PDF is ready,
only its owner sees it; inside the task the permission is checked again, the
time limit, the page cap and database hiccups (retried) end in a job that is
failed, shown and notified, never lost. (The real worker: T19 in
tests/integration/test_render_jobs.py.)"""

from __future__ import annotations

import datetime

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from coordination.models import Membership, Notification
from reports import render_jobs
from reports.jobs import RenderJob
from reports.pdf import missing_fonts
from reports.tasks import render_document

from .conftest import fresh

needs_fonts = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)
HTMX = {"HTTP_HX_REQUEST": "true"}


def _start(client, user, kind, pk, capture, fmt="pdf"):
    client.force_login(fresh(user))
    with capture(execute=True):
        response = client.post(
            reverse("reports:render-job-create"),
            {"kind": kind, "object_id": pk, "fmt": fmt},
        )
    return response


@needs_fonts
def test_pdf_job_end_to_end_for_its_owner_only(
    client, ward, h1_draft, django_capture_on_commit_callbacks
):
    response = _start(
        client, ward.officer, "result", h1_draft.pk, django_capture_on_commit_callbacks
    )
    job = RenderJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:render-job", args=[job.pk])
    # Eager mode (no broker in the tests): the task ran after commit.
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.user == ward.officer and job.attempts == 1
    assert bytes(job.result).startswith(b"%PDF")

    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    download_url = reverse("reports:render-job-download", args=[job.pk])
    assert download_url in html and 'hx-trigger="every 2s"' not in html
    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="bao-cao-ket-qua-thuc-hien-quy-che-{h1_draft.pk}.pdf"'
    )
    assert download.content == bytes(job.result)

    # The standing committee may open the draft, but not the officer's job.
    client.force_login(fresh(ward.standing_member))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(download_url).status_code == 404
    # The owner who has lost access to the draft since gets nothing either.
    Membership.objects.filter(user=ward.officer).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(fresh(ward.officer))
    assert client.get(download_url).status_code == 404
    Membership.objects.filter(user=ward.officer).update(end_date=None)
    client.force_login(fresh(ward.standing_member))
    # The direct download still works.
    assert (
        client.get(reverse("reports:result-report-pdf", args=[h1_draft.pk])).status_code
        == 200
    )


def test_queued_job_page_polls_with_htmx(client, ward, h1_draft):
    job = RenderJob.objects.create(
        user=ward.officer, kind="result", object_id=h1_draft.pk, fmt="pdf"
    )
    client.force_login(fresh(ward.officer))
    full = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in full and "<html" in full
    partial = client.get(job.get_absolute_url(), **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial
    assert f'hx-get="{job.get_absolute_url()}"' in partial
    assert (
        client.get(reverse("reports:render-job-download", args=[job.pk])).status_code
        == 404
    )  # not done yet


def test_no_job_for_an_object_the_user_may_not_open(
    client, ward, h1_draft, outsider, dossier, django_capture_on_commit_callbacks
):
    for user, kind, pk in [
        (outsider, "result", h1_draft.pk),
        (ward.secretary_a, "result", h1_draft.pk),
        (outsider, "dossier", dossier.pk),
        (ward.officer, "bogus", h1_draft.pk),
    ]:
        response = _start(client, user, kind, pk, django_capture_on_commit_callbacks)
        assert response.status_code == 404, (user, kind)
    response = _start(
        client,
        ward.officer,
        "result",
        h1_draft.pk,
        django_capture_on_commit_callbacks,
        fmt="exe",
    )
    assert response.status_code == 404
    assert not RenderJob.objects.exists()
    client.force_login(fresh(ward.officer))
    assert client.get(reverse("reports:render-job-create")).status_code == 405


def _job(ward, draft, **kw):
    kw.setdefault("fmt", "pdf")
    return RenderJob.objects.create(
        user=ward.officer, kind="result", object_id=draft.pk, **kw
    )


def _notes(user):
    return list(
        Notification.objects.filter(user=user, title__startswith="Không tạo được")
    )


def test_permission_is_checked_again_in_the_task(ward, h1_draft):
    job = _job(ward, h1_draft)
    Membership.objects.filter(user=ward.officer).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    render_document.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error == "Bạn không còn quyền xem văn bản này."
    assert job.result is None
    assert len(_notes(ward.officer)) == 1


def test_soft_time_limit_fails_the_job_and_notifies_the_owner(
    ward, h1_draft, monkeypatch, caplog
):
    def endless(doc):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(render_jobs, "document_html", endless)
    job = _job(ward, h1_draft)
    render_document.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert "không tạo kịp" in job.error
    assert "Traceback" not in job.error
    assert job.finished_at is not None
    [note] = _notes(ward.officer)
    assert note.url == job.get_absolute_url()
    # Failing again (a late hard limit) does not notify twice.
    assert render_jobs.fail(job.pk) is False
    assert len(_notes(ward.officer)) == 1


@needs_fonts
def test_the_page_cap(ward, h1_draft):
    job = _job(ward, h1_draft)
    with override_settings(REPORT_MAX_PAGES=1):
        render_document.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert "vượt quá số trang" in job.error


def test_database_hiccup_is_retried_then_done(ward, h1_draft, monkeypatch):
    calls = []
    real = render_jobs.render_bytes

    def flaky(doc, fmt, progress=None):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(doc, fmt, progress)

    monkeypatch.setattr(render_jobs, "render_bytes", flaky)
    job = _job(ward, h1_draft, fmt="xlsx")
    render_document.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.attempts == 2 and len(calls) == 2
    assert bytes(job.result).startswith(b"PK")


def test_retries_spent_the_job_is_failed_not_lost(ward, h1_draft, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(render_jobs, "render_bytes", down)
    job = _job(ward, h1_draft, fmt="docx")
    render_document.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.attempts == 4  # the first run and three retries
    assert job.error == "Có lỗi khi tạo văn bản. Vui lòng thử lại."
    assert len(_notes(ward.officer)) == 1


def test_a_job_whose_worker_died_is_shown_failed(client, ward, h1_draft):
    job = _job(
        ward,
        h1_draft,
        status=RenderJob.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=10),
        attempts=1,
    )
    client.force_login(fresh(ward.officer))
    html = client.get(job.get_absolute_url(), **HTMX).content.decode()
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert "Thử lại" in html and "every 2s" not in html


def test_job_page_queries_do_not_grow_with_jobs(client, ward, h1_draft):
    client.force_login(fresh(ward.officer))
    job = _job(ward, h1_draft, status=RenderJob.Status.DONE, result=b"%PDF")

    def count():
        with CaptureQueriesContext(connection) as q:
            assert client.get(job.get_absolute_url(), **HTMX).status_code == 200
        return len(q)

    count()  # warm up (session, context processors' caches)
    small = count()
    for _ in range(20):
        _job(ward, h1_draft, status=RenderJob.Status.DONE, result=b"%PDF" * 1000)
    assert count() == small


def test_old_jobs_and_their_files_are_purged_daily(ward, h1_draft):
    from django_celery_beat.models import PeriodicTask

    from coordination.schedules import load_schedules
    from reports.tasks import purge_render_jobs_task

    old = _job(ward, h1_draft, status=RenderJob.Status.DONE, result=b"%PDF")
    RenderJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    recent = _job(ward, h1_draft, status=RenderJob.Status.DONE, result=b"%PDF")
    assert purge_render_jobs_task.apply().get() == 1
    assert list(RenderJob.objects.all()) == [recent]
    load_schedules()
    assert PeriodicTask.objects.get(name="purge-render-jobs").crontab is not None
