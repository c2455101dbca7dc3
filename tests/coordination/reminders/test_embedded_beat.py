"""The embedded default reminds too: beat runs as a thread of the web process
(``runserver_with_beat``, which ``scripts/demo.sh`` starts), with no broker,
and the day's reminder digests land under the mail folder."""

import datetime
import time
from email import message_from_string, policy
from zoneinfo import ZoneInfo

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from coordination.models import Reminder
from coordination.schedules import load_schedules, start_embedded_beat

from .conftest import h1, rounds, ward_regulation  # noqa: F401

JULY_1_MORNING = datetime.datetime(
    2026, 7, 1, 7, 35, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")
)


@pytest.mark.django_db(transaction=True)
def test_embedded_beat_sends_the_days_reminders(
    ward,
    h1,  # noqa: F811
    settings,
    tmp_path,
    time_machine,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    # The clock first: beat counts an entry's interval from its last change.
    time_machine.move_to(JULY_1_MORNING, tick=True)
    load_schedules()
    PeriodicTask.objects.exclude(name="send-reminders").update(enabled=False)
    sweep = PeriodicTask.objects.get(name="send-reminders")
    sweep.crontab = None
    sweep.interval, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    sweep.save()

    service = start_embedded_beat(tmp_path / "beat")
    assert service is not None  # no broker here: the embedded default
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(_mails(tmp_path)) < 6:
            time.sleep(0.2)
        time.sleep(2)  # a few more ticks: nothing more is sent
    finally:
        service.stop()
    mails = _mails(tmp_path)
    assert len(mails) == 6, mails
    assert all("Nhắc việc ngày 01/07/2026" in mail["Subject"] for mail in mails)
    assert Reminder.objects.filter(for_date=JULY_1_MORNING.date()).count() == 6


def _mails(tmp_path) -> list:
    """The messages the file backend wrote (one file per connection, the
    messages separated by a line of dashes)."""
    folder = tmp_path / "mail"
    if not folder.exists():
        return []
    mails = []
    for path in sorted(folder.iterdir()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        mails += [
            message_from_string(part.strip("\n"), policy=policy.default)
            for part in raw.split("-" * 79)
            if part.strip()
        ]
    return mails
