from celery import shared_task

from . import periods


@shared_task(ignore_result=True)
def create_rounds_task() -> int:
    """Beat: create the coming rounds (idempotent; see ``periods.ensure_rounds``)."""
    return len(periods.ensure_rounds())
