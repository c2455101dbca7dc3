from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..permissions import get_organization_for_user, visible_organizations
from .selectors import focal_point_directory as directory_for_user


def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = (
        visible_organizations(request.user)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/organizations/organization_list.html",
        {"organizations": page.object_list, "page": page},
    )


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization_for_user(request.user, pk)
    memberships = (
        organization.memberships.current()
        .select_related("user")
        .order_by("position", "user__full_name")
    )
    return render(
        request,
        "coordination/organizations/organization_detail.html",
        {"organization": organization, "memberships": memberships},
    )


def focal_point_directory(request: HttpRequest) -> HttpResponse:
    """Danh bạ đầu mối: the focal points and leaders of every organisation of
    the user's ward(s), for every logged-in member of the ward."""
    return render(
        request,
        "coordination/organizations/focal_point_directory.html",
        {"wards": directory_for_user(request.user)},
    )
