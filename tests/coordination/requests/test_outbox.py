"""Broker down at enqueue (RELIABILITY.md T29): the transition is saved at
once, the e-mail stays in the outbox, and the sweep sends it later exactly
once per recipient."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from coordination.models import OutboundEmail, RequestRecipient
from coordination.notifications.outbox import drain_outbox
from tests.factories import make_request

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/3"


@pytest.fixture
def broker_down(settings):
    """Celery pointed at a closed port with eager mode off."""
    from config.celery import app

    # Read the app's real configuration first: Celery loads it lazily from the
    # Django settings, so it must not see the overridden values below.
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _reset_connections(app)
    app.conf.broker_url = CLOSED_PORT_BROKER
    app.conf.task_always_eager = False
    yield app
    _reset_connections(app)
    app.conf.broker_url, app.conf.task_always_eager = saved


def _reset_connections(app) -> None:
    """Drop the pooled broker connections and producers so the next publish
    connects to whatever ``broker_url`` says then."""
    from kombu import pools

    pools.reset()  # closes and forgets every pooled connection and producer
    app._pool = None
    app.amqp._producer_pool = None


def test_transition_saved_quickly_and_mail_sent_later_exactly_once(
    client, ward, broker_down, django_capture_on_commit_callbacks
):
    req = make_request(
        by=ward.secretary_a, sender=ward.cell_a, recipients=[ward.police], send=True
    )
    OutboundEmail.objects.all().delete()  # only the answer's mail below
    rec = req.recipients.get()
    client.force_login(ward.officer)
    url = reverse(
        "coordination:request-recipient-action", args=[req.pk, rec.pk, "answer"]
    )
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            url, {"body": "Đã rà soát xong.", "version": rec.version}
        )
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    # Not a speed target: a guard against hanging on the dead broker (retries
    # with the 2 s connect timeout would take over 20 s; an endless retry never
    # returns). The bound leaves room for a loaded CI machine.
    assert elapsed < 10, elapsed
    assert callbacks  # the enqueue was attempted after commit, and failed quietly
    rec.refresh_from_db()
    assert rec.state == RequestRecipient.State.ANSWERED
    pending = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
    # the sender's secretary, its focal-point deputy and its support staff
    assert sorted(e.to[0] for e in pending) == [
        "deputy_a@example.test",
        "secretary_a@example.test",
        "staff_a@example.test",
    ]
    assert mail.outbox == []

    assert drain_outbox(min_age_seconds=0) == 3
    assert drain_outbox(min_age_seconds=0) == 0  # a second sweep sends nothing
    assert sorted(m.to[0] for m in mail.outbox) == [
        "deputy_a@example.test",
        "secretary_a@example.test",
        "staff_a@example.test",
    ]
    assert all(
        "Xem chi tiết" in m.body and req.get_absolute_url() in m.body
        for m in mail.outbox
    )
    assert not OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING
    ).exists()
