"""Who may see and act on review proposals (commendation, criticism,
amendment). One query helper per rule, built on ``coordination.permissions``;
every list and detail page of ``reviews.proposals`` starts here. An object
the user may not see is a logged 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..organizations.models import Membership, Organization
from ..permissions import (
    _get_or_404,
    _memberships,
    acting_org_ids,
    drafting_org_ids,
    oversight_root_ids,
    review_host_ward_ids,
    standing_root_ids,
    support_org_ids,
)
from .conference.models import CitizenOpinion, ListeningConference
from .festival.models import FestivalEntry, SecurityFestival
from .proposals.models import (
    AmendmentCompilation,
    AmendmentProposal,
    CommendationProposal,
    DecidingBody,
)

Kind = Organization.Kind
ROOT_KINDS = (Kind.WARD_COMMITTEE, Kind.PROVINCE_COMMITTEE)
COMMITTEE_POSITIONS = (*Membership.LEADERSHIP, Membership.Position.COMMITTEE_MEMBER)


def committee_root_ids(user) -> set[int]:
    """The wards (provinces) whose executive committee (Đảng ủy phường: its
    secretary, deputies and committee members) or standing committee the user
    sits on: they decide what the regulation addresses to the committee
    (ward 11.2, 12.2)."""
    own = {
        org_id
        for org_id, pos, _focal, kind in _memberships(user)
        if kind in ROOT_KINDS and pos in COMMITTEE_POSITIONS
    }
    return own | standing_root_ids(user)


def decider_root_ids(user, body: str) -> set[int]:
    if body == DecidingBody.COMMITTEE:
        return committee_root_ids(user)
    return standing_root_ids(user)


def proposer_org_ids(user) -> set[int]:
    """Organisations the user may propose a commendation or criticism for:
    the police committee he leads or supports (ward 11.1), a cell-side
    organisation whose support staff he is (ward 12.2)."""
    support = support_org_ids(user)
    return {
        org_id
        for org_id, pos, _focal, kind in _memberships(user)
        if (
            kind == Kind.POLICE_COMMITTEE
            and (pos in Membership.LEADERSHIP or org_id in support)
        )
        or (kind in Organization.CELL_SIDE_KINDS and org_id in support)
    }


def visible_proposals(user) -> QuerySet[CommendationProposal]:
    """The ward's standing committee, the deciding committee (for those it
    decides), the proposer's organisation and the organisation concerned
    (their leaders and support staff), the person concerned; nobody else."""
    if not user.is_authenticated or not user.is_active:
        return CommendationProposal.objects.none()
    orgs = drafting_org_ids(user)
    return CommendationProposal.objects.filter(
        Q(ward_id__in=standing_root_ids(user))
        | Q(deciding_body=DecidingBody.COMMITTEE, ward_id__in=committee_root_ids(user))
        | Q(proposer_org_id__in=orgs)
        | Q(organization_id__in=orgs)
        | Q(person=user)
    )


def get_proposal_for_user(user, pk: int) -> CommendationProposal:
    qs = visible_proposals(user).select_related(
        "ward", "meeting", "organization", "person", "proposer_org", "proposed_by"
    )
    return _get_or_404(user, qs, pk, "commendationproposal")


def raiser_org_ids(user) -> set[int]:
    """Organisations whose leaders the user is, among the two sides (the
    police committee and the cells): they raise difficulties (ward 12.3)."""
    acting = acting_org_ids(user)
    kinds = (*Organization.CELL_SIDE_KINDS, Kind.POLICE_COMMITTEE)
    return {
        org_id
        for org_id, _pos, _focal, kind in _memberships(user)
        if kind in kinds and org_id in acting
    }


def amendment_ward_ids(user) -> set[int]:
    """Wards where the user sees every amendment proposal: the police
    committee's hosts (they compile), the standing committee and office."""
    return review_host_ward_ids(user) | oversight_root_ids(user)


def visible_amendments(user) -> QuerySet[AmendmentProposal]:
    """The raising organisation's leaders and support staff, the police
    committee's hosts, the ward's standing committee and office."""
    if not user.is_authenticated or not user.is_active:
        return AmendmentProposal.objects.none()
    return AmendmentProposal.objects.filter(
        Q(organization_id__in=drafting_org_ids(user))
        | Q(ward_id__in=amendment_ward_ids(user))
    )


def get_amendment_for_user(user, pk: int) -> AmendmentProposal:
    qs = visible_amendments(user).select_related(
        "ward", "organization", "regulation", "raised_by", "compilation"
    )
    return _get_or_404(user, qs, pk, "amendmentproposal")


def visible_compilations(user) -> QuerySet[AmendmentCompilation]:
    """Those of the user's wards (hosts, standing committee, office) and those
    holding a proposal the user's organisation raised."""
    if not user.is_authenticated or not user.is_active:
        return AmendmentCompilation.objects.none()
    raised = AmendmentProposal.objects.filter(
        organization_id__in=drafting_org_ids(user), compilation__isnull=False
    ).values("compilation_id")
    return AmendmentCompilation.objects.filter(
        Q(ward_id__in=amendment_ward_ids(user)) | Q(pk__in=raised)
    )


def get_compilation_for_user(user, pk: int) -> AmendmentCompilation:
    qs = visible_compilations(user).select_related(
        "ward", "regulation", "compiled_by", "decided_by", "new_version"
    )
    return _get_or_404(user, qs, pk, "amendmentcompilation")


def visible_conferences(user) -> QuerySet[ListeningConference]:
    """The ward's police committee hosts, standing committee and office, and
    the leaders and support staff of an organisation assigned an opinion."""
    if not user.is_authenticated or not user.is_active:
        return ListeningConference.objects.none()
    assigned = CitizenOpinion.objects.filter(assignee_id__in=drafting_org_ids(user))
    return ListeningConference.objects.filter(
        Q(ward_id__in=amendment_ward_ids(user))
        | Q(pk__in=assigned.values("conference_id"))
    )


def get_conference_for_user(user, pk: int) -> ListeningConference:
    qs = visible_conferences(user).select_related("ward", "created_by")
    return _get_or_404(user, qs, pk, "listeningconference")


def get_opinion_for_user(user, pk: int) -> CitizenOpinion:
    qs = CitizenOpinion.objects.filter(
        conference__in=visible_conferences(user)
    ).select_related("conference", "assignee")
    return _get_or_404(user, qs, pk, "citizenopinion")


# --- The 19/8 festival -----------------------------------------------------------------

FESTIVAL_KINDS = (*Organization.CELL_SIDE_KINDS, Kind.POLICE_COMMITTEE)


def festival_org_ids(user) -> set[int]:
    """Organisations whose festival entry the user writes: the ward's cells
    and police committee he leads or supports (ward 7.2.e, 8.2.b)."""
    return set(
        Organization.objects.filter(
            pk__in=drafting_org_ids(user), kind__in=FESTIVAL_KINDS, is_active=True
        ).values_list("pk", flat=True)
    )


def visible_festivals(user) -> QuerySet[SecurityFestival]:
    """As the conference: the police committee's hosts, the ward's standing
    committee and office; and the leaders and support staff of the ward's
    organisations, who record what they did."""
    if not user.is_authenticated or not user.is_active:
        return SecurityFestival.objects.none()
    own = Organization.objects.filter(pk__in=festival_org_ids(user))
    return SecurityFestival.objects.filter(
        Q(ward_id__in=amendment_ward_ids(user)) | Q(ward_id__in=own.values("parent_id"))
    )


def get_festival_for_user(user, pk: int) -> SecurityFestival:
    qs = visible_festivals(user).select_related("ward", "created_by")
    return _get_or_404(user, qs, pk, "securityfestival")


def visible_festival_entries(user, festival) -> QuerySet[FestivalEntry]:
    """Every entry for the hosts, standing committee and office; an
    organisation's own entry for its leaders and support staff."""
    entries = FestivalEntry.objects.filter(festival=festival)
    if festival.ward_id in amendment_ward_ids(user):
        return entries
    return entries.filter(organization_id__in=festival_org_ids(user))
