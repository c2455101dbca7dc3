"""Drafts the police committee does not have to ask for: after the lock date
of a six-monthly round, and for the year on ``settings.REPORT_YEAR_DRAFT_DATE``
(month, day), beat (``tasks.create_scheduled_drafts_task``, daily) creates the
ward's ``ReportDraft`` when it is missing, with the lookup of
``draft_views.result_report_create``, and notifies the police committee's
leaders and support staff once. The data sections are computed whenever the
draft is rendered; the draft records when they were compiled.

Idempotent: a draft that exists (created by hand, by an earlier run or by a
second beat at the same moment) is left alone and nobody is notified again.
A fixed number of queries to find the work, whatever the number of wards."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.exchanges.models import ExchangeRound
from coordination.notifications.services import notify
from coordination.organizations.models import Membership, Organization

from .models import ReportDraft

logger = logging.getLogger(__name__)
SIX_MONTHLY = (ExchangeRound.Kind.H1, ExchangeRound.Kind.H2)
Pos = Membership.Position
NOTIFIED = (Pos.SECRETARY, Pos.DEPUTY_SECRETARY, Pos.STAFF)


def year_draft_year(today: datetime.date) -> int:
    """The year whose year draft is due: this year from the ward's date on,
    else the last one."""
    month, day = settings.REPORT_YEAR_DRAFT_DATE
    return (
        today.year if today >= datetime.date(today.year, month, day) else today.year - 1
    )


def due_lookups(today: datetime.date) -> list[dict]:
    """``ReportDraft`` lookups still missing: the six-monthly rounds (this
    year's and last year's) whose lock date has passed, and the year of every
    ward with periodic rounds in it once its date has come."""
    rounds = (
        ExchangeRound.objects.filter(
            kind__in=SIX_MONTHLY,
            lock_date__lt=today,
            year__gte=today.year - 1,
            ward__is_active=True,
        )
        .exclude(report_drafts__isnull=False)
        .order_by("period_start", "pk")
    )
    lookups = [{"ward_id": r.ward_id, "round": r, "year": r.year} for r in rounds]
    year = year_draft_year(today)
    taken = ReportDraft.objects.filter(
        round__isnull=True, term__isnull=True, year=year
    ).values("ward_id")
    wards = (
        ExchangeRound.objects.filter(
            kind__in=ExchangeRound.PERIODIC_KINDS, year=year, ward__is_active=True
        )
        .exclude(ward_id__in=taken)
        .values_list("ward_id", flat=True)
        .distinct()
        .order_by("ward_id")
    )
    lookups += [
        {"ward_id": w, "round": None, "term": None, "year": year} for w in wards
    ]
    return lookups


def police_people(ward_ids, today: datetime.date) -> dict[int, list[Membership]]:
    """Per ward, the current leaders and support staff of its police committee,
    the secretary first (one query)."""
    rank = {Pos.SECRETARY: 0, Pos.DEPUTY_SECRETARY: 1, Pos.STAFF: 2}
    rows = (
        Membership.objects.current(today)
        .filter(
            organization__parent_id__in=ward_ids,
            organization__kind=Organization.Kind.POLICE_COMMITTEE,
            organization__is_active=True,
            position__in=NOTIFIED,
            user__is_active=True,
        )
        .select_related("user", "organization")
        .order_by("pk")
    )
    people = defaultdict(list)
    for m in rows:
        people[m.organization.parent_id].append(m)
    for members in people.values():
        members.sort(key=lambda m: rank[m.position])
    return people


def create_due_drafts(today: datetime.date | None = None) -> list[ReportDraft]:
    """Create the missing drafts; return the ones this run created."""
    today = today or timezone.localdate()
    lookups = due_lookups(today)
    if not lookups:
        return []
    people = police_people({lk["ward_id"] for lk in lookups}, today)
    created = []
    for lookup in lookups:
        members = people.get(lookup["ward_id"], [])
        leaders = [m.user for m in members if m.position in Membership.LEADERSHIP]
        if not leaders:
            logger.info(
                "scheduled draft skipped: ward %s has no police leader",
                lookup["ward_id"],
            )
            continue
        draft = _create(lookup, leaders[0], {m.user for m in members})
        if draft is not None:
            created.append(draft)
    return created


def _create(lookup: dict, creator, recipients) -> ReportDraft | None:
    try:
        with transaction.atomic():
            draft, was_created = ReportDraft.objects.get_or_create(
                **lookup,
                defaults={
                    "created_by": creator,
                    "updated_by": creator,
                    "data_refreshed_at": timezone.now(),
                },
            )
            if not was_created:
                return None
            notify(
                users=sorted(recipients, key=lambda u: u.pk),
                title=_("Dự thảo báo cáo kết quả thực hiện Quy chế %(period)s")
                % {"period": draft.label},
                body=_(
                    "Hệ thống đã tổng hợp số liệu và tạo dự thảo báo cáo kết quả "
                    "thực hiện Quy chế phối hợp %(period)s. Đề nghị xem lại, viết "
                    "phần đánh giá, đề xuất và trình ký."
                )
                % {"period": draft.label},
                url=draft.get_absolute_url(),
                dedup_key=f"report-draft-created:{draft.pk}",
            )
    except IntegrityError:  # a second beat created it at the same moment
        return None
    return draft
