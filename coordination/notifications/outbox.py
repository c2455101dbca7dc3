"""Sending the outbox: one e-mail at a time under a row lock, with retries and
backoff, and the sweep that sends what the broker or the SMTP server missed."""

from __future__ import annotations

import datetime
import logging
import random

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from ..validators import header_line
from .models import OutboundEmail

logger = logging.getLogger(__name__)


def send_outbound_email(email_id: int) -> bool:
    """Send one outbox row if it is still pending. Holds a row lock while
    sending, so two workers never send the same e-mail. Returns True if sent."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        # One line: a row queued before subjects were checked cannot break mail.
        message = EmailMessage(
            subject=header_line(email.subject), body=email.body, to=email.to
        )
        try:
            message.send()
        except Exception as exc:  # SMTP down or refusing: retry later with backoff
            email.attempts += 1
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= OutboundEmail.MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
            email.next_attempt_at = timezone.now() + datetime.timedelta(
                seconds=retry_delay(email.attempts)
            )
            email.save(
                update_fields=["attempts", "last_error", "status", "next_attempt_at"]
            )
            logger.warning("e-mail %s not sent: %s", email.pk, email.last_error)
            return False
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.attempts += 1
        email.save(update_fields=["status", "sent_at", "attempts"])
        return True


def retry_delay(attempts: int) -> float:
    """Seconds before the next try: doubling from OUTBOX_RETRY_BASE_SECONDS,
    at most six hours, with ±20 % jitter so that the e-mails of one outage do
    not all come back to the SMTP server in the same second."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return min(base, 6 * 3600) * random.uniform(0.8, 1.2)  # noqa: S311 (not crypto)


def resend(email_id: int) -> bool:
    """Put a failed e-mail back in the queue (an administrator fixed the cause):
    a fresh set of attempts, sent after commit."""
    from .services import enqueue_after_commit

    updated = OutboundEmail.objects.filter(
        pk=email_id, status=OutboundEmail.Status.FAILED
    ).update(
        status=OutboundEmail.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
    )
    if updated:
        enqueue_after_commit(email_id)
    return bool(updated)


def drain_outbox(*, limit: int = 200, min_age_seconds: int = 30) -> int:
    """Send pending e-mails whose time has come (broker was down, SMTP failed).
    Fresh rows are left to the task queued at commit."""
    now = timezone.now()
    ids = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING,
            next_attempt_at__lte=now,
            created_at__lte=now - datetime.timedelta(seconds=min_age_seconds),
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in ids if send_outbound_email(pk))
