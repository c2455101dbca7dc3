from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def create_entries_task() -> int:
    """Beat: this year's calendar entries (and from December next year's);
    idempotent, see ``services.ensure_entries``."""
    return len(services.ensure_coming_entries())
