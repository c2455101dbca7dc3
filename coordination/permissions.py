"""Who may see what. One query helper per visibility rule; every list, export,
count and dashboard goes through these (deny by default: an object the user
cannot see is a 404, its existence not revealed)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from guardian.shortcuts import get_objects_for_user

from .models import Organization


def visible_organizations(user) -> QuerySet[Organization]:
    """Organisations the user belongs to now (object permission through the
    organisation's group), or all of them for roles with the model permission."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return get_objects_for_user(
        user,
        "coordination.view_organization",
        Organization.objects.all(),
        accept_global_perms=True,
    )


def get_organization_for_user(user, pk: int) -> Organization:
    return get_object_or_404(
        visible_organizations(user).select_related("parent"), pk=pk
    )
