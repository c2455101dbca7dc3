"""The e-mail pipeline end to end: a membership starts (PostgreSQL commit) →
send_email_task published to Redis → a real Celery worker → SMTP → aiosmtpd."""

from coordination.models import Membership, Organization, OutboundEmail
from coordination.notifications import services as notifications
from coordination.organizations import services
from tests.factories import make_org, make_user

from .conftest import wait_for


def test_email_goes_through_redis_worker_and_smtp(celery_worker_process, smtp_sink):
    org = make_org("Chi bộ Khu dân cư Quang Trung", kind=Organization.Kind.CELL)
    user = make_user("bithu_quangtrung", email="bithu@example.test")
    services.start_membership(
        user=user, organization=org, position=Membership.Position.SECRETARY
    )  # autocommit: the on_commit hook publishes at once

    assert wait_for(lambda: smtp_sink.messages, timeout=40), (
        "no e-mail reached the sink"
    )
    rcpt, message = smtp_sink.messages[0]
    assert rcpt == ["bithu@example.test"]
    assert "Chi bộ Khu dân cư Quang Trung" in message["Subject"]
    assert "Bí thư" in message.get_content()

    email = wait_for(
        lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).first()
    )
    assert email is not None and email.attempts == 1
    assert len(smtp_sink.messages) == 1


def test_a_task_published_twice_sends_once(celery_worker_process, smtp_sink):
    """A retried or duplicated task never sends the same e-mail twice."""
    from coordination.notifications.tasks import send_email_task

    email = notifications.queue_email(
        to=["x@example.test"], subject="Nhắc việc", body="…"
    )
    send_email_task.delay(email.pk)
    send_email_task.delay(email.pk)
    assert wait_for(
        lambda: (
            OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
        ),
        timeout=40,
    )
    wait_for(lambda: len(smtp_sink.messages) > 1, timeout=3)
    assert len(smtp_sink.messages) == 1
