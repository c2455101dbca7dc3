"""Who may open the dashboards, built on ``coordination.permissions`` (no
second permission path: every figure on them is counted from the same
``visible_*`` helpers as the lists it links to).

- the overview of a ward: its standing committee and office
  (``oversight_root_ids``), and its police committee (any position: it
  monitors the regulation's execution, ward Điều 12.2 for its support staff),
  which sees its own side;
- a cell's scorecard: the cell's leaders and support staff
  (``drafting_org_ids``), and whoever may open the overview of its ward;
- the overview by unit (one row per organisation under a ward or a
  province, ``units_of``): the standing committee and office of the
  tree, who oversee every organisation in it (``oversight_root_ids``, the
  rule of ``oversight_groups``), nobody else.
Anyone else gets a 404, and so does a ward or unit outside what the user
may open."""

from __future__ import annotations

from django.http import Http404

from coordination.organizations.models import Organization
from coordination.permissions import (
    drafting_org_ids,
    member_org_ids,
    oversight_root_ids,
    security_logger,
)

Kind = Organization.Kind


def police_ward_ids(user) -> set[int]:
    """Wards whose police committee the user belongs to (any position)."""
    orgs = member_org_ids(user)
    if not orgs:
        return set()
    return set(
        Organization.objects.filter(
            pk__in=orgs, kind=Kind.POLICE_COMMITTEE, parent__isnull=False
        ).values_list("parent_id", flat=True)
    )


def dashboard_ward_ids(user) -> dict[int, str]:
    """The wards whose overview the user may open, each with the view he gets
    there: "oversight" (standing committee, office) or "police"."""
    if not user.is_authenticated or not user.is_active:
        return {}
    wards = dict.fromkeys(police_ward_ids(user), "police")
    wards.update(dict.fromkeys(oversight_root_ids(user), "oversight"))
    return wards


def _deny(user, name: str, pk) -> None:
    security_logger.warning(
        "authz_denied user=%s object=%s:%s", getattr(user, "pk", None), name, pk
    )
    raise Http404


def get_dashboard_ward_for_user(user, ward_id: int | None = None):
    """The ward whose overview the user opens (the first of his if none is
    asked) and his view there; a 404 for anyone without one, and for a ward
    he may not open."""
    wards = dashboard_ward_ids(user)
    if not wards or (ward_id is not None and ward_id not in wards):
        _deny(user, "dashboard", ward_id)
    if ward_id is None:
        ward_id = min(wards)
    ward = Organization.objects.get(pk=ward_id)
    return ward, wards[ward_id]


# Organisations that are the overseers themselves, not units under them.
NOT_UNITS = (Kind.STANDING_COMMITTEE, Kind.OFFICE)


def units_of(ward: Organization):
    """The organisations under a ward or a province that the overview can be
    narrowed to (its filter's choices): the police committee, the cells,
    đảng bộ, huyện ủy, thành ủy; not the root, its standing committee or its
    office."""
    from reports.result_report import ward_tree

    return (
        Organization.objects.filter(ward_tree(ward.pk), is_active=True)
        .exclude(pk=ward.pk)
        .exclude(kind__in=NOT_UNITS)
        .order_by("name", "pk")
    )


def overseen_ward_ids(user) -> set[int]:
    """The trees (wards, provinces) whose units the user oversees: those of
    the standing committee or office he belongs to."""
    return {w for w, view in dashboard_ward_ids(user).items() if view == "oversight"}


def get_overseen_ward_for_user(user, ward_id: int | None = None) -> Organization:
    """The ward or province whose units the user looks at (the first if none
    is asked); a 404 for anyone who oversees none, or not this one."""
    wards = overseen_ward_ids(user)
    if not wards or (ward_id is not None and ward_id not in wards):
        _deny(user, "dashboard-units", ward_id)
    return Organization.objects.get(pk=ward_id if ward_id is not None else min(wards))


def get_dashboard_unit_for_user(user, unit_id: int) -> Organization:
    """A unit whose overview the user opens: one of ``units_of`` a ward he
    may open the overview of; anything else (another ward's or province's
    unit, a standing committee, an unknown id) is a 404."""
    unit = Organization.objects.filter(pk=unit_id).select_related("parent").first()
    if (
        unit is None
        or not unit.is_active
        or unit.kind in NOT_UNITS
        or unit.parent_id is None
    ):
        _deny(user, "dashboard-unit", unit_id)
    if unit.root().pk not in dashboard_ward_ids(user):
        _deny(user, "dashboard-unit", unit_id)
    return unit


def scorecard_cells(user):
    """The cells whose scorecard the user may open."""
    cells = Organization.objects.filter(kind__in=Organization.CELL_SIDE_KINDS)
    wards = set(dashboard_ward_ids(user))
    own = drafting_org_ids(user)
    if not own and not wards:
        return cells.none()
    return (
        cells.filter(pk__in=own)
        | cells.filter(parent_id__in=wards)
        | cells.filter(parent__parent_id__in=wards)
    )


def get_scorecard_cell_for_user(user, pk: int) -> Organization:
    cell = scorecard_cells(user).select_related("parent").filter(pk=pk).first()
    if cell is None:
        _deny(user, "scorecard", pk)
    return cell


def ward_of(cell: Organization) -> Organization:
    """The ward (root) of a cell, walking up its parents."""
    return cell.root()
