"""Who may see what. One query helper per visibility rule; every list, export,
count and dashboard goes through these (deny by default: an object the user
cannot see is a 404, its existence not revealed)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from accounts.roles import Role, roles_for_position

from .assessments.models import Assessment, OfficerComment
from .calendar.models import CalendarEntry
from .exchanges.models import ExchangeReport
from .incidents.models import Incident
from .organizations.models import Membership, Organization
from .requests.models import CoordinationRequest
from .reviews.models import ReviewActionItem, ReviewInvitation, ReviewMeeting

if TYPE_CHECKING:
    from reports.models import ReportDraft


def objects_granted(user, queryset: QuerySet, codename: str) -> QuerySet:
    """The objects of ``queryset`` on which the user holds ``codename``: all of
    them with the model permission (global, through a role group), otherwise
    those granted to the user or to one of their groups in django-guardian's
    direct foreign-key tables. Same result as guardian's
    ``get_objects_for_user(..., accept_global_perms=True)``, as one ``IN`` over
    a ``UNION ALL`` of the two grant tables that PostgreSQL runs as a semi-join
    from the (few) grants instead of filtering the whole table (measured by
    ``manage.py benchmark``)."""
    model = queryset.model
    if user.has_perm(f"{model._meta.app_label}.{codename}"):
        return queryset
    user_perms = get_user_obj_perms_model(model).objects.filter(
        user=user, permission__codename=codename
    )
    group_perms = get_group_obj_perms_model(model).objects.filter(
        group__user=user, permission__codename=codename
    )
    granted = group_perms.values("content_object_id").union(
        user_perms.values("content_object_id"), all=True
    )
    return queryset.filter(pk__in=granted)


def visible_organizations(user) -> QuerySet[Organization]:
    """Organisations the user belongs to now (object permission through the
    organisation's group), or all of them for roles with the model permission."""
    if not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return objects_granted(user, Organization.objects.all(), "view_organization")


def get_organization_for_user(user, pk: int) -> Organization:
    return get_object_or_404(
        visible_organizations(user).select_related("parent"), pk=pk
    )


# --- Coordination requests ------------------------------------------------------------

security_logger = logging.getLogger("security")
ACTING_ROLES = {Role.CELL_LEADERSHIP, Role.POLICE_COMMITTEE, Role.STANDING_COMMITTEE}


def member_org_ids(user) -> set[int]:
    """Organisations the user belongs to now (any position)."""
    return {org_id for org_id, _pos, _focal, _kind in _memberships(user)}


def acting_org_ids(user) -> set[int]:
    """Organisations the user may act for in coordination requests: a current
    position that gives a leading role there (cell secretary, deputy or focal
    point; police committee leadership and members; standing committee).
    Office staff keep the register but do not act for an organisation."""
    return {
        org_id
        for org_id, pos, focal, kind in _memberships(user)
        if roles_for_position(kind, pos, focal) & ACTING_ROLES
    }


def acting_orgs_of_kind(user, kinds) -> set[int]:
    """The organisations of these kinds the user acts for."""
    acting = acting_org_ids(user)
    return {
        org_id
        for org_id, _pos, _focal, kind in _memberships(user)
        if kind in kinds and org_id in acting
    }


def support_org_ids(user) -> set[int]:
    """Organisations whose support staff (bộ phận giúp việc cấp ủy, ward Điều
    12.2, province Điều 8.2) the user is: they see all of the organisation's
    items and prepare drafts; its leaders send and sign."""
    return {
        org_id
        for org_id, pos, focal, kind in _memberships(user)
        if Role.SUPPORT_STAFF in roles_for_position(kind, pos, focal)
    }


def drafting_org_ids(user) -> set[int]:
    """Organisations the user may prepare drafts for: its leaders and its
    support staff."""
    return acting_org_ids(user) | support_org_ids(user)


def current_membership_rows(user) -> list[Membership]:
    """The user's memberships in force today (active organisations or not),
    organisation joined: the one membership query of a request, memoised on
    the user (``sync_user_groups`` drops it) and shared by the roles
    (accounts.roles.get_roles: middleware, context processor, templates) and
    every ``*_org_ids`` helper here."""
    cached = getattr(user, "_membership_rows_cache", None)
    if cached is None:
        cached = list(
            Membership.objects.current()
            .filter(user=user)
            .select_related("organization")
            .only(
                "organization_id",
                "position",
                "is_focal_point",
                "organization__kind",
                "organization__is_active",
                "organization__parent_id",
            )
        )
        user._membership_rows_cache = cached
    return cached


def _memberships(user) -> list[tuple[int, str, bool, str]]:
    if not user.is_authenticated or not user.is_active:
        return []
    return [
        (m.organization_id, m.position, m.is_focal_point, m.organization.kind)
        for m in current_membership_rows(user)
        if m.organization.is_active
    ]


def visible_requests(user) -> QuerySet[CoordinationRequest]:
    """Every request the user may open: through the object permission granted
    to their organisations' groups (sender from creation, recipients from
    sending), or the model permission of the standing committee and office
    staff; drafts only for the sender; classified ones only up to the user's
    clearance. Every list, search and count starts here."""
    if not user.is_authenticated or not user.is_active:
        return CoordinationRequest.objects.none()
    qs = objects_granted(
        user, CoordinationRequest.objects.all(), "view_coordinationrequest"
    )
    own_orgs = Organization.objects.filter(group__user=user).values("pk")
    return qs.filter(confidentiality__lte=user.clearance).filter(
        ~Q(status=CoordinationRequest.Status.DRAFT) | Q(sender_id__in=own_orgs)
    )


def get_request_for_user(user, pk: int) -> CoordinationRequest:
    """The request, or 404 (its existence is not revealed); a refused attempt
    is logged as a security event."""
    obj = (
        visible_requests(user)
        .select_related("sender", "area", "created_by")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        security_logger.warning(
            "authz_denied user=%s object=coordinationrequest:%s",
            getattr(user, "pk", None),
            pk,
        )
        raise Http404
    return obj


def standing_org_ids(request: CoordinationRequest) -> set[int]:
    """Organisations whose members give direction on this request: the standing
    committee of the sender's ward (memoised on the request object). The ward's
    secretary and deputies act there through their standing-committee
    membership, the same one that lets them open the request."""
    cached = getattr(request, "_standing_org_ids", None)
    if cached is None:
        root = request.sender.root()
        cached = set(
            Organization.objects.filter(
                parent=root, kind=Organization.Kind.STANDING_COMMITTEE
            ).values_list("pk", flat=True)
        )
        request._standing_org_ids = cached
    return cached


def oversight_root_ids(user) -> set[int]:
    """The trees (their root organisations) whose standing committee or office
    the user belongs to: there he oversees every request (memoised on the
    user for one request)."""
    return _parent_ids(
        user, (Organization.Kind.STANDING_COMMITTEE, Organization.Kind.OFFICE)
    )


def _parent_ids(user, kinds) -> set:
    """Parents of the user's active organisations of these kinds (no query)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {
        m.organization.parent_id
        for m in current_membership_rows(user)
        if m.organization.is_active and m.organization.kind in kinds
    }


def sees_every_thread(
    user, request: CoordinationRequest, sender_root_id: int | None = None
) -> bool:
    """The sender's organisation and the ward's standing committee and office
    read every recipient's thread of a request (``sender_root_id``, when the
    caller knows it, spares the walk up the tree)."""
    if request.sender_id in member_org_ids(user):
        return True
    roots = oversight_root_ids(user)
    if not roots:
        return False
    if sender_root_id is None:
        sender_root_id = request.sender.root().pk
    return sender_root_id in roots


def visible_recipient_ids(
    user, request: CoordinationRequest, recipients, sender_root_id: int | None = None
) -> set[int]:
    """Which recipients' threads (answers, meetings, direction, events, files)
    the user may read inside a request he can open: every one if he
    ``sees_every_thread``; otherwise only those of his own organisations (ward
    Điều 10.2: each recipient deals with the sender, not with the others)."""
    if sees_every_thread(user, request, sender_root_id):
        return {r.pk for r in recipients}
    orgs = member_org_ids(user)
    return {r.pk for r in recipients if r.organization_id in orgs}


# --- Exchange reports --------------------------------------------------------------------


def visible_exchange_reports(user) -> QuerySet[ExchangeReport]:
    """Every exchange report the user may open: granted (view) to its author's
    group, its counterparts' groups (the police committee for a cell's report,
    the round's cells for the police's) and the ward's standing committee and
    office when the round creates it; classified ones only up to the user's
    clearance. A draft's content stays its author's until submitted
    (``exchanges.workflow.can_read_content``). Every list, table and count of
    exchanges starts here."""
    if not user.is_authenticated or not user.is_active:
        return ExchangeReport.objects.none()
    qs = objects_granted(user, ExchangeReport.objects.all(), "view_exchangereport")
    return qs.filter(confidentiality__lte=user.clearance)


def get_exchange_report_for_user(user, pk: int):
    """The report, or a logged 404."""
    obj = (
        visible_exchange_reports(user)
        .select_related("round", "organization", "round__ward")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        security_logger.warning(
            "authz_denied user=%s object=exchangereport:%s",
            getattr(user, "pk", None),
            pk,
        )
        raise Http404
    return obj


# --- Urgent situations -----------------------------------------------------------------


def visible_incidents(user) -> QuerySet[Incident]:
    """Every incident the user may open: granted (view) to the reporter's group
    from creation, to the addressees' groups when reported (a cell's report:
    the standing committee and the police committee; the police's: the
    standing committee and the cells it names; ward 7.2.f: the police
    committee only), and to the owners of its action items; drafts only for
    the reporter; classified ones only up to the user's clearance."""
    if not user.is_authenticated or not user.is_active:
        return Incident.objects.none()
    qs = objects_granted(user, Incident.objects.all(), "view_incident")
    own_orgs = Organization.objects.filter(group__user=user).values("pk")
    return qs.filter(confidentiality__lte=user.clearance).filter(
        ~Q(state=Incident.State.DRAFT) | Q(reporter_id__in=own_orgs)
    )


def get_incident_for_user(user, pk: int) -> Incident:
    obj = (
        visible_incidents(user)
        .select_related("reporter", "area", "created_by")
        .filter(pk=pk)
        .first()
    )
    if obj is None:
        security_logger.warning(
            "authz_denied user=%s object=incident:%s", getattr(user, "pk", None), pk
        )
        raise Http404
    return obj


# --- Assessments of police work ----------------------------------------------------------


def leader_org_ids(user, kinds) -> set[int]:
    """Organisations of these kinds where the user is secretary or deputy."""
    return {
        org_id
        for org_id, pos, _focal, kind in _memberships(user)
        if kind in kinds and pos in Membership.LEADERSHIP
    }


def standing_root_ids(user) -> set[int]:
    """The trees whose standing committee (not office) the user sits on."""
    return _parent_ids(user, (Organization.Kind.STANDING_COMMITTEE,))


def visible_assessments(user) -> QuerySet[Assessment]:
    """A cell's assessments of police work: its members, the police
    committee's secretary and deputies (not its support staff or other
    members) and the ward's standing committee (DESIGN §5). Granted to the
    three organisations' groups when written; the position rule on top."""
    if not user.is_authenticated or not user.is_active:
        return Assessment.objects.none()
    police = Organization.Kind.POLICE_COMMITTEE
    return objects_granted(user, Assessment.objects.all(), "view_assessment").filter(
        Q(cell_id__in=member_org_ids(user))
        | Q(police_id__in=leader_org_ids(user, (police,)))
        | Q(police__parent_id__in=standing_root_ids(user))
    )


def visible_officer_comments(user) -> QuerySet[OfficerComment]:
    """Comments on a named officer: the commenting cell's leaders, the police
    committee's secretary and deputies, the ward's standing committee; never
    the officer himself, the police's support staff or another cell."""
    if not user.is_authenticated or not user.is_active:
        return OfficerComment.objects.none()
    police = Organization.Kind.POLICE_COMMITTEE
    return (
        objects_granted(user, OfficerComment.objects.all(), "view_officercomment")
        .filter(
            Q(cell_id__in=acting_org_ids(user))
            | Q(officer__organization_id__in=leader_org_ids(user, (police,)))
            | Q(officer__organization__parent_id__in=standing_root_ids(user))
        )
        .exclude(officer__user=user)
    )


def _get_or_404(user, queryset, pk: int, name: str):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        security_logger.warning(
            "authz_denied user=%s object=%s:%s", getattr(user, "pk", None), name, pk
        )
        raise Http404
    return obj


def get_assessment_for_user(user, pk: int) -> Assessment:
    qs = visible_assessments(user).select_related("cell", "police", "round", "author")
    return _get_or_404(user, qs, pk, "assessment")


def get_officer_comment_for_user(user, pk: int) -> OfficerComment:
    qs = visible_officer_comments(user).select_related(
        "cell", "officer__user", "officer__organization", "author"
    )
    return _get_or_404(user, qs, pk, "officercomment")


# --- The regulation's calendar ------------------------------------------------------------


def calendar_ward_ids(user) -> set[int]:
    """The wards (roots of their trees) of the organisations the user belongs
    to now: one query per level of the tree, memoised on the user for one
    request."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_calendar_ward_ids", None)
    if cached is None:
        parent: dict[int, int | None] = {}
        pending = member_org_ids(user)
        while pending:
            rows = dict(
                Organization.objects.filter(pk__in=pending).values_list(
                    "pk", "parent_id"
                )
            )
            parent.update(rows)
            pending = {p for p in rows.values() if p is not None} - parent.keys()
        cached = set()
        for pk in member_org_ids(user):
            node, seen = pk, set()
            while parent.get(node) is not None and node not in seen:
                seen.add(node)
                node = parent[node]
            cached.add(node)
        user._calendar_ward_ids = cached
    return cached


def visible_calendar_entries(user) -> QuerySet[CalendarEntry]:
    """A ward's calendar: every member of the ward's organisations (any
    position) and the administrators (the model permission on organisations:
    they work across wards); nobody else."""
    if not user.is_authenticated or not user.is_active:
        return CalendarEntry.objects.none()
    if user.has_perm("coordination.view_organization"):
        return CalendarEntry.objects.all()
    return CalendarEntry.objects.filter(ward_id__in=calendar_ward_ids(user))


# --- The report on the regulation's implementation ---------------------------------------


def report_ward_ids(user) -> set[int]:
    """The wards whose police committee (any position: ward Điều 11.1, it
    compiles the report) or whose standing committee or office (its
    addressee) the user belongs to."""
    wards = _parent_ids(user, (Organization.Kind.POLICE_COMMITTEE,))
    return wards | oversight_root_ids(user)


def visible_report_drafts(user) -> QuerySet[ReportDraft]:
    """The report drafts of the user's wards (``report_ward_ids``); nobody
    else's (another ward, a cell, the administrator: 404)."""
    from reports.models import ReportDraft

    if not user.is_authenticated or not user.is_active:
        return ReportDraft.objects.none()
    return ReportDraft.objects.filter(ward_id__in=report_ward_ids(user))


def get_report_draft_for_user(user, pk: int) -> ReportDraft:
    qs = visible_report_drafts(user).select_related("ward", "round", "signed_by")
    return _get_or_404(user, qs, pk, "reportdraft")


# --- Review meetings ---------------------------------------------------------------------


def review_host_ward_ids(user) -> set[int]:
    """Wards whose police committee the user leads or supports (secretary,
    deputies, support staff): they schedule and record review meetings."""
    police = leader_org_ids(user, (Organization.Kind.POLICE_COMMITTEE,)) | {
        o for o, _p, _f, k in _memberships(user) if k == "police_committee"
    } & support_org_ids(user)
    rows = current_membership_rows(user)
    parents = {m.organization_id: m.organization.parent_id for m in rows}
    return {parents[org_id] for org_id in police}


def visible_review_meetings(user) -> QuerySet[ReviewMeeting]:
    """The hosting police committee's leaders and support staff, the ward's
    standing committee and office, and the leaders and support staff of the
    invited organisations and of the action items' owners; nobody else."""
    if not user.is_authenticated or not user.is_active:
        return ReviewMeeting.objects.none()
    orgs = drafting_org_ids(user)
    invited = ReviewInvitation.objects.filter(organization_id__in=orgs)
    owners = ReviewActionItem.objects.filter(owner_id__in=orgs)
    return ReviewMeeting.objects.filter(
        Q(ward_id__in=review_host_ward_ids(user) | oversight_root_ids(user))
        | Q(pk__in=invited.values("meeting_id"))
        | Q(pk__in=owners.values("meeting_id"))
    )


def get_review_meeting_for_user(user, pk: int) -> ReviewMeeting:
    qs = visible_review_meetings(user).select_related(
        "ward", "chair", "provision", "created_by"
    )
    return _get_or_404(user, qs, pk, "reviewmeeting")
