"""Roles derive from positions held today; nothing is stored per person.

A role is also an auth group (named ``vai-tro:<role>``) that carries the
model-wide permissions of that role, e.g. the standing committee sees every
organisation. ``coordination.organizations.services.sync_user_groups`` keeps a user's role and
organisation groups equal to what their current memberships give.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

ROLE_GROUP_PREFIX = "vai-tro:"


class Role(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("Thường trực / Ban Thường vụ")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Ban Chấp hành Đảng bộ")
    POLICE_COMMITTEE = "police_committee", _("Đảng ủy Công an")
    CELL_LEADERSHIP = "cell_leadership", _("Bí thư / Phó Bí thư chi, đảng bộ")
    SUPPORT_STAFF = "support_staff", _("Bộ phận giúp việc của đơn vị")
    OFFICE_STAFF = "office_staff", _("Văn phòng Đảng ủy (giúp việc Ban Thường vụ)")
    ADMINISTRATOR = "administrator", _("Quản trị")


# Model-wide permissions each role's group carries ("app_label.codename").
# Only the administrator works across wards. The standing committee and the office
# see their own ward through object permissions granted to their organisation's
# group (coordination.organizations.services.oversight_groups), so one deployment can serve a
# whole city without one ward seeing another.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMINISTRATOR: ["coordination.view_organization"],
    Role.STANDING_COMMITTEE: [],
    Role.EXECUTIVE_COMMITTEE: [],
    Role.SUPPORT_STAFF: [],
    Role.OFFICE_STAFF: [],
    Role.POLICE_COMMITTEE: [],
    Role.CELL_LEADERSHIP: [],
}


def role_group_name(role: str) -> str:
    return f"{ROLE_GROUP_PREFIX}{role}"


def roles_for_position(org_kind: str, position: str, is_focal_point: bool) -> set[str]:
    """The roles one membership gives.

    - any position in the ward (province) office: the standing committee's own
      staff, with the ward-wide view;
    - any position in the standing committee: the standing committee;
    - a committee position (bí thư, phó bí thư, cấp ủy viên) in the ward
      (province) committee itself: the executive committee, the audience of
      what the regulation addresses to "Đảng ủy phường" / "Tỉnh ủy";
    - a staff position in any other organisation: that organisation's support
      staff (bộ phận giúp việc cấp ủy, ward Điều 12.2, province Điều 8.2), who
      see and prepare its items; its leaders send and sign;
    - leadership (or the focal point) of the police committee or of a cell."""
    from coordination.models import Membership, Organization

    kind, pos = Organization.Kind, Membership.Position
    roles: set[str] = set()
    if org_kind == kind.OFFICE:
        roles.add(Role.OFFICE_STAFF)
    elif org_kind == kind.STANDING_COMMITTEE:
        roles.add(Role.STANDING_COMMITTEE)
    elif org_kind in (kind.WARD_COMMITTEE, kind.PROVINCE_COMMITTEE):
        if position in (*Membership.LEADERSHIP, pos.COMMITTEE_MEMBER):
            roles.add(Role.EXECUTIVE_COMMITTEE)
    elif position == pos.STAFF:
        roles.add(Role.SUPPORT_STAFF)
    elif org_kind == kind.POLICE_COMMITTEE:
        if position in (*Membership.LEADERSHIP, pos.COMMITTEE_MEMBER) or is_focal_point:
            roles.add(Role.POLICE_COMMITTEE)
    elif org_kind in Organization.CELL_SIDE_KINDS and (
        position in Membership.LEADERSHIP or is_focal_point
    ):
        roles.add(Role.CELL_LEADERSHIP)
    return roles


def roles_from_memberships(user, memberships: Iterable) -> set[str]:
    roles: set[str] = set()
    for m in memberships:
        roles |= roles_for_position(m.organization.kind, m.position, m.is_focal_point)
    if user.is_superuser or user.is_staff:
        roles.add(Role.ADMINISTRATOR)
    return roles


def get_roles(user) -> set[str]:
    """The user's roles now (one query; memoised on the user object for the
    duration of one request only)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    from coordination.permissions import current_membership_rows

    roles = roles_from_memberships(user, current_membership_rows(user))
    user._roles_cache = roles
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(get_roles(user) & set(roles))
