"""Which rounds a ward has, when they are due and locked, and the reports
(obligations) each round creates. The cadences come from the regulation's
data (the method provision: ward Điều 10.1, province Điều 6.1), never from
code: a regulation without a yearly cadence has no yearly round."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import Permission

from accounts.models import User
from regulations.models import Regulation, Responsibility, Side
from regulations.selectors import regulation_in_force_for

from ..organizations.models import Organization
from ..organizations.services import ward_organizations
from ..workdays import is_working_day
from .models import (
    ExchangeReport,
    ExchangeReportGroupObjectPermission,
    ExchangeRound,
    ExchangeSchedule,
)

Cadence = Responsibility.Cadence
Kind = ExchangeRound.Kind
Direction = ExchangeReport.Direction
WARD_KINDS = (Organization.Kind.WARD_COMMITTEE, Organization.Kind.PROVINCE_COMMITTEE)
OVERSIGHT_KINDS = (Organization.Kind.STANDING_COMMITTEE, Organization.Kind.OFFICE)
PERIODIC = {Cadence.SIX_MONTHLY: (Kind.H1, Kind.H2), Cadence.YEARLY: (Kind.YEAR,)}


def exchange_cadences(regulation: Regulation | None) -> set[str]:
    """The cadences of the regulation's periodic exchange: those of the
    provision (outside the six areas) where both sides have six-monthly or
    yearly duties — ward Điều 10.1: six-monthly, yearly, on event; province
    Điều 6.1: six-monthly, on event (its yearly review, Điều 7.1, is the
    police committee's alone and is not an exchange)."""
    if regulation is None:
        return set()
    rows = list(
        Responsibility.objects.filter(
            provision__regulation=regulation, area__isnull=True
        ).values_list("provision_id", "side__role", "cadence")
    )
    both = {Side.Role.POLICE, Side.Role.CELLS}
    periodic_sides: dict[int, set[str]] = {}
    for pk, role, cadence in rows:
        if cadence in PERIODIC:
            periodic_sides.setdefault(pk, set()).add(role)
    exchange = {pk for pk, roles in periodic_sides.items() if both <= roles}
    return {cadence for pk, _role, cadence in rows if pk in exchange}


def round_kinds(regulation: Regulation | None) -> list[str]:
    """The periodic round kinds the regulation asks for, in calendar order."""
    cadences = exchange_cadences(regulation)
    return [
        kind
        for cadence, kinds in PERIODIC.items()
        if cadence in cadences
        for kind in kinds
    ]


def allows_ad_hoc(regulation: Regulation | None) -> bool:
    return Cadence.ON_EVENT in exchange_cadences(regulation)


def period_bounds(kind: str, year: int) -> tuple[datetime.date, datetime.date]:
    if kind == Kind.H1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if kind == Kind.H2:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- Due and lock dates --------------------------------------------------------------


def schedule_days(ward: Organization) -> tuple[int, int]:
    """(days after the period's end to the due date, days after the due date
    to the lock date) for the ward: its ``ExchangeSchedule`` or the defaults."""
    row = ExchangeSchedule.objects.filter(ward=ward).first()
    if row is None:
        return settings.EXCHANGE_DUE_DAYS, settings.EXCHANGE_LOCK_DAYS
    return row.due_days, row.lock_days


def next_working_day(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def due_and_lock(
    end: datetime.date, due_days: int, lock_days: int
) -> tuple[datetime.date, datetime.date]:
    """A due date that falls on a day off moves to the next working day; the
    lock date is counted from it."""
    due = next_working_day(end + datetime.timedelta(days=due_days))
    return due, due + datetime.timedelta(days=lock_days)


# --- Rounds and their obligations -------------------------------------------------------


def exchange_wards() -> list[Organization]:
    return list(
        Organization.objects.filter(
            parent__isnull=True, kind__in=WARD_KINDS, is_active=True
        ).order_by("pk")
    )


def ward_parts(ward: Organization) -> dict[str, list[Organization]]:
    """The ward's police committee, its cells / đảng bộ, and its oversight
    organisations (standing committee, office), active ones only."""
    orgs = [o for o in ward_organizations(ward) if o.is_active]
    return {
        "police": [o for o in orgs if o.kind == Organization.Kind.POLICE_COMMITTEE],
        "cells": [o for o in orgs if o.kind in Organization.CELL_SIDE_KINDS],
        "oversight": [o for o in orgs if o.kind in OVERSIGHT_KINDS],
    }


@transaction.atomic
def ensure_rounds(
    today: datetime.date | None = None,
    wards: Iterable[Organization] | None = None,
    *,
    fallback: Regulation | None = None,
) -> list[ExchangeRound]:
    """Create the periodic rounds of this year (and, from December, of next
    year) for every ward whose regulation asks for them, with their reports
    (``fallback``: the regulation for wards with none in force, as the demo
    city's). Idempotent: a second run creates nothing (the database's unique
    constraints hold even if two runs race)."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    created = []
    for ward in wards if wards is not None else exchange_wards():
        regulation = regulation_in_force_for(ward) or fallback
        kinds = round_kinds(regulation)
        if not kinds:
            continue
        due_days, lock_days = schedule_days(ward)
        existing = set(
            ExchangeRound.objects.filter(
                ward=ward, year__in=years, kind__in=kinds
            ).values_list("kind", "year")
        )
        parts = None
        for year in years:
            for kind in kinds:
                if (kind, year) in existing:
                    continue
                parts = parts or ward_parts(ward)
                if not parts["police"]:
                    continue
                start, end = period_bounds(kind, year)
                due, lock = due_and_lock(end, due_days, lock_days)
                round_ = ExchangeRound.objects.create(
                    ward=ward,
                    regulation=regulation,
                    kind=kind,
                    year=year,
                    period_start=start,
                    period_end=end,
                    due_date=due,
                    lock_date=lock,
                )
                create_obligations(round_, parts)
                created.append(round_)
    return created


@transaction.atomic
def open_ad_hoc_round(
    *,
    ward: Organization,
    by: User | None,
    topic: str,
    organizations: Iterable[Organization],
    due_date: datetime.date,
    today: datetime.date | None = None,
) -> ExchangeRound:
    """An ad hoc round (đột xuất) on a topic, for the cells it concerns."""
    today = today or timezone.localdate()
    regulation = regulation_in_force_for(ward)
    if not allows_ad_hoc(regulation):
        raise ValueError(_("Quy chế đang áp dụng không quy định trao đổi đột xuất."))
    parts = ward_parts(ward)
    cells = {o.pk for o in parts["cells"]}
    chosen = [o for o in organizations if o.pk in cells]
    _due_days, lock_days = schedule_days(ward)
    round_ = ExchangeRound.objects.create(
        ward=ward,
        regulation=regulation,
        kind=Kind.AD_HOC,
        year=today.year,
        period_start=today,
        period_end=today,
        topic=topic,
        due_date=due_date,
        lock_date=due_date + datetime.timedelta(days=lock_days),
        opened_by=by,
    )
    create_obligations(round_, {**parts, "cells": chosen})
    return round_


def create_obligations(round_: ExchangeRound, parts: dict[str, list]) -> int:
    """One report per (round, organisation, direction): each cell's to the
    police committee, the police committee's to the cells. Each is granted
    (view) to its author, its counterparts and the ward's oversight; its
    content opens to the counterpart once submitted
    (``workflow.can_read_content``). Returns how many reports were new."""
    cells, police = parts["cells"], parts["police"]
    round_.organizations.add(*cells)
    wanted = [(o, Direction.TO_POLICE) for o in cells] + [
        (o, Direction.TO_CELLS) for o in police
    ]
    existing = set(
        ExchangeReport.objects.filter(round=round_).values_list(
            "organization_id", "direction"
        )
    )
    new = [
        ExchangeReport(round=round_, organization=org, direction=direction)
        for org, direction in wanted
        if (org.pk, direction) not in existing
    ]
    ExchangeReport.objects.bulk_create(new, ignore_conflicts=True)
    reports = ExchangeReport.objects.filter(round=round_).values_list(
        "pk", "organization_id", "direction"
    )
    group_of = {o.pk: o.group_id for o in (*cells, *police)}
    oversight = [o.group_id for o in parts["oversight"]]
    police_groups = [o.group_id for o in police]
    cell_groups = [o.group_id for o in cells]
    perm = Permission.objects.get(
        content_type__app_label="coordination", codename="view_exchangereport"
    )
    grants = set()
    for pk, org_id, direction in reports:
        counterpart = police_groups if direction == Direction.TO_POLICE else cell_groups
        author = [group_of[org_id]] if org_id in group_of else []
        for group_id in (*author, *counterpart, *oversight):
            grants.add((group_id, pk))
    ExchangeReportGroupObjectPermission.objects.bulk_create(
        [
            ExchangeReportGroupObjectPermission(
                group_id=group_id, permission=perm, content_object_id=pk
            )
            for group_id, pk in sorted(grants)
        ],
        ignore_conflicts=True,
    )
    return len(new)
