"""What is owed, in one place: every organisation that must still answer a
request, submit an exchange report or carry out an action item of a direction,
with its due date. The reminder sweep and the dashboards read obligations here
(six queries, whatever the numbers); what a user may open is still decided by
``permissions``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .confidentiality import safe_title
from .exchanges.models import ExchangeReport, ExchangeRound, report_title
from .incidents.models import ActionItem
from .organizations.models import Organization
from .requests.models import CoordinationRequest, RequestRecipient
from .reviews.models import ReviewActionItem


@dataclass(slots=True)
class Obligation:
    kind: str  # "request", "exchange", "action_item", "review_item" (of a review)
    organization_id: int
    due_date: datetime.date | None
    object_id: int  # the request recipient row, the exchange report, the action item
    confidentiality: int
    url: str
    # For the reminders: a title safe for e-mails (classified: a placeholder),
    # the ward (root organisation) it belongs to, when its window began, the
    # exchange round's lock date, and the organisation waiting for it.
    title: str = ""
    ward_id: int | None = None
    starts_on: datetime.date | None = None
    lock_date: datetime.date | None = None
    waiting_org_id: int | None = None
    group_id: int | None = None  # the exchange round

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_date is not None and self.due_date < today


def _local_date(moment: datetime.datetime | None, tz) -> datetime.date | None:
    return moment.astimezone(tz).date() if moment else None


def _url_pattern(name: str):
    """``reverse`` once: the URL of object ``pk`` is the pattern with ``pk`` in
    it (reversing per row costs more than the query at city scale)."""
    marker = 987654321
    prefix, suffix = reverse(name, kwargs={"pk": marker}).split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"


def open_obligations(
    organization_ids: Iterable[int] | None = None,
    *,
    due_by: datetime.date | None = None,
) -> list[Obligation]:
    """Request recipients awaiting an answer, exchange reports not yet
    submitted (or returned for correction) and action items not done, by due
    date; optionally only those of some organisations, or due on or before
    ``due_by``. Rows are read as values, not model instances: the reminder
    sweep reads every owed item of a city."""
    answers = RequestRecipient.objects.filter(
        state__in=RequestRecipient.AWAITING_ANSWER,
        request__status=CoordinationRequest.Status.OPEN,
        due_date__isnull=False,
    )
    reports = ExchangeReport.objects.filter(state__in=ExchangeReport.OWED)
    items = ActionItem.objects.filter(done_at__isnull=True).select_related(
        "incident", "incident__reporter"
    )
    review_items = ReviewActionItem.objects.filter(done_at__isnull=True)
    if organization_ids is not None:
        ids = list(organization_ids)
        review_items = review_items.filter(owner_id__in=ids)
        answers = answers.filter(organization_id__in=ids)
        reports = reports.filter(organization_id__in=ids)
        items = items.filter(owner_id__in=ids)
    if due_by is not None:
        answers = answers.filter(due_date__lte=due_by)
        reports = reports.filter(round__due_date__lte=due_by)
        items = items.filter(due_date__lte=due_by)
        review_items = review_items.filter(due_date__lte=due_by)
    tz = timezone.get_current_timezone()
    request_url = _url_pattern("coordination:request-detail")
    report_url = _url_pattern("coordination:exchange-detail")
    found = [
        Obligation(
            "request",
            org_id,
            due_date,
            pk,
            level,
            request_url(request_id),
            title=safe_title(level, request_id, subject),
            ward_id=sender_parent_id or sender_id,
            starts_on=_local_date(sent_at, tz),
            waiting_org_id=sender_id,
        )
        for (
            pk,
            org_id,
            due_date,
            request_id,
            level,
            subject,
            sent_at,
            sender_id,
            sender_parent_id,
        ) in answers.values_list(
            "pk",
            "organization_id",
            "due_date",
            "request_id",
            "request__confidentiality",
            "request__subject",
            "request__sent_at",
            "request__sender_id",
            "request__sender__parent_id",
        )
    ]
    report_rows = list(
        reports.values_list("pk", "organization_id", "confidentiality", "round_id")
    )
    rounds = ExchangeRound.objects.in_bulk({row[3] for row in report_rows})
    names = dict(
        Organization.objects.filter(pk__in={row[1] for row in report_rows}).values_list(
            "pk", "name"
        )
    )
    found += [
        Obligation(
            "exchange",
            org_id,
            rounds[round_id].due_date,
            pk,
            level,
            report_url(pk),
            title=safe_title(
                level,
                pk,
                report_title(rounds[round_id].label, names[org_id]),
            ),
            ward_id=rounds[round_id].ward_id,
            lock_date=rounds[round_id].lock_date,
            group_id=round_id,
        )
        for pk, org_id, level, round_id in report_rows
    ]
    found += [
        Obligation(
            "action_item",
            a.owner_id,
            a.due_date,
            a.pk,
            a.incident.confidentiality,
            a.incident.get_absolute_url(),
            title=(
                a.incident.safe_title
                if a.incident.is_classified
                else f"{a.description} — {a.incident.title}"
            ),
            ward_id=a.incident.reporter.parent_id or a.incident.reporter_id,
        )
        for a in items
    ]
    review_url = _url_pattern("coordination:review-detail")
    found += [
        Obligation(
            "review_item",
            owner_id,
            due_date,
            pk,
            0,
            review_url(meeting_id),
            title=description,
            ward_id=ward_id,
        )
        for pk, owner_id, due_date, meeting_id, description, ward_id in (
            review_items.values_list(
                "pk",
                "owner_id",
                "due_date",
                "meeting_id",
                "description",
                "meeting__ward_id",
            )
        )
    ]
    return sorted(found, key=lambda o: (o.due_date or datetime.date.max, o.kind))
