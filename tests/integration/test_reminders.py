# ruff: noqa: F811  (the exchange fixtures imported below are used as arguments)
"""Reminders end to end: beat (django-celery-beat's database scheduler, the
entry changed as an administrator would) → Redis → a real worker whose clock
is moved across the H1 round with time-machine → PostgreSQL → the SMTP sink.
Each stage's digest arrives once to each owing person and to nobody else; the
cell that submits stops getting them; a person in two owing organisations gets
one digest. The fault tests: two beats at once (T31), the worker killed
mid-sweep (T30), the SMTP server down then flaky (T32)."""

from __future__ import annotations

import collections
import datetime
import os
import signal
import time

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from coordination.exchanges import services as exchange_services
from coordination.models import Membership, OutboundEmail, Reminder
from coordination.schedules import load_schedules
from tests.coordination.exchanges.conftest import (  # noqa: F401
    fresh,
    h1,
    report_of,
    rounds,
    ward_regulation,
)
from tests.factories import make_user

from .conftest import (
    WORKER_ARGS,
    celery_process,
    free_port,
    publishing_to,
    wait_for,
)

D = datetime.date
MORNING = "T07:35:00+07:00"


@pytest.fixture
def queue():
    return f"test-{os.getpid()}-{free_port()}"


@pytest.fixture
def beat_entry(postgres, queue):
    """The sweep's beat entry, every second, on this test's queue: what an
    administrator would set in the admin (the default is 07:30 daily)."""
    load_schedules()
    task = PeriodicTask.objects.get(name="send-reminders")
    every, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    task.crontab = None
    task.interval = every
    task.queue = queue
    task.save()
    PeriodicTask.objects.exclude(pk=task.pk).update(enabled=False)
    return task


def _drain_every_second(queue):
    """The outbox sweep on: it sends what a killed worker committed but never
    queued, and retries what the SMTP server refused."""
    drain = PeriodicTask.objects.get(name="drain-outbox")
    drain.enabled, drain.queue, drain.crontab = True, queue, None
    drain.interval, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    drain.save()


def _beat(tmp_path, redis_url, smtp_port, n=1):
    return celery_process(
        "beat",
        broker_url=redis_url,
        smtp_port=smtp_port,
        tmp_path=tmp_path / f"beat{n}",
        args=("-l", "info", "--pidfile", str(tmp_path / f"beat{n}.pid")),
        ready_text="beat: Starting",
    )


def _worker(tmp_path, redis_url, smtp_port, queue, day, env=None):
    return celery_process(
        "worker",
        broker_url=redis_url,
        smtp_port=smtp_port,
        tmp_path=tmp_path,
        args=(*WORKER_ARGS, "-Q", queue),
        ready_text="ready",
        fake_now=f"{day.isoformat()}{MORNING}",
        env={"CELERY_TASK_DEFAULT_QUEUE": queue, **(env or {})},
    )


def _recipients(sink) -> collections.Counter:
    """Reminder digests per person (other notices, e.g. of a submission, aside)."""
    return collections.Counter(
        r[0].split("@")[0] for r, m in sink.messages if "Nhắc việc" in m["Subject"]
    )


OWING_ON_JULY_1 = {
    "secretary_a",
    "deputy_a",
    "staff_a",
    "secretary_b",
    "officer",
    "police_staff",
}


def test_each_stage_once_to_each_owing_person_across_the_round(
    ward,
    h1,
    beat_entry,
    redis_url,
    smtp_sink,
    tmp_path,
    queue,  # noqa: F811
):
    # secretary_b also leads cell C: its report and cell B's come in one digest.
    Membership.objects.create(
        user=ward.secretary_b,
        organization=ward.cell_c,
        position=Membership.Position.SECRETARY,
        start_date=D(2026, 1, 1),
    )
    for n in range(1, 3):
        (tmp_path / f"beat{n}").mkdir()
    with _beat(tmp_path, redis_url, smtp_sink.port), publishing_to(redis_url, queue):
        # 01/07: 7 working days before the due date (10/07).
        with _worker(tmp_path, redis_url, smtp_sink.port, queue, D(2026, 7, 1)):
            assert wait_for(
                lambda: set(_recipients(smtp_sink)) >= OWING_ON_JULY_1, 60
            ), _recipients(smtp_sink)
            time.sleep(4)  # beat keeps firing every second: nothing more
        first = _recipients(smtp_sink)
        assert first == dict.fromkeys(OWING_ON_JULY_1, 1)
        digest_b = next(
            m for r, m in smtp_sink.messages if r[0].startswith("secretary_b")
        )
        body = digest_b.get_content()
        assert "Chi bộ Khu dân cư B" in body and "Chi bộ Khu dân cư C" in body
        assert "còn 7 ngày làm việc" in body

        # Saturday 04/07: no stage, and no mail on a day off anyway.
        with _worker(tmp_path, redis_url, smtp_sink.port, queue, D(2026, 7, 4)):
            time.sleep(5)
        assert _recipients(smtp_sink) == first

        # Cell A submits; on 07/07 (3 days before) only the others hear.
        report_a = report_of(h1, ward.cell_a)
        exchange_services.save_draft(
            report=report_a, by=fresh(ward.secretary_a), fields={"results": "x"}
        )
        exchange_services.submit_report(
            report=report_a, by=fresh(ward.secretary_a), today=D(2026, 7, 2)
        )
        with _worker(tmp_path, redis_url, smtp_sink.port, queue, D(2026, 7, 7)):
            expected = {"secretary_b": 2, "officer": 2, "police_staff": 2}
            assert wait_for(
                lambda: all(_recipients(smtp_sink)[u] >= 2 for u in expected), 60
            ), _recipients(smtp_sink)
            time.sleep(4)
    after = _recipients(smtp_sink)
    assert after == {**first, **expected}, "\n".join(
        f"{r} {m['Subject']} {m.get_content()}"
        for r, m in smtp_sink.messages
        if r[0].startswith("officer")
    )
    assert all(
        "còn 3 ngày làm việc" in m.get_content()
        for r, m in smtp_sink.messages
        if "07/07/2026" in m["Subject"]
    )


@pytest.mark.fault
def test_two_beats_remind_once_t31(
    ward,
    h1,
    beat_entry,
    redis_url,
    smtp_sink,
    tmp_path,
    queue,  # noqa: F811
):
    for n in range(1, 3):
        (tmp_path / f"beat{n}").mkdir()
    with (
        _beat(tmp_path, redis_url, smtp_sink.port, 1),
        _beat(tmp_path, redis_url, smtp_sink.port, 2),
        publishing_to(redis_url, queue),
        _worker(tmp_path, redis_url, smtp_sink.port, queue, D(2026, 7, 1)),
    ):
        assert wait_for(lambda: set(_recipients(smtp_sink)) >= OWING_ON_JULY_1, 60)
        time.sleep(8)  # ~16 sweeps from two beats
    assert _recipients(smtp_sink) == dict.fromkeys(OWING_ON_JULY_1, 1)
    rows = Reminder.objects.values_list("stage_id", "item_id", "occurrence", "user_id")
    assert len(rows) == len(set(rows))


@pytest.mark.fault
def test_worker_killed_mid_sweep_reminds_each_once_t30(
    ward,
    h1,
    beat_entry,
    redis_url,
    smtp_sink,
    tmp_path,
    queue,  # noqa: F811
):
    many = [make_user(f"cb_b_{n:03d}", org=ward.cell_b) for n in range(150)]
    people = OWING_ON_JULY_1 | {u.username for u in many}
    env = {
        "REMINDER_BATCH_SIZE": "1",
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "OUTBOX_MIN_AGE_SECONDS": "0",
    }
    _drain_every_second(queue)
    (tmp_path / "beat1").mkdir()
    killed_at = None
    with publishing_to(redis_url, queue):
        with (
            _worker(
                tmp_path, redis_url, smtp_sink.port, queue, D(2026, 7, 1), env
            ) as worker,
            _beat(tmp_path, redis_url, smtp_sink.port),
        ):
            assert wait_for(lambda: Reminder.objects.exists(), 60)
            killed_at = Reminder.objects.values("user_id").distinct().count()
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
        assert killed_at < len(people), "the sweep ended before the kill"
        with (
            _worker(tmp_path, redis_url, smtp_sink.port, queue, D(2026, 7, 1), env),
            _beat(tmp_path, redis_url, smtp_sink.port),
        ):
            assert wait_for(lambda: set(_recipients(smtp_sink)) >= people, 120)
            time.sleep(4)
    assert _recipients(smtp_sink) == dict.fromkeys(people, 1)
    print(f"killed after {killed_at} of {len(people)} people")


class FlakySink:
    """Refuses the first ``refusals`` messages with 451, then accepts."""

    def __init__(self, refusals: int):
        self.refusals = refusals
        self.messages = []
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.refused < self.refusals:
            self.refused += 1
            return "451 Try again later"
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.mark.fault
def test_smtp_down_then_flaky_delivers_each_once_t32(
    ward,
    h1,
    beat_entry,
    redis_url,
    tmp_path,
    queue,  # noqa: F811
):
    from aiosmtpd.controller import Controller

    port = free_port()
    env = {
        "OUTBOX_RETRY_BASE_SECONDS": "1",
        "OUTBOX_DRAIN_SECONDS": "1",
        "OUTBOX_MIN_AGE_SECONDS": "0",
        "EMAIL_TIMEOUT": "3",
    }
    _drain_every_second(queue)
    (tmp_path / "beat1").mkdir()
    sink = FlakySink(refusals=2)
    with (
        publishing_to(redis_url, queue),
        _worker(tmp_path, redis_url, port, queue, D(2026, 7, 1), env),
        _beat(tmp_path, redis_url, port),
    ):
        # SMTP down: the digests wait in the outbox, retried with backoff.
        assert wait_for(
            lambda: (
                OutboundEmail.objects.filter(attempts__gte=2).count()
                >= len(OWING_ON_JULY_1)
            ),
            60,
        )
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            assert wait_for(lambda: len(sink.messages) >= len(OWING_ON_JULY_1), 90), (
                list(OutboundEmail.objects.values_list("status", "attempts"))
            )
            time.sleep(3)
        finally:
            controller.stop()
    assert sink.refused == 2
    got = collections.Counter(r[0].split("@")[0] for r, _c in sink.messages)
    assert got == dict.fromkeys(OWING_ON_JULY_1, 1)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
