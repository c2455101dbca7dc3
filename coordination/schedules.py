"""The periodic tasks, in the database (django-celery-beat) where administrators
see and change them. ``settings.CELERY_BEAT_SCHEDULE`` holds the defaults: each
is created when missing (``manage.py load_schedules``, ``seed_demo``, and beat
at start) and never overwritten, so an administrator's change survives a
deploy and a restart. Every periodic task is safe to run twice at once."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler, ModelEntry


def load_schedules(defaults: dict | None = None) -> list[str]:
    """Create the default periodic tasks that are missing; return their names."""
    if defaults is None:
        defaults = settings.CELERY_BEAT_SCHEDULE
    created = []
    for name, entry in defaults.items():
        with transaction.atomic():
            if PeriodicTask.objects.filter(name=name).exists():
                continue
            fields = ModelEntry._unpack_fields(**entry)
            _task, was_created = PeriodicTask.objects.get_or_create(
                name=name, defaults=fields
            )
        if was_created:
            created.append(name)
    return created


class DefaultsDatabaseScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, except that the configured schedule is
    only a set of defaults: the stock scheduler writes ``beat_schedule`` over
    the database rows at every start, undoing what administrators changed."""

    def setup_schedule(self):
        self.install_default_entries(self.schedule)
        load_schedules(self.app.conf.beat_schedule)

    def close(self):
        """At shutdown, also this thread's database connection (an embedded
        beat's thread would otherwise leave it open)."""
        super().close()
        connection.close()

    @property
    def producer(self):
        """No broker in the embedded default: the tasks run in the beat
        thread itself (eager), and nothing connects to a broker."""
        if self.app.conf.task_always_eager:
            return None
        return super().producer


def start_embedded_beat(schedule_dir=None):
    """Beat as a thread of this process, for the embedded default (no broker:
    the due tasks run eagerly in that thread), so the demo reminds as a
    production installation does. Returns the service (``.stop()``), or None
    when a broker is configured: then run one real ``celery beat``."""
    from celery.beat import EmbeddedService

    from config.celery import app

    if not app.conf.task_always_eager:
        return None
    # The tasks must be registered here: an unknown name would be published
    # to a broker instead of run.
    app.loader.import_default_modules()
    service = EmbeddedService(
        app,
        thread=True,
        scheduler_cls=DefaultsDatabaseScheduler,
        schedule_filename=str(schedule_dir or settings.VAR_DIR / "celerybeat"),
    )
    service.start()
    return service
