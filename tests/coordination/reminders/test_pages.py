"""The schedules administrators change, the preferences page, and the failed
e-mails page."""

import pytest
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from config.celery import app
from coordination.models import OutboundEmail, ReminderPreference
from coordination.notifications.models import OutboundEmail as Outbox
from coordination.reminders.models import Kind
from coordination.schedules import DefaultsDatabaseScheduler, load_schedules


@pytest.mark.django_db(transaction=True)  # the scheduler closes stale connections
def test_default_schedules_are_created_once_and_an_administrators_change_stays():
    created = load_schedules()
    assert "send-reminders" in created and "drain-outbox" in created
    assert load_schedules() == []
    sweep = PeriodicTask.objects.get(name="send-reminders")
    assert (sweep.crontab.hour, sweep.crontab.minute) == ("7", "30")
    assert str(sweep.crontab.timezone) == "Asia/Ho_Chi_Minh"
    # An administrator moves it to 08:00; beat starting again keeps it.
    sweep.crontab = CrontabSchedule.objects.create(
        minute="0", hour="8", timezone="Asia/Ho_Chi_Minh"
    )
    sweep.save()
    DefaultsDatabaseScheduler(app=app, lazy=True).setup_schedule()
    assert PeriodicTask.objects.get(name="send-reminders").crontab.hour == "8"
    assert load_schedules() == []


def test_preferences_page_turns_email_off_per_kind(client, ward):
    client.force_login(ward.secretary_a)
    url = reverse("coordination:reminder-preferences")
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nhận thư điện tử" in body and "7 ngày làm việc trước hạn" in body
    response = client.post(url, {"email_kinds": [Kind.REQUEST, Kind.CALENDAR]})
    assert response.status_code == 302
    off = set(
        ReminderPreference.objects.filter(
            user=ward.secretary_a, email=False
        ).values_list("kind", flat=True)
    )
    assert off == {
        Kind.EXCHANGE,
        Kind.EXCHANGE_MISSING,
        Kind.ACTION_ITEM,
        Kind.REVIEW_ITEM,
    }
    # A value outside the choices is an error next to the field, not a 500.
    bad = client.post(url, {"email_kinds": ["khong-co"]})
    assert bad.status_code == 200
    assert "không có trong các lựa chọn" in bad.content.decode().lower() or (
        "lựa chọn" in bad.content.decode()
    )


def test_failed_emails_page_for_administrators_with_a_resend_button(
    client, ward, django_capture_on_commit_callbacks
):
    failed = Outbox.objects.create(
        to=["x@example.test"],
        subject="Nhắc việc ngày 01/07/2026: 1 việc cần làm",
        body="…",
        status=OutboundEmail.Status.FAILED,
        attempts=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    url = reverse("coordination:failed-email-list")
    client.force_login(ward.secretary_a)
    assert client.get(url).status_code == 404
    client.force_login(ward.admin)
    body = client.get(url).content.decode()
    assert "Nhắc việc ngày 01/07/2026" in body and "SMTPServerDisconnected" in body
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("coordination:failed-email-resend", args=[failed.pk])
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboundEmail.Status.PENDING, 0)
    assert len(callbacks) == 1  # queued for sending after commit
    client.force_login(ward.secretary_a)
    assert (
        client.post(
            reverse("coordination:failed-email-resend", args=[failed.pk])
        ).status_code
        == 404
    )
