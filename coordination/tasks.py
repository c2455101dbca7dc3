from celery import shared_task
from django.conf import settings

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_email_task(email_id: int) -> None:
    services.send_outbound_email(email_id)


@shared_task(ignore_result=True)
def drain_outbox_task() -> None:
    services.drain_outbox(min_age_seconds=settings.OUTBOX_MIN_AGE_SECONDS)


@shared_task(ignore_result=True)
def sync_memberships_task() -> None:
    services.sync_all_memberships()
