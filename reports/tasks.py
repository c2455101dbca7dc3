"""The reports' Celery tasks: documents rendered outside the web request
(``render_jobs``), and the drafts compiled after a round's lock date
(``scheduled``)."""

from __future__ import annotations

import logging
import random

from celery import Task, shared_task
from django.conf import settings
from django.db import OperationalError

from . import render_jobs, scheduled

logger = logging.getLogger(__name__)
SOFT_LIMIT = settings.REPORT_RENDER_SOFT_TIME_LIMIT


class RenderTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Any failure the task did not handle itself (a hard time limit, an
        error, the retries spent): the job is failed and shown, never left
        running. The traceback goes to the log only."""
        logger.error("render task %s failed: %r", task_id, exc)
        if args:
            try:
                render_jobs.fail(args[0])
            except Exception:  # the database itself is away: the page settles it
                logger.exception("could not mark render job %s failed", args[0])


@shared_task(
    bind=True,
    base=RenderTask,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=SOFT_LIMIT + 10,
    max_retries=3,
)
def render_document(self, job_id: int) -> None:
    try:
        render_jobs.run_job(job_id)
    except OperationalError as exc:
        # The database went away for a moment: again after 2, 4, 8 s (±20 %).
        delay = 2 ** (self.request.retries + 1) * random.uniform(0.8, 1.2)  # noqa: S311
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(ignore_result=True)
def create_scheduled_drafts_task() -> int:
    """Beat, daily: the drafts due after a round's lock date or on the ward's
    year date (idempotent; see ``scheduled.create_due_drafts``)."""
    return len(scheduled.create_due_drafts())


@shared_task(ignore_result=True)
def purge_render_jobs_task() -> int:
    """Beat, daily: rendered files are kept ``REPORT_JOB_KEEP_DAYS`` days."""
    return render_jobs.purge_old_jobs()
