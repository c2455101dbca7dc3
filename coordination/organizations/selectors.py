from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.models import User

from .models import Membership, Organization


def current_memberships(user) -> QuerySet[Membership]:
    return (
        Membership.objects.current()
        .filter(user=user, organization__is_active=True)
        .select_related("organization", "organization__parent")
        .order_by("organization__name")
    )


def overlapping_focal_points(
    *,
    organization_id: int,
    start_date: datetime.date,
    end_date: datetime.date | None,
    exclude_pk: int | None = None,
) -> QuerySet[Membership]:
    """Focal-point memberships of the organisation whose dates overlap
    [start_date, end_date) (end exclusive; no end date = still in office)."""
    if end_date is not None and end_date <= start_date:
        return Membership.objects.none()  # an empty term overlaps nothing
    qs = Membership.objects.filter(
        organization_id=organization_id, is_focal_point=True
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date))
    if end_date is not None:
        qs = qs.filter(start_date__lt=end_date)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.select_related("user", "organization").order_by("start_date")


# --- Focal-point directory (danh bạ đầu mối, ward Điều 12.1 / province Điều 8.1) ----

# The two sides of the regulation each name a focal point per organisation.
FOCAL_POINT_KINDS = (Organization.Kind.POLICE_COMMITTEE, *Organization.CELL_SIDE_KINDS)
# Listed kinds, in the order the directory shows them.
DIRECTORY_KINDS = (
    Organization.Kind.STANDING_COMMITTEE,
    Organization.Kind.OFFICE,
    *FOCAL_POINT_KINDS,
)


@dataclass
class DirectoryEntry:
    organization: Organization
    focal_points: list[Membership] = field(default_factory=list)
    leaders: list[Membership] = field(default_factory=list)

    @property
    def needs_focal_point(self) -> bool:
        return self.organization.kind in FOCAL_POINT_KINDS


@dataclass
class WardDirectory:
    root: Organization
    entries: list[DirectoryEntry] = field(default_factory=list)

    @property
    def missing_focal_point(self) -> list[DirectoryEntry]:
        return [e for e in self.entries if e.needs_focal_point and not e.focal_points]


def _root_ids(org_ids: set[int]) -> set[int]:
    """The roots of the trees holding ``org_ids``: one query per level."""
    roots: set[int] = set()
    level, seen = set(org_ids), set()
    while level:
        seen |= level
        parents = set()
        for pk, parent_id in Organization.objects.filter(pk__in=level).values_list(
            "pk", "parent_id"
        ):
            if parent_id is None:
                roots.add(pk)
            elif parent_id not in seen:  # never loop on a cycle in the data
                parents.add(parent_id)
        level = parents
    return roots


def directory_root_ids(user) -> set[int]:
    """The wards (provinces) whose directory the user may read: the roots of
    their current memberships' organisations; every tree for administrators."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_staff or user.is_superuser:
        return set(
            Organization.objects.filter(parent__isnull=True).values_list(
                "pk", flat=True
            )
        )
    return _root_ids(
        set(
            Membership.objects.current()
            .filter(user=user, organization__is_active=True)
            .values_list("organization_id", flat=True)
        )
    )


def focal_point_directory(user) -> list[WardDirectory]:
    """For each ward (province) of the user, its active standing committee,
    office, police committee and cell-side organisations, each with its current
    focal point(s) and leaders (bí thư, phó bí thư). A fixed number of queries
    whatever the number of organisations (one per tree level, plus three)."""
    root_ids = directory_root_ids(user)
    if not root_ids:
        return []
    roots = {o.pk: o for o in Organization.objects.filter(pk__in=root_ids)}
    ward_of: dict[int, int] = {}  # organisation -> its root
    level = {pk: pk for pk in roots}
    while level:
        children = {}
        for pk, parent_id in Organization.objects.filter(
            parent_id__in=level
        ).values_list("pk", "parent_id"):
            if pk not in ward_of and pk not in roots:  # never loop on a cycle
                children[pk] = ward_of[pk] = level[parent_id]
        level = children
    listed = Organization.objects.filter(
        pk__in=ward_of, is_active=True, kind__in=DIRECTORY_KINDS
    ).order_by("name")  # the database's collation
    entries = {org.pk: DirectoryEntry(organization=org) for org in listed}
    rank = {pos: i for i, pos in enumerate(Membership.LEADERSHIP)}
    memberships = (
        Membership.objects.current()
        .filter(organization_id__in=entries, user__is_active=True)
        .filter(Q(is_focal_point=True) | Q(position__in=Membership.LEADERSHIP))
        .select_related("user")
        .order_by("-start_date", "user__full_name")
    )
    for m in memberships:
        entry = entries[m.organization_id]
        if m.is_focal_point:
            entry.focal_points.append(m)
        if m.position in rank:
            entry.leaders.append(m)
    wards = {pk: WardDirectory(root=root) for pk, root in roots.items()}
    kind_order = {kind: i for i, kind in enumerate(DIRECTORY_KINDS)}
    for entry in sorted(
        entries.values(), key=lambda e: kind_order[e.organization.kind]
    ):  # stable: by name within each kind
        entry.leaders.sort(key=lambda m: rank[m.position])
        wards[ward_of[entry.organization.pk]].entries.append(entry)
    return list(wards.values())  # roots come by name (Organization ordering)


def org_leaders(org_ids: Iterable[int], *, clearance: int = 0) -> list[User]:
    """Users to notify for an organisation: current secretaries, deputies and
    focal points, and its support staff (who track its deadlines, ward Điều
    12.2), cleared for the request's level."""
    ids = (
        Membership.objects.current()
        .filter(organization_id__in=list(org_ids), organization__is_active=True)
        .filter(
            Q(position__in=(*Membership.LEADERSHIP, Membership.Position.STAFF))
            | Q(is_focal_point=True)
        )
        .values("user_id")
    )
    return list(
        User.objects.filter(pk__in=ids, is_active=True, clearance__gte=clearance)
    )
