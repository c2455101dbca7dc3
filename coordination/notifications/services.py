"""Notify people of an event: an in-app notification and the same text by
e-mail, written to the outbox in the caller's transaction and sent after commit
(``tasks.send_email_task``); the outbox sweep sends what the broker missed."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..validators import header_line
from .models import Notification, OutboundEmail
from .tasks import send_email_task

logger = logging.getLogger(__name__)


def queue_email(
    *, to: Iterable[str], subject: str, body: str, dedup_key: str | None = None
) -> OutboundEmail | None:
    """Write the e-mail to the outbox now; send it after the transaction commits.
    With a ``dedup_key`` the same e-mail is never queued twice. The subject is
    made one line (an old row's subject with a line break would otherwise make
    the mail refuse the header)."""
    recipients = sorted({addr for addr in to if addr})
    if not recipients:
        return None
    subject = header_line(subject)[:255]
    if dedup_key:
        email, created = OutboundEmail.objects.get_or_create(
            dedup_key=dedup_key,
            defaults={"to": recipients, "subject": subject, "body": body},
        )
        if not created:
            return email
    else:
        email = OutboundEmail.objects.create(to=recipients, subject=subject, body=body)
    enqueue_after_commit(email.pk)
    return email


def enqueue_after_commit(email_id: int) -> None:
    """Send an outbox row once the caller's transaction commits."""
    transaction.on_commit(lambda: _enqueue_send(email_id))


def _enqueue_send(email_id: int) -> None:
    try:
        send_email_task.delay(email_id)
    except Exception:  # broker down: the outbox sweep sends it later
        logger.warning("broker unavailable; e-mail %s left in the outbox", email_id)


def notify(
    *,
    users: Iterable[User],
    title: str,
    body: str = "",
    url: str = "",
    dedup_key: str | None = None,
) -> list[Notification]:
    """An in-app notification for each user, and the same text by e-mail."""
    users = [u for u in users if u.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url) for u in users]
    )
    link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
    for user in users:
        if not user.email:
            continue
        queue_email(
            to=[user.email],
            subject=title,
            body=f"{body}\n\n{_('Xem chi tiết')}: {link}\n",
            dedup_key=f"{dedup_key}:{user.pk}" if dedup_key else None,
        )
    return notes
