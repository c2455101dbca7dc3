"""The periodic tasks, in the database (django-celery-beat) where administrators
see and change them. ``settings.CELERY_BEAT_SCHEDULE`` holds the defaults: each
is created when missing (``manage.py load_schedules``, ``seed_demo``, and beat
at start) and never overwritten, so an administrator's change survives a
deploy and a restart. Every periodic task is safe to run twice at once."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
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
