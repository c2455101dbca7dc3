"""What is owed, in one place: every organisation that must still answer a
request or submit an exchange report, with its due date. The reminder sweep
and the dashboards read obligations here (two queries, whatever the numbers);
what a user may open is still decided by ``permissions``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .exchanges.models import ExchangeReport
from .requests.models import CoordinationRequest, RequestRecipient


@dataclass(frozen=True)
class Obligation:
    kind: str  # "request" (an answer owed) or "exchange" (a report owed)
    organization_id: int
    due_date: datetime.date | None
    object_id: int  # the request recipient row or the exchange report
    confidentiality: int
    url: str

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_date is not None and self.due_date < today


def open_obligations(
    organization_ids: Iterable[int] | None = None,
    *,
    due_by: datetime.date | None = None,
) -> list[Obligation]:
    """Request recipients awaiting an answer and exchange reports not yet
    submitted (or returned for correction), by due date; optionally only
    those of some organisations, or due on or before ``due_by``."""
    answers = RequestRecipient.objects.filter(
        state__in=RequestRecipient.AWAITING_ANSWER,
        request__status=CoordinationRequest.Status.OPEN,
        due_date__isnull=False,
    ).select_related("request")
    reports = ExchangeReport.objects.filter(
        state__in=ExchangeReport.OWED
    ).select_related("round")
    if organization_ids is not None:
        ids = list(organization_ids)
        answers = answers.filter(organization_id__in=ids)
        reports = reports.filter(organization_id__in=ids)
    if due_by is not None:
        answers = answers.filter(due_date__lte=due_by)
        reports = reports.filter(round__due_date__lte=due_by)
    found = [
        Obligation(
            "request",
            r.organization_id,
            r.due_date,
            r.pk,
            r.request.confidentiality,
            r.request.get_absolute_url(),
        )
        for r in answers
    ] + [
        Obligation(
            "exchange",
            r.organization_id,
            r.round.due_date,
            r.pk,
            r.confidentiality,
            r.get_absolute_url(),
        )
        for r in reports
    ]
    return sorted(found, key=lambda o: (o.due_date or datetime.date.max, o.kind))
