import datetime

from celery import shared_task
from django.utils import timezone

from ..workdays import is_working_day
from . import services


@shared_task(ignore_result=True, acks_late=True)
def send_reminders_task(day: str | None = None) -> int:
    """Beat, at 07:30 local time: the day's reminders, on working days only
    (a weekend or Tết sends nothing; the next working day sends each item's
    stage reached by then). Safe to run twice at once (``services``)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    if not is_working_day(today):
        return 0
    return services.send_reminders(today).reminders
