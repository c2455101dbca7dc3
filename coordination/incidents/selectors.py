"""Reading incidents: the list (open first, by severity and age), a page's
detail, and what waits for the user. Everything starts from
``permissions.visible_incidents``, with a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.pending import PendingItem

from ..permissions import acting_org_ids, visible_incidents
from .models import ActionItem, Incident, IncidentAddressee
from .workflow import available_actions

State = Incident.State


def incident_list(
    user,
    *,
    area: str = "",
    organization_id=None,
    month: datetime.date | None = None,
    state: str = "",
    severity: int | None = None,
    status: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Incident]:
    """Open incidents first, the most severe and oldest first; then the
    others, newest first. Filters: area code, reporting organisation, month
    reported, state, severity, still open ("open") or closed ("closed")."""
    today = today or timezone.localdate()
    qs = visible_incidents(user).select_related("reporter", "area")
    if area:
        qs = qs.filter(area__code=area)
    if organization_id:
        qs = qs.filter(reporter_id=organization_id)
    if month:
        qs = qs.filter(reported_at__year=month.year, reported_at__month=month.month)
    if state in State.values:
        qs = qs.filter(state=state)
    if severity in Incident.Severity.values:
        qs = qs.filter(severity=severity)
    if status == "open":
        qs = qs.filter(state__in=Incident.OPEN)
    elif status == "closed":
        qs = qs.filter(state=State.CLOSED)
    return qs.annotate(
        is_open=Case(
            When(state__in=Incident.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        overdue_items=Count(
            "action_items",
            filter=Q(
                action_items__done_at__isnull=True, action_items__due_date__lt=today
            ),
            distinct=True,
        ),
        unacknowledged=Count(
            "addressees",
            filter=Q(addressees__acknowledged_at__isnull=True),
            distinct=True,
        ),
    ).order_by("is_open", "-severity", "reported_at", "-created_at", "-pk")


@dataclass
class IncidentDetail:
    incident: Incident
    addressees: list[IncidentAddressee]
    timeline: list  # updates, directions, measures and events, by time
    action_items: list[ActionItem]
    actions: list
    attachments: list


def incident_detail(user, incident: Incident) -> IncidentDetail:
    addressees = list(
        incident.addressees.select_related(
            "organization", "first_opened_by", "acknowledged_by"
        )
    )
    updates = list(
        incident.updates.select_related("organization", "author").prefetch_related(
            Prefetch(
                "action_items", queryset=ActionItem.objects.select_related("owner")
            )
        )
    )
    events = list(incident.events.select_related("actor", "organization"))
    timeline = sorted(
        [("update", u.created_at, u) for u in updates]
        + [("event", e.created_at, e) for e in events],
        key=lambda row: (row[1], 0 if row[0] == "event" else 1),
    )
    return IncidentDetail(
        incident=incident,
        addressees=addressees,
        timeline=timeline,
        action_items=list(incident.action_items.select_related("owner", "done_by")),
        actions=available_actions(user, incident),
        attachments=list(incident.attachments.all()),
    )


def pending_incident_items(user, limit: int = 10) -> list[PendingItem]:
    """Home-page provider: incidents addressed to the user's organisations
    not yet acknowledged, and action items they owe. Two queries."""
    acting = acting_org_ids(user)
    if not acting:
        return []
    visible = visible_incidents(user)
    unacknowledged = list(
        visible.filter(
            state__in=Incident.OPEN,
            addressees__organization_id__in=acting,
            addressees__acknowledged_at__isnull=True,
        )
        .distinct()
        .order_by("-severity", "reported_at")[:limit]
    )
    items = [
        PendingItem(
            title=_("%(title)s: chưa xác nhận") % {"title": i.safe_title},
            url=i.get_absolute_url(),
            kind=_("Tình huống đột xuất"),
            overdue=True,
        )
        for i in unacknowledged
    ]
    today = timezone.localdate()
    owed = (
        ActionItem.objects.filter(
            owner_id__in=acting, done_at__isnull=True, incident__in=visible
        )
        .select_related("incident")
        .order_by("due_date")[:limit]
    )
    items += [
        PendingItem(
            title=_("%(title)s: %(item)s")
            % {
                "title": a.incident.safe_title,
                "item": a.description if not a.incident.is_classified else "…",
            },
            url=a.incident.get_absolute_url(),
            kind=_("Việc theo chỉ đạo"),
            due=a.due_date,
            overdue=a.is_overdue(today),
        )
        for a in owed
    ]
    return items[:limit]
