from celery import shared_task
from django.conf import settings

from . import outbox


@shared_task(acks_late=True, ignore_result=True)
def send_email_task(email_id: int) -> None:
    outbox.send_outbound_email(email_id)


@shared_task(ignore_result=True)
def drain_outbox_task() -> None:
    outbox.drain_outbox(min_age_seconds=settings.OUTBOX_MIN_AGE_SECONDS)
