"""Sending the outbox: one e-mail at a time under a row lock, with retries and
backoff, and the sweep that sends what the broker or the SMTP server missed."""

from __future__ import annotations

import datetime
import logging

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
            delay = min(60 * 2**email.attempts, 6 * 3600)
            email.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
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
