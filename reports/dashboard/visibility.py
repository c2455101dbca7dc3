"""Who may open the dashboards, built on ``coordination.permissions`` (no
second permission path: every figure on them is counted from the same
``visible_*`` helpers as the lists it links to).

- the overview of a ward: its standing committee and office
  (``oversight_root_ids``), and its police committee (any position: it
  monitors the regulation's execution, ward Điều 12.2 for its support staff),
  which sees its own side;
- a cell's scorecard: the cell's leaders and support staff
  (``drafting_org_ids``), and whoever may open the overview of its ward.
Anyone else gets a 404."""

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
    asked) and his view there; a 404 for anyone without one."""
    wards = dashboard_ward_ids(user)
    if not wards:
        _deny(user, "dashboard", ward_id)
    if ward_id is None or ward_id not in wards:
        ward_id = min(wards)
    ward = Organization.objects.get(pk=ward_id)
    return ward, wards[ward_id]


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
