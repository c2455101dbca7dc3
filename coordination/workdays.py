"""Working days: weekends and Vietnamese public holidays (Tết included, from
``holidays.country_holidays("VN")``) do not count; administrators add the extra
days off and compensatory working days the government announces each year
(``DayOffOverride``)."""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOffOverride(models.Model):
    """A day the government moves: an extra day off (ngày nghỉ bù / nghỉ thêm)
    or a compensatory working day (ngày làm bù) that falls on a weekend.
    Administrators add these each year; they override the weekend and
    ``holidays.country_holidays("VN")`` rules."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ thêm / nghỉ bù")
        WORKING_DAY = "working_day", _("Ngày làm bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind)
    name = models.CharField(_("lý do"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("ngày nghỉ / làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


@lru_cache(maxsize=16)
def _public_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


def _overrides(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(
        DayOffOverride.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "kind"
        )
    )


def is_working_day(day: datetime.date, overrides: dict | None = None) -> bool:
    if overrides is None:
        overrides = _overrides(day, day)
    kind = overrides.get(day)
    if kind == DayOffOverride.Kind.WORKING_DAY:
        return True
    if kind == DayOffOverride.Kind.DAY_OFF:
        return False
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (``start`` itself does
    not count: a request sent on Friday with 1 day is due on Monday)."""
    # Tết plus weekends can add ~2 weeks; look far enough ahead in one query.
    horizon = start + datetime.timedelta(days=days * 2 + 40)
    overrides = _overrides(start, horizon)
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day > horizon:  # pathological admin data: extend the window
            horizon = day + datetime.timedelta(days=60)
            overrides.update(_overrides(day, horizon))
        if is_working_day(day, overrides):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if
    ``end`` is before ``start``)."""
    if end < start:
        return -working_days_between(end, start)
    overrides = _overrides(start, end)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, overrides):
            count += 1
    return count


class WorkCalendar:
    """Working-day arithmetic over many dates with one query: the overrides of
    a window are read once (the reminder sweep computes thousands of dates)."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.start, self.end = start, end
        self.overrides = _overrides(start, end)
        self.memo: dict = {}  # callers' derived dates, for this calendar only

    def _covers(self, day: datetime.date) -> None:
        if day < self.start or day > self.end:
            low, high = min(day, self.start), max(day, self.end)
            self.overrides.update(_overrides(low, high))
            self.start, self.end = low, high

    def is_working_day(self, day: datetime.date) -> bool:
        self._covers(day)
        return is_working_day(day, self.overrides)

    def shift(self, day: datetime.date, days: int) -> datetime.date:
        """``days`` working days after ``day`` (before it when negative);
        ``day`` itself does not count, as in ``add_working_days``."""
        step = datetime.timedelta(days=1 if days > 0 else -1)
        left = abs(days)
        while left > 0:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """As ``working_days_between``."""
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
