"""Who is told of an incident, what they read (in Vietnamese; a classified
incident only by its placeholder), and the second notice to the standing
committee when an addressee has not acknowledged in time."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User

from ..notifications.services import notify
from ..organizations.models import Membership, Organization
from ..organizations.selectors import org_leaders
from .models import Incident
from .workflow import UNCHANGED, move


def addressee_users(incident: Incident, *, standing_only: bool = False) -> list[User]:
    """Who is told of an incident: the leaders, focal points and support staff
    of each addressee, and every member of an addressed standing committee."""
    addressed = list(
        incident.addressees.values_list("organization_id", "organization__kind")
    )
    standing = [
        pk for pk, kind in addressed if kind == Organization.Kind.STANDING_COMMITTEE
    ]
    others = [] if standing_only else [pk for pk, _kind in addressed]
    members = (
        Membership.objects.current()
        .filter(organization_id__in=standing, organization__is_active=True)
        .values("user_id")
    )
    users = list(
        User.objects.filter(
            Q(pk__in=members), is_active=True, clearance__gte=incident.confidentiality
        )
    )
    return users + org_leaders(others, clearance=incident.confidentiality)


def escalate_unacknowledged(now: datetime.datetime | None = None) -> int:
    """Incidents reported more than ``INCIDENT_ACK_HOURS`` ago that an
    addressee has not acknowledged: a second notice to the standing
    committee's members, once per incident (the row lock and
    ``escalated_at`` hold even if beat runs twice or the task is retried)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(hours=settings.INCIDENT_ACK_HOURS)
    candidates = (
        Incident.objects.filter(
            state__in=Incident.OPEN,
            escalated_at__isnull=True,
            reported_at__lte=limit,
            addressees__acknowledged_at__isnull=True,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            incident = (
                Incident.objects.select_for_update()
                .select_related("reporter")
                .filter(pk=pk, escalated_at__isnull=True)
                .first()
            )
            if incident is None:
                continue
            waiting = list(
                incident.addressees.filter(acknowledged_at__isnull=True).values_list(
                    "organization__name", flat=True
                )
            )
            if not waiting:
                continue
            incident.escalated_at = now
            event = move(
                incident=incident,
                by=None,
                action="remind",
                target=UNCHANGED,
                comment=", ".join(waiting),
            )
            users = addressee_users(incident, standing_only=True) or _ward_standing(
                incident
            )
            notify_incident(
                incident,
                event,
                users,
                None,
                lambda: (
                    _("chưa được xác nhận sau %(hours)s giờ")
                    % {"hours": settings.INCIDENT_ACK_HOURS}
                ),
                _waiting_line(waiting),
            )
            sent += 1
    return sent


def _waiting_line(names: list[str]):
    return lambda: _("Đơn vị chưa xác nhận: %(orgs)s.") % {"orgs": ", ".join(names)}


def _ward_standing(incident: Incident) -> list[User]:
    standing = [
        o.pk
        for o in ward_orgs(incident)
        if o.kind == Organization.Kind.STANDING_COMMITTEE
    ]
    ids = (
        Membership.objects.current()
        .filter(organization_id__in=standing)
        .values("user_id")
    )
    return list(
        User.objects.filter(
            pk__in=ids, is_active=True, clearance__gte=incident.confidentiality
        )
    )


def notify_incident(incident, event, users, by, headline, extra=None) -> None:
    users = [
        u for u in {u.pk: u for u in users}.values() if by is None or u.pk != by.pk
    ]
    if not users:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if incident.is_classified:
            title = incident.safe_title
            body = _("Có cập nhật về văn bản này. Xin đăng nhập để xem.")
        else:
            title = f"{_('Tình huống đột xuất')}: {incident.title} — {headline()}"
            body = "\n".join(p for p in (headline(), extra() if extra else "") if p)
        notify(
            users=users,
            title=title,
            body=body,
            url=incident.get_absolute_url(),
            dedup_key=f"incident-event:{event.pk}",
        )


def ward_orgs(incident: Incident) -> list[Organization]:
    root = incident.reporter.parent_id or incident.reporter_id
    return list(Organization.objects.filter(parent_id=root, is_active=True))
