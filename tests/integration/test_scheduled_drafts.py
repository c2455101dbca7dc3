# ruff: noqa: F811  (the exchange fixtures imported below are used as arguments)
"""Scheduled drafts end to end: beat (the default entry, changed to every
second as an administrator would) → Redis → a real worker whose clock is the
day after the H1 round's lock date (time-machine) → PostgreSQL → the SMTP
sink. The draft is created once, the police committee's leaders and support
staff are told once, however often beat fires."""

from __future__ import annotations

import collections
import datetime
import os
import time

from django_celery_beat.models import IntervalSchedule, PeriodicTask

from coordination.schedules import load_schedules
from reports.models import ReportDraft
from tests.coordination.exchanges.conftest import (  # noqa: F401
    h1,
    rounds,
    ward_regulation,
)

from .conftest import WORKER_ARGS, celery_process, free_port, publishing_to, wait_for


def _subjects(sink) -> collections.Counter:
    return collections.Counter(
        r[0].split("@")[0]
        for r, m in sink.messages
        if "Dự thảo báo cáo kết quả" in m["Subject"]
    )


def test_after_the_lock_date_a_real_worker_compiles_the_draft_once(
    postgres, redis_url, smtp_sink, ward, h1, tmp_path
):
    queue = f"test-{os.getpid()}-{free_port()}"
    load_schedules()
    task = PeriodicTask.objects.get(name="create-report-drafts")
    task.crontab = None
    task.interval, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    task.queue = queue
    task.save()
    PeriodicTask.objects.exclude(pk=task.pk).update(enabled=False)
    (tmp_path / "beat").mkdir()
    day = h1.lock_date + datetime.timedelta(days=1)
    with (
        celery_process(
            "beat",
            broker_url=redis_url,
            smtp_port=smtp_sink.port,
            tmp_path=tmp_path / "beat",
            args=("-l", "info", "--pidfile", str(tmp_path / "beat.pid")),
            ready_text="beat: Starting",
        ),
        publishing_to(redis_url, queue),
        celery_process(
            "worker",
            broker_url=redis_url,
            smtp_port=smtp_sink.port,
            tmp_path=tmp_path,
            args=(*WORKER_ARGS, "-Q", queue),
            ready_text="ready",
            fake_now=f"{day.isoformat()}T07:35:00+07:00",
            env={"CELERY_TASK_DEFAULT_QUEUE": queue},
        ),
    ):
        assert wait_for(
            lambda: set(_subjects(smtp_sink)) >= {"officer", "police_staff"}, 60
        ), _subjects(smtp_sink)
        time.sleep(4)  # beat keeps firing every second: nothing more
    draft = ReportDraft.objects.get()
    assert (draft.ward, draft.round, draft.created_by) == (ward.root, h1, ward.officer)
    assert _subjects(smtp_sink) == {"officer": 1, "police_staff": 1}
