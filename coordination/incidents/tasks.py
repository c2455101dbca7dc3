from celery import shared_task

from . import notify


@shared_task(ignore_result=True)
def escalate_unacknowledged_task() -> int:
    """Beat: the second notice for incidents nobody acknowledged in time."""
    return notify.escalate_unacknowledged()
