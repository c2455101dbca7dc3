"""Service functions for organisations and memberships.

Every change to who belongs where goes through here, so that the auth groups
(and with them every django-guardian object permission granted to an
organisation's group) always equal the memberships in force.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import User
from accounts.roles import (
    ROLE_GROUP_PREFIX,
    ROLE_PERMISSIONS,
    Role,
    role_group_name,
    roles_from_memberships,
)

from ..notifications.services import notify
from .models import Membership, Organization
from .selectors import overlapping_focal_points

logger = logging.getLogger(__name__)


# --- Organisations ---------------------------------------------------------------------


def organization_group_name(code: str) -> str:
    return f"to-chuc:{code}"


OVERSIGHT_KINDS = (Organization.Kind.STANDING_COMMITTEE, Organization.Kind.OFFICE)


def ward_root(org: Organization) -> Organization:
    """The top of the organisation's tree (the ward or provincial committee)."""
    return org.root()


def ward_organizations(root: Organization) -> list[Organization]:
    """Every organisation in the tree under ``root`` (breadth first, one query
    per level; trees are two or three levels deep)."""
    found, level, seen = [root], [root.pk], {root.pk}
    while level:
        children = [
            c
            for c in Organization.objects.filter(parent_id__in=level)
            if c.pk not in seen  # defensive: never loop on a cycle in the data
        ]
        found.extend(children)
        seen |= {c.pk for c in children}
        level = [c.pk for c in children]
    return found


def root_ids(orgs: Iterable[Organization]) -> dict[int, int]:
    """Organisation id → id of the root of its tree, for many at once: one
    query per level of the tree (two or three), whatever their number."""
    parent = {o.pk: o.parent_id for o in orgs}
    pending = {p for p in parent.values() if p is not None} - parent.keys()
    while pending:
        rows = dict(
            Organization.objects.filter(pk__in=pending).values_list("pk", "parent_id")
        )
        parent.update(rows)
        pending = {p for p in rows.values() if p is not None} - parent.keys()
    roots = {}
    for pk in list(parent):
        node, seen = pk, set()
        while parent.get(node) is not None and node not in seen:
            seen.add(node)
            node = parent[node]
        roots[pk] = node
    return roots


def oversight_groups(org: Organization) -> list[Group]:
    """Groups that oversee everything in the organisation's ward: its standing
    committee and its office (bộ phận giúp việc)."""
    root = ward_root(org)
    return [
        o.group
        for o in Organization.objects.filter(
            parent=root, kind__in=OVERSIGHT_KINDS
        ).select_related("group")
    ]


@transaction.atomic
def create_organization(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None = None,
    short_name: str = "",
    email: str = "",
) -> Organization:
    """Create an organisation with its own permission group. Its members see it,
    and so do the standing committee and office of its ward (object permission
    ``view_organization``); a new standing committee or office sees its whole ward."""
    group, _created = Group.objects.get_or_create(name=organization_group_name(code))
    org = Organization.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        email=email,
        group=group,
    )
    assign_perm("coordination.view_organization", group, org)
    for oversight in oversight_groups(org):
        assign_perm("coordination.view_organization", oversight, org)
    if kind in OVERSIGHT_KINDS and parent is not None:
        others = [o for o in ward_organizations(ward_root(org)) if o.pk != org.pk]
        assign_perm(
            "coordination.view_organization",
            group,
            Organization.objects.filter(pk__in=[o.pk for o in others]),
        )
    return org


def sync_ward_grants(root: Organization) -> None:
    """Make the ``view_organization`` grants held by organisation groups on the
    tree under ``root`` equal to what the tree gives now: each organisation's
    own group, plus the ward's standing committee and office on everything.
    Grants to other (non-organisation) groups are left alone."""
    from .models import OrganizationGroupObjectPermission

    orgs = ward_organizations(root)
    org_ids = [o.pk for o in orgs]
    perm = Permission.objects.get(
        content_type__app_label="coordination", codename="view_organization"
    )
    oversight = [g.pk for g in oversight_groups(root)]
    wanted = {(o.group_id, o.pk) for o in orgs}
    wanted |= {(g, o.pk) for g in oversight for o in orgs}
    existing = OrganizationGroupObjectPermission.objects.filter(
        permission=perm,
        content_object_id__in=org_ids,
        group__name__startswith="to-chuc:",
    )
    have = set(existing.values_list("group_id", "content_object_id"))
    stale = have - wanted
    for group_id, org_id in stale:
        existing.filter(group_id=group_id, content_object_id=org_id).delete()
    OrganizationGroupObjectPermission.objects.bulk_create(
        [
            OrganizationGroupObjectPermission(
                permission=perm, group_id=group_id, content_object_id=org_id
            )
            for group_id, org_id in sorted(wanted - have)
        ],
        ignore_conflicts=True,
    )
    # An oversight group keeps no grant outside the ward it oversees.
    OrganizationGroupObjectPermission.objects.filter(
        permission=perm, group_id__in=oversight
    ).exclude(content_object_id__in=org_ids).delete()


def sync_organization_members(org: Organization) -> int:
    """Resync every user with a membership (of any date) in ``org``."""
    user_ids = set(
        Membership.objects.filter(organization=org).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=user_ids):
        sync_user_groups(user)
    return len(user_ids)


@transaction.atomic
def update_organization(
    *, organization: Organization, by: User | None = None
) -> Organization:
    """Save an edited organisation. A change of parent, kind or active flag
    changes who oversees it and what its members may do, so the grants of the
    old and new ward and the groups of its members follow at once."""
    organization.full_clean(exclude=["group"])
    old = (
        Organization.objects.select_for_update()
        .filter(pk=organization.pk)
        .values("parent_id", "kind", "is_active")
        .get()
    )
    old_root = Organization.objects.get(pk=organization.pk).root()
    organization._history_user = by
    organization.save()
    if (old["parent_id"], old["kind"], old["is_active"]) == (
        organization.parent_id,
        organization.kind,
        organization.is_active,
    ):
        return organization
    # Grants of the old and the new ward (the same tree unless it moved).
    new_root = organization.root()
    for root in {old_root.pk: old_root, new_root.pk: new_root}.values():
        sync_ward_grants(root)
    # The organisation's own group keeps no grant outside its tree now (an
    # office or standing committee that moved or changed kind).
    from .models import OrganizationGroupObjectPermission

    OrganizationGroupObjectPermission.objects.filter(
        group_id=organization.group_id,
        permission__codename="view_organization",
    ).exclude(
        content_object_id__in=[o.pk for o in ward_organizations(new_root)]
    ).delete()
    sync_organization_members(organization)
    return organization


def ensure_role_groups() -> dict[str, Group]:
    """Create the role groups and give them their model-wide permissions. Two
    queries when all is in place (it runs at every membership change)."""
    names = {role: role_group_name(role) for role in Role.values}
    groups = Group.objects.filter(name__in=names.values())
    existing = {g.name: g for g in groups.prefetch_related("permissions")}
    perm_ids = {
        f"{app}.{codename}": pk
        for pk, app, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    result = {}
    for role, name in names.items():
        group = existing.get(name) or Group.objects.get_or_create(name=name)[0]
        wanted = {perm_ids[label] for label in ROLE_PERMISSIONS.get(role, [])}
        if wanted != {p.pk for p in group.permissions.all()}:
            group.permissions.set(wanted)
        result[role] = group
    return result


# --- Memberships -------------------------------------------------------------------------


def _is_managed_group(group: Group) -> bool:
    return group.name.startswith(ROLE_GROUP_PREFIX) or group.name.startswith("to-chuc:")


def sync_user_groups(user: User, *, today: datetime.date | None = None) -> None:
    """Make the user's managed groups (organisation and role groups) equal to
    what their current memberships give. Other groups are left alone."""
    today = today or timezone.localdate()
    current = list(
        Membership.objects.current(today)
        .filter(user=user, organization__is_active=True)
        .select_related("organization__group")
    )
    if not user.is_active:
        current = []  # a switched-off account holds no managed group
    wanted = {m.organization.group_id for m in current}
    roles = roles_from_memberships(user, current) if user.is_active else set()
    if roles:
        role_groups = ensure_role_groups()
        wanted |= {role_groups[r].pk for r in roles}
    have = {g.pk: g for g in user.groups.all() if _is_managed_group(g)}
    to_remove = [pk for pk in have if pk not in wanted]
    to_add = [pk for pk in wanted if pk not in have]
    if to_remove:
        user.groups.remove(*to_remove)
    if to_add:
        user.groups.add(*to_add)
    # Django and guardian memoise permissions on the instance; drop them.
    for attr in (
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
        "_roles_cache",
        "_membership_rows_cache",
    ):
        if hasattr(user, attr):
            delattr(user, attr)


def _validate_dates(start: datetime.date, end: datetime.date | None) -> None:
    if end is not None and end < start:
        raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."))


def check_focal_point_overlap(membership: Membership) -> None:
    """One focal point (đầu mối, ward Điều 12.1 / province Điều 8.1) at a time per
    organisation: refuse one whose dates overlap another's, naming that one."""
    other = membership.is_focal_point and (
        overlapping_focal_points(
            organization_id=membership.organization_id,
            start_date=membership.start_date or timezone.localdate(),
            end_date=membership.end_date,
            exclude_pk=membership.pk,
        ).first()
    )
    if not other:
        return
    end = other.end_date
    period = _("từ %(start)s đến %(end)s") if end else _("từ %(start)s, đang đảm nhiệm")
    dates = {"start": f"{other.start_date:%d/%m/%Y}", "end": end and f"{end:%d/%m/%Y}"}
    message = _(
        "%(org)s đã có đầu mối là %(person)s (%(period)s). Mỗi tổ chức chỉ có một "
        "đầu mối trong cùng thời gian: kết thúc đầu mối này trước khi giao đầu mối mới."
    )
    org, person = other.organization.name, other.user.get_full_name()
    raise ValidationError(
        message % {"org": org, "person": person, "period": period % dates},
        code="focal_point_overlap",
    )


@transaction.atomic
def start_membership(
    *,
    user: User,
    organization: Organization,
    position: str,
    by: User | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    is_focal_point: bool = False,
    government_post: str = "",
    note: str = "",
    send_notification: bool = True,
) -> Membership:
    start_date = start_date or timezone.localdate()
    _validate_dates(start_date, end_date)
    User.objects.select_for_update().get(pk=user.pk)
    membership = Membership(
        user=user,
        organization=organization,
        position=position,
        start_date=start_date,
        end_date=end_date,
        is_focal_point=is_focal_point,
        government_post=government_post,
        note=note,
    )
    if is_focal_point:
        # Serialise focal-point assignments of one organisation, then check.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        check_focal_point_overlap(membership)
    membership._history_user = by
    membership.save()
    sync_user_groups(user)
    if send_notification and membership.is_current():
        notify(
            users=[user],
            title=_("Bạn được phân công: %(position)s, %(org)s")
            % {"position": membership.get_position_display(), "org": organization.name},
            body=_(
                "Từ ngày %(date)s bạn đảm nhiệm %(position)s tại %(org)s trong hệ thống "
                "theo dõi thực hiện Quy chế phối hợp."
            )
            % {
                "date": start_date.strftime("%d/%m/%Y"),
                "position": membership.get_position_display(),
                "org": organization.name,
            },
            url="/",
            dedup_key=f"membership-start:{membership.pk}",
        )
    return membership


@transaction.atomic
def end_membership(
    *,
    membership: Membership,
    by: User | None = None,
    end_date: datetime.date | None = None,
    note: str = "",
) -> Membership:
    """End a membership; with no date it ends now and access goes at once."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    end_date = end_date or timezone.localdate()
    if end_date < membership.start_date:
        end_date = membership.start_date
    membership.end_date = end_date
    if note:
        membership.note = note
    membership._history_user = by
    membership.save(update_fields=["end_date", "note"])
    sync_user_groups(membership.user)
    return membership


@transaction.atomic
def change_membership(
    *,
    membership: Membership,
    by: User | None = None,
    position: str | None = None,
    is_focal_point: bool | None = None,
    organization: Organization | None = None,
) -> Membership:
    """A change of position or organisation ends the old membership and starts
    a new one, so history shows who held what when."""
    old = Membership.objects.select_for_update().get(pk=membership.pk)
    new_position = position or old.position
    new_org = organization or old.organization
    new_focal = old.is_focal_point if is_focal_point is None else is_focal_point
    if (new_position, new_org.pk, new_focal) == (
        old.position,
        old.organization_id,
        old.is_focal_point,
    ):
        return old
    end_membership(membership=old, by=by)
    return start_membership(
        user=old.user,
        organization=new_org,
        position=new_position,
        is_focal_point=new_focal,
        government_post=old.government_post,
        by=by,
    )


def membership_saved(*, membership: Membership, old_user_id: int | None = None) -> None:
    """After a membership row was edited directly (admin): its user's groups
    follow, and so do the groups of the user it belonged to before, if the
    row was moved to another person."""
    sync_user_groups(membership.user)
    if old_user_id is not None and old_user_id != membership.user_id:
        sync_user_groups(User.objects.get(pk=old_user_id))


def sync_all_memberships(today: datetime.date | None = None) -> int:
    """Daily sweep: memberships that start or end by date take effect even if
    nobody touched them. Returns the number of users checked."""
    today = today or timezone.localdate()
    user_ids = (
        Membership.objects.filter(start_date__lte=today)
        .values_list("user_id", flat=True)
        .distinct()
    )
    count = 0
    for user in User.objects.filter(pk__in=user_ids).iterator():
        sync_user_groups(user, today=today)
        count += 1
    return count


def end_user_sessions(user: User) -> int:
    """Delete every open session of the user (they are logged out at once)."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def deactivate_user(*, user: User, by: User | None = None) -> None:
    """Switch a user off: no login, and every open session ends now."""
    user.is_active = False
    user._history_user = by
    user.save(update_fields=["is_active"])
    sync_user_groups(user)
    end_user_sessions(user)


def user_account_changed(*, user: User) -> None:
    """After an edit of a user account (admin): groups follow the account's
    flags (active, staff, superuser) and memberships now; an account switched
    off loses its sessions at once."""
    sync_user_groups(user)
    if not user.is_active:
        end_user_sessions(user)


SYNC_SESSION_KEY = "memberships_synced_on"


def sync_dated_memberships_for_session(*, user: User, session) -> bool:
    """Apply the user's dated memberships (started or ended by date) at most
    once a day per session: the periodic sweep may not run (embedded mode
    has no beat), yet a membership that ended yesterday gives no access today.
    Returns True if a sync ran."""
    today = timezone.localdate().isoformat()
    if session.get(SYNC_SESSION_KEY) == today:
        return False
    sync_user_groups(user)
    session[SYNC_SESSION_KEY] = today
    return True
