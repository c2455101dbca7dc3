"""Urgent situations end to end: reporting commits on PostgreSQL → the e-mail
task through Redis → a real Celery worker → SMTP sink, within the minute; the
second notice goes out once through the same path."""

import datetime
import time

from django.utils import timezone

from coordination.incidents import notify, services
from coordination.models import Incident

from .conftest import wait_for


def _report(ward):
    return services.create_incident(
        by=ward.secretary_a,
        reporter=ward.cell_a,
        kind=Incident.Kind.CELL_REPORT,
        title="Tụ tập đông người trước trụ sở",
        description="Khoảng 50 người tụ tập.",
        place="Trước trụ sở Ủy ban nhân dân phường",
        started_at=timezone.now(),
        report=True,
    )


def test_incident_mail_reaches_standing_and_police_within_the_minute(
    celery_worker_process, smtp_sink, ward
):
    started = time.monotonic()
    incident = _report(ward)
    expected = {
        ("standing_member@example.test",),
        ("officer@example.test",),
        ("police_staff@example.test",),
    }
    assert wait_for(
        lambda: {tuple(r) for r, _m in smtp_sink.messages} >= expected, timeout=60
    )
    assert time.monotonic() - started < 60
    mail = {tuple(r): m for r, m in smtp_sink.messages}[
        ("standing_member@example.test",)
    ]
    assert "Tụ tập đông người trước trụ sở" in mail["Subject"]
    assert incident.get_absolute_url() in mail.get_content()


def test_second_notice_is_mailed_once(celery_worker_process, smtp_sink, ward):
    incident = _report(ward)
    assert wait_for(lambda: len(smtp_sink.messages) >= 3, timeout=60)
    first = len(smtp_sink.messages)
    later = timezone.now() + datetime.timedelta(hours=3)
    assert notify.escalate_unacknowledged(later) == 1
    assert notify.escalate_unacknowledged(later) == 0
    assert wait_for(lambda: len(smtp_sink.messages) > first, timeout=60)
    time.sleep(2)
    second = smtp_sink.messages[first:]
    assert [tuple(r) for r, _m in second] == [("standing_member@example.test",)]
    assert "chưa được xác nhận" in second[0][1]["Subject"]
    assert incident.escalated_at is None  # the in-memory copy; the row holds it
    assert Incident.objects.get(pk=incident.pk).escalated_at is not None
