from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def sync_memberships_task() -> None:
    services.sync_all_memberships()
