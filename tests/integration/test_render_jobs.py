# ruff: noqa: F811  (the exchange fixtures imported below are used as arguments)
"""T19: PDF resource limits inside the task, on a real prefork worker (time
limits need it) against PostgreSQL and Redis. A 5,000-page document hits the
soft time limit: its job is failed with a Vietnamese message and its owner
notified; a document at ``font-size: 1e9px`` ends too; the next, ordinary job
on the same worker completes."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coordination.models import Notification
from reports.jobs import RenderJob
from reports.models import ReportDraft
from reports.render_jobs import publish
from tests.coordination.exchanges.conftest import (  # noqa: F401
    h1,
    rounds,
    ward_regulation,
)

from .conftest import (
    ROOT,
    free_port,
    publishing_to,
    stop_process,
    subprocess_database_url,
    wait_for,
)

STRESS = Path(__file__).with_name("stress_worker.py")
SOFT_LIMIT = 4


@contextlib.contextmanager
def stress_worker(redis_url, queue, tmp_path):
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "REPORT_RENDER_SOFT_TIME_LIMIT": str(SOFT_LIMIT),
        "VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(STRESS),
                "-A",
                "config",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "-l",
                "info",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                queue,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            ready = wait_for(
                lambda: proc.poll() is not None or "ready" in log_path.read_text(), 60
            )
            assert ready and proc.poll() is None, log_path.read_text()
            yield proc, log_path
        finally:
            stop_process(proc)
            print("--- worker log (tail) ---")
            print(log_path.read_text()[-4000:])


def _draft(ward, h1, assessment, **kw):
    return ReportDraft.objects.create(
        ward=ward.root,
        created_by=ward.officer,
        assessment=assessment,
        **({"round": h1, "year": 2026} | kw),
    )


def _job(ward, draft):
    return RenderJob.objects.create(
        user=ward.officer, kind="result", object_id=draft.pk, fmt="pdf"
    )


def _status(job):
    job.refresh_from_db()
    return job.status if job.is_finished else None


def test_t19_limits_fail_the_job_notify_and_the_worker_goes_on(
    postgres, redis_url, ward, h1, tmp_path
):
    pages = _job(ward, _draft(ward, h1, "T19-PAGES"))
    normal_draft = _draft(ward, h1, "Bình thường", round=None, year=2026)
    font_draft = ReportDraft.objects.create(
        ward=ward.root, created_by=ward.officer, year=2025, assessment="T19-FONT"
    )
    font = _job(ward, font_draft)
    normal = _job(ward, normal_draft)
    queue = f"test-{os.getpid()}-{free_port()}"
    with (
        stress_worker(redis_url, queue, tmp_path) as (proc, log_path),
        publishing_to(redis_url, queue),
    ):
        for job in (pages, font, normal):
            assert publish(job.pk)
        assert wait_for(lambda: _status(pages), SOFT_LIMIT + 60), log_path.read_text()
        assert wait_for(lambda: _status(font), 60), log_path.read_text()
        assert wait_for(lambda: _status(normal), 90), log_path.read_text()
        assert proc.poll() is None  # the worker is still there
        log = log_path.read_text()

    assert pages.status == RenderJob.Status.FAILED
    assert pages.error == "Văn bản quá lớn, không tạo kịp trong thời gian cho phép."
    assert "Soft time limit" in log
    assert pages.result is None
    [note] = Notification.objects.filter(
        user=ward.officer, url=pages.get_absolute_url()
    )
    assert note.title.startswith("Không tạo được")

    # A giant font lays out quickly into few pages (or is refused): it ends.
    assert font.status in (RenderJob.Status.DONE, RenderJob.Status.FAILED)

    assert normal.status == RenderJob.Status.DONE, normal.error
    assert bytes(normal.result).startswith(b"%PDF")
    assert not Notification.objects.filter(url=normal.get_absolute_url()).exists()


@pytest.fixture(autouse=True)
def _fonts():
    from reports.pdf import missing_fonts

    if missing_fonts():
        pytest.skip("fonts-liberation2 not installed")
