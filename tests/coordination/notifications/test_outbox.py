import datetime
import smtplib

import pytest
from django.db import transaction
from django.utils import timezone

from coordination.models import OutboundEmail
from coordination.notifications import outbox
from coordination.notifications import services as notifications


@pytest.mark.django_db
def test_email_is_queued_after_commit_only(
    django_capture_on_commit_callbacks, mailoutbox
):
    """T28: a rolled-back change sends nothing."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notifications.queue_email(to=["a@example.test"], subject="X", body="Y")
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert callbacks == []
    assert OutboundEmail.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_failed_send_is_retried_later_not_dropped(monkeypatch, mailoutbox):
    email = notifications.queue_email(
        to=["a@example.test"], subject="Nhắc việc", body="…"
    )

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert outbox.send_outbound_email(email.pk) is False
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 1 and "down" in email.last_error
    assert email.next_attempt_at > timezone.now()

    monkeypatch.undo()
    # Not due yet: the sweep leaves it.
    assert outbox.drain_outbox(min_age_seconds=0) == 0
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert outbox.drain_outbox(min_age_seconds=0) == 1
    assert outbox.drain_outbox(min_age_seconds=0) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_dedup_key_queues_an_email_once():
    first = notifications.queue_email(
        to=["a@example.test"], subject="S", body="B", dedup_key="k1"
    )
    again = notifications.queue_email(
        to=["a@example.test"], subject="S", body="B", dedup_key="k1"
    )
    assert first.pk == again.pk
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db
def test_gives_up_after_max_attempts(monkeypatch):
    email = notifications.queue_email(to=["a@example.test"], subject="S", body="B")

    def refuse(*args, **kwargs):
        raise OSError("no route")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    for _ in range(OutboundEmail.MAX_ATTEMPTS):
        outbox.send_outbound_email(email.pk)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED


@pytest.mark.django_db
def test_drain_task_uses_the_configured_minimum_age(settings, mailoutbox):
    from coordination.notifications.tasks import drain_outbox_task

    notifications.queue_email(to=["a@example.test"], subject="Nhắc việc", body="…")
    settings.OUTBOX_MIN_AGE_SECONDS = 3600
    drain_outbox_task()
    assert mailoutbox == []
    settings.OUTBOX_MIN_AGE_SECONDS = 0
    drain_outbox_task()
    assert len(mailoutbox) == 1
