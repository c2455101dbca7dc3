import datetime

from coordination.models import DayOffOverride
from coordination.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_weekends_and_tet_do_not_count(db):
    # Friday before Tết 2026 (16–20/02): next working day is Monday 23/02.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert not is_working_day(D(2026, 9, 2))  # National Day
    assert not is_working_day(D(2026, 4, 30))
    assert is_working_day(D(2026, 3, 2))
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5


def test_administrator_days_off_and_compensatory_working_days(db):
    monday = D(2026, 3, 2)
    assert add_working_days(D(2026, 2, 27), 1) == monday
    DayOffOverride.objects.create(date=monday, kind=DayOffOverride.Kind.DAY_OFF)
    assert add_working_days(D(2026, 2, 27), 1) == D(2026, 3, 3)
    saturday = D(2026, 2, 28)
    DayOffOverride.objects.create(
        date=saturday, kind=DayOffOverride.Kind.WORKING_DAY, name="Làm bù"
    )
    assert add_working_days(D(2026, 2, 27), 1) == saturday
