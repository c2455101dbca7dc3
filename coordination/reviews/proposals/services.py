"""Commendation and criticism proposals: the police committee's leaders or
support staff (ward 11.1), or a side's support staff (ward 12.2), propose;
the body the regulation names decides (ward 11.1 the standing committee, 11.2
and 12.2 the ward committee; province 7.1 the provincial standing committee,
commendation of outstanding cases only: no criticism). Each function checks
who acts, locks, changes the state, records who and when, and notifies after
commit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from regulations.models import Regulation
from regulations.selectors import regulation_in_force_for

from ...organizations.models import Membership, Organization
from ...permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
    visible_review_meetings,
)
from ...validators import is_blank, nfc
from ..models import ReviewActionItem, ReviewMeeting
from ..services import ReviewError, _leaders, _tell
from ..visibility import COMMITTEE_POSITIONS, decider_root_ids, proposer_org_ids
from .models import (
    CommendationProposal,
    DecidingBody,
    Decision,
    ProposalEvidence,
)

Kind = CommendationProposal.Kind


@dataclass(frozen=True)
class Rule:
    """What the regulation says about proposals at one kind of review."""

    body: str
    allows_criticism: bool
    citation: str


RULES = {
    # ward 11.1: the yearly review reports to the standing committee
    ("ward", ReviewMeeting.Kind.YEARLY): Rule(
        DecidingBody.STANDING, True, gettext_lazy("Điều 11.1")
    ),
    # ward 11.2: the end-of-term review proposes to the ward committee
    ("ward", ReviewMeeting.Kind.END_OF_TERM): Rule(
        DecidingBody.COMMITTEE, True, gettext_lazy("Điều 11.2")
    ),
    # ward 12.2: the support staff's interim reviews propose to the committee
    ("ward", ReviewMeeting.Kind.INTERIM): Rule(
        DecidingBody.COMMITTEE, True, gettext_lazy("Điều 12.2")
    ),
}
# province 7.1: commendation of outstanding cases to the provincial standing
# committee; the province regulation names no criticism.
PROVINCE_RULE = Rule(DecidingBody.STANDING, False, gettext_lazy("Điều 7.1"))


def level_of(ward: Organization, regulation: Regulation | None) -> str:
    """The regulation's level (its ``level`` field), else the tree's root."""
    if regulation is not None and regulation.level in ("ward", "province"):
        return regulation.level
    return "province" if ward.kind == Organization.Kind.PROVINCE_COMMITTEE else "ward"


def rule_for(
    ward: Organization, regulation: Regulation | None, meeting: ReviewMeeting | None
) -> Rule:
    if level_of(ward, regulation) == "province":
        return PROVINCE_RULE
    kind = meeting.kind if meeting is not None else ReviewMeeting.Kind.YEARLY
    return RULES[("ward", kind)]


def evidence_choices(user, ward: Organization) -> dict:
    """The items of ``ward`` the user may open, by link name (the evidence a
    proposal may cite)."""
    return {
        "request": visible_requests(user).filter(sender__parent_id=ward.pk),
        "exchange_report": visible_exchange_reports(user).filter(
            round__ward_id=ward.pk
        ),
        "incident": visible_incidents(user).filter(reporter__parent_id=ward.pk),
        "action_item": ReviewActionItem.objects.filter(
            meeting__in=visible_review_meetings(user), meeting__ward_id=ward.pk
        ),
    }


def _deciders(ward: Organization, body: str) -> list[User]:
    """The deciding body's members: the standing committee; for the
    committee, also the ward committee's secretary, deputies and members."""
    members = Q(organization__parent=ward, organization__kind="standing_committee")
    if body == DecidingBody.COMMITTEE:
        members |= Q(organization=ward, position__in=COMMITTEE_POSITIONS)
    ids = Membership.objects.current().filter(members).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


@transaction.atomic
def propose(
    *,
    by: User,
    proposer_org: Organization,
    kind: str,
    reason: str,
    organization: Organization | None = None,
    person: User | None = None,
    person_name: str = "",
    person_position: str = "",
    meeting: ReviewMeeting | None = None,
    evidence: dict | None = None,
) -> CommendationProposal:
    """A pending proposal; ``evidence`` maps a link name ("request",
    "exchange_report", "incident", "action_item") to items of the same ward
    the proposer may open."""
    if proposer_org.pk not in proposer_org_ids(by) or proposer_org.parent is None:
        raise ReviewError(
            _(
                "Chỉ lãnh đạo, bộ phận giúp việc Đảng ủy Công an hoặc bộ phận giúp "
                "việc của các bên mới đề xuất biểu dương, phê bình."
            )
        )
    ward = proposer_org.parent
    if meeting is not None and (
        meeting.ward_id != ward.pk
        or not visible_review_meetings(by).filter(pk=meeting.pk).exists()
    ):
        raise ReviewError(_("Cuộc họp không thuộc đảng bộ."))
    regulation = regulation_in_force_for(ward)
    rule = rule_for(ward, regulation, meeting)
    if kind not in Kind.values:
        raise ReviewError(_("Xin chọn hình thức đề xuất."))
    if kind == Kind.CRITICISE and not rule.allows_criticism:
        raise ReviewError(
            _("Quy chế (%(article)s) không quy định đề xuất phê bình tại cuộc họp này.")
            % {"article": rule.citation}
        )
    if is_blank(reason):
        raise ReviewError(_("Xin ghi lý do."))
    if organization is not None and organization.parent_id != ward.pk:
        raise ReviewError(_("Tập thể được đề xuất phải thuộc đảng bộ."))
    if (
        person is not None
        and not Membership.objects.current()
        .filter(user=person, organization__parent=ward)
        .exists()
    ):
        raise ReviewError(_("Cá nhân được đề xuất phải là đảng viên thuộc đảng bộ."))
    person_name = "" if person is not None else nfc(person_name).strip()
    if organization is None and person is None and not person_name:
        raise ReviewError(_("Xin chọn tập thể hoặc ghi cá nhân được đề xuất."))
    links = _checked_evidence(by, ward, evidence or {})
    proposal = CommendationProposal(
        ward=ward,
        meeting=meeting,
        regulation=regulation,
        kind=kind,
        organization=organization,
        person=person,
        person_name=person_name,
        person_position=nfc(person_position).strip(),
        reason=nfc(reason),
        deciding_body=rule.body,
        proposer_org=proposer_org,
        proposed_by=by,
    )
    proposal._history_user = by
    proposal.save()
    ProposalEvidence.objects.bulk_create(
        ProposalEvidence(proposal=proposal, **{name: obj}) for name, obj in links
    )
    _tell(
        _deciders(ward, rule.body),
        by,
        lambda: _("Đề nghị quyết định: %(p)s") % {"p": proposal},
        proposal.get_absolute_url(),
        f"proposal:{proposal.pk}",
    )
    return proposal


def _checked_evidence(by, ward, evidence: dict) -> list[tuple[str, object]]:
    allowed = evidence_choices(by, ward)
    links = []
    for name, items in evidence.items():
        items = list(items)
        if name not in allowed:
            raise ReviewError(_("Căn cứ không hợp lệ."))
        ids = {obj.pk for obj in items}
        if ids and allowed[name].filter(pk__in=ids).count() != len(ids):
            raise ReviewError(
                _("Chỉ dẫn căn cứ thuộc đảng bộ mà người đề xuất được xem.")
            )
        links.extend((name, obj) for obj in items)
    return links


@transaction.atomic
def decide(
    *,
    proposal: CommendationProposal,
    by: User,
    accepted: bool,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    note: str = "",
) -> CommendationProposal:
    """A member of the deciding body records the decision (accepted: its
    number and date required); the proposer and the organisation (or person)
    concerned are told."""
    proposal = CommendationProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.ward_id not in decider_root_ids(by, proposal.deciding_body):
        raise ReviewError(
            _("Chỉ %(body)s của đảng bộ mới quyết định đề xuất này.")
            % {"body": proposal.get_deciding_body_display()}
        )
    if proposal.state != Decision.PENDING:
        raise ReviewError(_("Đề xuất này đã có quyết định."))
    number = nfc(decision_number).strip()
    if accepted and (not number or decision_date is None):
        raise ReviewError(_("Xin ghi số và ngày quyết định."))
    proposal.state = Decision.ACCEPTED if accepted else Decision.REJECTED
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.decision_number, proposal.decision_date = number, decision_date
    proposal.decision_note = nfc(note)
    proposal._history_user = by
    proposal.save()
    users = _leaders([proposal.proposer_org_id])
    if proposal.organization_id:
        users += _leaders([proposal.organization_id])
    users += [u for u in (proposal.proposed_by, proposal.person) if u is not None]
    unique = list({u.pk: u for u in users}.values())
    _tell(
        unique,
        by,
        lambda: (
            _("%(p)s — %(state)s")
            % {"p": proposal, "state": proposal.get_state_display()}
        ),
        proposal.get_absolute_url(),
        f"proposal-decided:{proposal.pk}",
    )
    return proposal
