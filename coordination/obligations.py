"""What is owed, in one place: every organisation that must still answer a
request, submit an exchange report or carry out an action item of a direction,
with its due date. The reminder sweep and the dashboards read obligations here
(three queries, whatever the numbers); what a user may open is still decided by
``permissions``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from .exchanges.models import ExchangeReport
from .incidents.models import ActionItem
from .requests.models import CoordinationRequest, RequestRecipient


@dataclass(frozen=True)
class Obligation:
    kind: str  # "request" (an answer owed), "exchange" (a report), "action_item"
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


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def open_obligations(
    organization_ids: Iterable[int] | None = None,
    *,
    due_by: datetime.date | None = None,
) -> list[Obligation]:
    """Request recipients awaiting an answer, exchange reports not yet
    submitted (or returned for correction) and action items not done, by due
    date; optionally only those of some organisations, or due on or before
    ``due_by``."""
    answers = RequestRecipient.objects.filter(
        state__in=RequestRecipient.AWAITING_ANSWER,
        request__status=CoordinationRequest.Status.OPEN,
        due_date__isnull=False,
    ).select_related("request", "request__sender")
    reports = ExchangeReport.objects.filter(
        state__in=ExchangeReport.OWED
    ).select_related("round", "organization")
    items = ActionItem.objects.filter(done_at__isnull=True).select_related(
        "incident", "incident__reporter"
    )
    if organization_ids is not None:
        ids = list(organization_ids)
        answers = answers.filter(organization_id__in=ids)
        reports = reports.filter(organization_id__in=ids)
        items = items.filter(owner_id__in=ids)
    if due_by is not None:
        answers = answers.filter(due_date__lte=due_by)
        reports = reports.filter(round__due_date__lte=due_by)
        items = items.filter(due_date__lte=due_by)
    found = [
        Obligation(
            "request",
            r.organization_id,
            r.due_date,
            r.pk,
            r.request.confidentiality,
            r.request.get_absolute_url(),
            title=r.request.safe_title,
            ward_id=r.request.sender.parent_id or r.request.sender_id,
            starts_on=_local_date(r.request.sent_at),
            waiting_org_id=r.request.sender_id,
        )
        for r in answers
    ]
    found += [
        Obligation(
            "exchange",
            r.organization_id,
            r.round.due_date,
            r.pk,
            r.confidentiality,
            r.get_absolute_url(),
            title=r.safe_title,
            ward_id=r.round.ward_id,
            lock_date=r.round.lock_date,
            group_id=r.round_id,
        )
        for r in reports
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
    return sorted(found, key=lambda o: (o.due_date or datetime.date.max, o.kind))
