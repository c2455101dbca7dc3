"""Celery's autodiscovery imports ``coordination.tasks``; each feature keeps its
tasks in its own folder."""

from .calendar import tasks as calendar_tasks  # noqa: F401
from .exchanges import tasks as exchange_tasks  # noqa: F401
from .incidents import tasks as incident_tasks  # noqa: F401
from .notifications import tasks as notification_tasks  # noqa: F401
from .organizations import tasks as organization_tasks  # noqa: F401
from .reminders import tasks as reminder_tasks  # noqa: F401
