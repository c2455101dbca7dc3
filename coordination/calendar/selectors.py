"""Read-only queries for the calendar pages and the feed: the wards a user
may open, a ward's entries of a year (a fixed number of queries, however many
entries), the month grid."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..exchanges.periods import WARD_KINDS
from ..organizations.models import Organization
from ..permissions import calendar_ward_ids, visible_calendar_entries
from .models import CalendarEntry

WEEKDAYS = [
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
]
RELATED = ("ward", "provision__regulation", "provision__parent__parent", "confirmed_by")


def sees_every_ward(user) -> bool:
    """Administrators (the model permission on organisations) open every
    ward's calendar."""
    return user.has_perm("coordination.view_organization")


def calendar_wards(user) -> list[Organization]:
    """The wards whose calendar the user may open: those of his current
    organisations; every ward for administrators."""
    qs = Organization.objects.filter(parent__isnull=True, kind__in=WARD_KINDS)
    if not sees_every_ward(user):
        qs = qs.filter(pk__in=calendar_ward_ids(user))
    return list(qs.order_by("name"))


def ward_entries(user, ward: Organization, years) -> QuerySet[CalendarEntry]:
    """The ward's entries of these years that the user may see, with what the
    page shows of them (citation, provision link, who confirmed)."""
    return (
        visible_calendar_entries(user)
        .filter(ward=ward, year__in=list(years))
        .select_related(*RELATED)
        .order_by("provision__order", "pk")
    )


def feed_entries(user) -> QuerySet[CalendarEntry]:
    """The entries of the wards of the user's own organisations (an
    administrator's feed too holds only those), last year onwards."""
    since = timezone.localdate().year - 1
    return (
        visible_calendar_entries(user)
        .filter(ward_id__in=calendar_ward_ids(user), year__gte=since)
        .select_related(*RELATED)
        .order_by("year", "provision__order", "pk")
    )


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list[CalendarEntry] = field(default_factory=list)

    @property
    def weekday_name(self):
        return WEEKDAYS[self.date.weekday()]


def month_weeks(
    entries, year: int, month: int, today: datetime.date
) -> list[list[Day]]:
    """The weeks (Monday first) that cover the month, each day with the
    entries that fall on it (confirmed date, else proposed date)."""
    by_day: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in entries:
        if entry.date is not None:
            by_day.setdefault(entry.date, []).append(entry)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                Day(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    entries=by_day.get(day, []),
                )
                for day in week
            ]
        )
    return weeks


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
