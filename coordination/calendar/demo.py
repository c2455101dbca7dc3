"""The demo calendar (``seed_demo``): this year's entries (and from December
next year's) for every demo ward and the demo province, and a few dates the
demo ward's standing committee has confirmed — the 19/8 festival on the day
the regulation names, the yearly review meeting and the "Công an lắng nghe ý
kiến Nhân dân" conference on days it chose — leaving the quality rating and the
budget plan to be chosen on the page. Idempotent: a confirmed date is never
changed again."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from regulations.models import Regulation

from ..exchanges.periods import exchange_wards, next_working_day
from ..organizations.models import Organization
from . import services
from .models import CalendarEntry

WARD_CODE = "hd"
CONFIRMER = "thuongtruc"
# Provisions of the ward regulation without a date, and the day the demo ward
# chose (moved to the next working day).
CHOSEN = {"d11-k1": (12, 15), "d7-k2-e": (10, 20)}


@transaction.atomic
def seed_demo_calendar(today: datetime.date | None = None) -> int:
    """Returns the number of entries created now."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    regulation = Regulation.objects.filter(
        code="qc-phuong-hai-duong", status=Regulation.Status.IN_FORCE
    ).first()
    wards = exchange_wards()
    city = [w for w in wards if w.kind == Organization.Kind.WARD_COMMITTEE]
    others = [w for w in wards if w.kind != Organization.Kind.WARD_COMMITTEE]
    created = 0
    for year in years:
        created += len(services.ensure_entries(year, city, fallback=regulation))
        created += len(services.ensure_entries(year, others))
    _confirm_demo_dates(today.year)
    return created


def _confirm_demo_dates(year: int) -> None:
    user = User.objects.filter(username=CONFIRMER, is_active=True).first()
    ward = Organization.objects.filter(code=WARD_CODE).first()
    if user is None or ward is None:
        return
    entries = CalendarEntry.objects.filter(
        ward=ward, year=year, confirmed_date__isnull=True
    ).select_related("provision")
    for entry in entries:
        if entry.proposed_date is not None:
            day, note = entry.proposed_date, "Sân vận động phường, 7 giờ 30."
        elif entry.provision.ref in CHOSEN:
            month, dom = CHOSEN[entry.provision.ref]
            day = next_working_day(datetime.date(year, month, dom))
            if day.year != year:
                continue
            note = "Hội trường Đảng ủy phường."
        else:
            continue
        services.confirm_entry(entry=entry, by=user, date=day, note=note)
