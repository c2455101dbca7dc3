"""Who may see and do what with signed reports, the archive and the outgoing
register: one helper per rule, used by every list, page and download (an
object outside them is a logged 404), built on ``coordination.permissions``.

- write a draft: the ward police committee's secretary, deputies and support
  staff (``editor_ward_ids``); sign it: its secretary (``signer_ward_ids``);
- the archive: the ward's standing committee and office, the police
  committee's leaders and support staff (``archive_ward_ids``);
- the register: the issuing organisation's leaders and support staff and the
  ward's office (``register_org_q``); cancel a number: the issuing
  organisation's secretary (``register_secretary_org_ids``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coordination.organizations.models import Membership, Organization
from coordination.permissions import (
    _get_or_404,
    leader_org_ids,
    member_org_ids,
    oversight_root_ids,
    support_org_ids,
)
from coordination.reviews.visibility import committee_root_ids

from .models import ArchivedDocument, RegisterEntry

POLICE = (Organization.Kind.POLICE_COMMITTEE,)


def _police_wards(org_ids) -> set[int]:
    if not org_ids:
        return set()
    return set(
        Organization.objects.filter(
            pk__in=org_ids, kind__in=POLICE, parent__isnull=False
        ).values_list("parent_id", flat=True)
    )


def drafting_police_ids(user) -> set[int]:
    """Police committees the user leads (secretary, deputy) or supports."""
    return leader_org_ids(user, POLICE) | (support_org_ids(user) & _police_ids(user))


def _police_ids(user) -> set[int]:
    ids = member_org_ids(user)
    if not ids:
        return set()
    return set(
        Organization.objects.filter(pk__in=ids, kind__in=POLICE).values_list(
            "pk", flat=True
        )
    )


def editor_ward_ids(user) -> set[int]:
    """Wards whose police committee the user leads (secretary, deputy) or
    supports (its support staff): they write the hand-written sections."""
    return _police_wards(leader_org_ids(user, POLICE) | support_org_ids(user))


def signer_ward_ids(user) -> set[int]:
    """Wards whose police committee's secretary the user is now."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.current()
        .filter(
            user=user,
            position=Membership.Position.SECRETARY,
            organization__kind__in=POLICE,
            organization__is_active=True,
        )
        .values_list("organization__parent_id", flat=True)
    )


# --- The archive -------------------------------------------------------------------------


def archive_ward_ids(user) -> set[int]:
    """Wards whose archive the user opens: their standing committee or
    office, their police committee's leaders and support staff."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return oversight_root_ids(user) | editor_ward_ids(user)


def executive_ward_ids(user) -> set[int]:
    """Wards whose executive committee (Ban Chấp hành: its secretary, deputies
    and committee members) or standing committee the user sits on now: the
    end-of-term report is addressed to them (ward Điều 11.2). The same rule
    as the reviews' deciding committee (``committee_root_ids``)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return committee_root_ids(user)


def visible_archived_documents(user) -> QuerySet[ArchivedDocument]:
    """The archived documents of the user's wards (``archive_ward_ids``) and
    the signed end-of-term reports of the wards whose executive committee he
    sits on (``executive_ward_ids``), without their bytes (``defer``): lists
    never load them."""
    wards = archive_ward_ids(user)
    executive = executive_ward_ids(user) - wards
    if not wards and not executive:
        return ArchivedDocument.objects.none()
    condition = Q(draft__ward_id__in=wards) | Q(
        draft__ward_id__in=executive, draft__term__isnull=False
    )
    return ArchivedDocument.objects.filter(condition).defer("content")


def get_archived_document_for_user(user, pk: int) -> ArchivedDocument:
    qs = visible_archived_documents(user).select_related(
        "draft__ward", "draft__round", "created_by", "register_entry__signer"
    )
    return _get_or_404(user, qs, pk, "archiveddocument")


# --- The outgoing register ---------------------------------------------------------------


def office_ward_ids(user) -> set[int]:
    """Wards whose office (Văn phòng Đảng ủy) the user belongs to: it keeps
    the register of documents."""
    ids = member_org_ids(user)
    if not ids:
        return set()
    return set(
        Organization.objects.filter(
            pk__in=ids, kind=Organization.Kind.OFFICE, parent__isnull=False
        ).values_list("parent_id", flat=True)
    )


def register_org_q(user) -> Q | None:
    """The issuing organisations whose register the user reads, as a
    condition on ``organization``; None for nobody."""
    if not user.is_authenticated or not user.is_active:
        return None
    own = drafting_police_ids(user)
    offices = office_ward_ids(user)
    if not own and not offices:
        return None
    return Q(organization_id__in=own) | Q(
        organization__parent_id__in=offices, organization__kind__in=POLICE
    )


def visible_register_entries(user) -> QuerySet[RegisterEntry]:
    condition = register_org_q(user)
    if condition is None:
        return RegisterEntry.objects.none()
    return RegisterEntry.objects.filter(condition)


def register_secretary_org_ids(user) -> set[int]:
    """Organisations whose secretary the user is now: they cancel a number
    of their register."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Membership.objects.current()
        .filter(
            user=user,
            position=Membership.Position.SECRETARY,
            organization__is_active=True,
        )
        .values_list("organization_id", flat=True)
    )


def get_register_entry_for_user(user, pk: int) -> RegisterEntry:
    qs = visible_register_entries(user).select_related("organization", "signer")
    return _get_or_404(user, qs, pk, "registerentry")
