"""The demo calendar: every demo ward's entries of this year, a few dates the
demo ward confirmed, the rest left to choose; running it again adds nothing."""

import datetime

from django.core.management import call_command

from coordination.calendar import demo
from coordination.calendar.models import CalendarEntry


def test_demo_calendar(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC))
    call_command("seed_demo", verbosity=0)
    entries = CalendarEntry.objects.filter(ward__code="hd", year=2026)
    festival = entries.get(provision__ref="d8-k1-a")
    assert festival.confirmed_date == datetime.date(2026, 8, 19)
    assert festival.confirmed_by.username == "thuongtruc"
    review = entries.get(provision__ref="d11-k1")
    assert review.confirmed_date == datetime.date(2026, 12, 15)
    assert entries.filter(confirmed_date__isnull=True).exists()  # to choose
    assert not CalendarEntry.objects.filter(year=2027).exists()  # not December yet
    rows = CalendarEntry.objects.count()
    assert demo.seed_demo_calendar() == 0
    assert CalendarEntry.objects.count() == rows
