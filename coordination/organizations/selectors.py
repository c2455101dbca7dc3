from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership


def current_memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(user=user, organization__is_active=True)
        .select_related("organization", "organization__parent")
        .order_by("organization__name")
    )
