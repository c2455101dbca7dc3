"""Commendation and criticism proposals: who proposes, the deciding body the
regulation names (ward 11.1 standing committee, 11.2 ward committee; province
7.1 standing committee, no criticism), evidence of the same ward the
proposer sees, the decision and its notices after commit."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coordination.models import Notification
from coordination.reviews import services as review_services
from coordination.reviews.proposals import services
from coordination.reviews.proposals.models import CommendationProposal
from coordination.reviews.services import ReviewError
from coordination.reviews.visibility import visible_proposals
from tests.coordination.organizations.test_province import province  # noqa: F401
from tests.factories import make_org, make_request, make_user

from ..conftest import schedule
from .conftest import propose

DAY = datetime.date(2026, 12, 20)


def test_yearly_review_goes_to_the_standing_committee(ward, proposal):
    assert proposal.deciding_body == "standing"
    assert proposal.ward == ward.root
    assert proposal.evidence.count() == 2
    with pytest.raises(ReviewError):
        services.decide(proposal=proposal, by=ward.ward_member, accepted=True)
    services.decide(
        proposal=proposal,
        by=ward.standing_member,
        accepted=True,
        decision_number="12-QĐ/ĐU",
        decision_date=DAY,
        note="Giấy khen",
    )
    proposal.refresh_from_db()
    assert proposal.state == "accepted" and proposal.decided_by == ward.standing_member
    assert (proposal.decision_number, proposal.decision_date) == ("12-QĐ/ĐU", DAY)
    with pytest.raises(ReviewError):  # decided once
        services.decide(proposal=proposal, by=ward.standing_member, accepted=False)


def test_end_of_term_goes_to_the_ward_committee(ward):
    meeting = schedule(ward, kind="end_of_term")
    proposal = propose(ward, meeting=meeting, kind="criticise")
    assert proposal.deciding_body == "committee"
    assert proposal in visible_proposals(ward.ward_member)
    services.decide(proposal=proposal, by=ward.ward_member, accepted=False)
    assert CommendationProposal.objects.get().state == "rejected"


def test_accepting_needs_number_and_date(ward, proposal):
    with pytest.raises(ReviewError):
        services.decide(proposal=proposal, by=ward.standing_member, accepted=True)
    assert CommendationProposal.objects.get().state == "pending"


def test_who_proposes(ward):
    # A cell's support staff (12.2) proposes for the cell; its secretary does not.
    assert propose(ward, by=ward.staff_a, proposer_org=ward.cell_a)
    for user, org in [
        (ward.secretary_a, ward.cell_a),
        (ward.cleared_officer, ward.police),  # a committee member, not a leader
        (ward.standing_member, ward.police),
        (ward.staff_a, ward.police),
    ]:
        with pytest.raises(ReviewError):
            propose(ward, by=user, proposer_org=org)
    assert CommendationProposal.objects.count() == 1


def test_a_person_by_name_or_as_user(ward):
    named = propose(
        ward,
        organization=None,
        person_name="Nguyễn Văn A",
        person_position="Tổ trưởng tổ dân phố",
    )
    assert named.subject == "Nguyễn Văn A, Tổ trưởng tổ dân phố"
    user = propose(ward, organization=ward.cell_b, person=ward.secretary_b)
    assert user in visible_proposals(ward.secretary_b)
    with pytest.raises(ReviewError):
        propose(ward, organization=None)
    outsider = make_user("outsider")
    with pytest.raises(ReviewError):
        propose(ward, organization=None, person=outsider)


def test_evidence_must_be_of_the_ward_and_seen_by_the_proposer(ward, meeting):
    other = make_org("Đảng bộ khác", kind="ward_committee", code="khac")
    other_police = make_org("Công an khác", kind="police_committee", parent=other)
    other_cell = make_org("Chi bộ khác", parent=other)
    other_officer = make_user("officer_khac", org=other_police)
    theirs = make_request(
        by=other_officer, sender=other_police, recipients=[other_cell]
    )
    unseen = make_request(  # cell B's draft: the police do not see it
        by=ward.secretary_b, sender=ward.cell_b, recipients=[ward.police], send=False
    )
    for request in (theirs, unseen):
        with pytest.raises(ReviewError):
            propose(ward, evidence={"request": [request]})
    assert not CommendationProposal.objects.exists()


def test_another_wards_meeting_is_refused(ward):
    other = make_org("Đảng bộ khác", kind="ward_committee", code="khac")
    police = make_org("Công an khác", kind="police_committee", parent=other)
    make_org("Chi bộ khác", parent=other)
    officer = make_user("officer_khac", org=police)
    theirs = review_services.schedule_review(
        by=officer,
        ward=other,
        kind="yearly",
        year=2026,
        starts_at=timezone.now(),
        place="Nơi khác",
        chair=officer,
    )
    with pytest.raises(ReviewError):
        propose(ward, meeting=theirs)


def test_province_yearly_review_has_no_criticism(province):  # noqa: F811
    leader = province.police_leader
    with pytest.raises(ReviewError, match="7.1"):
        propose(province, by=leader, kind="criticise", organization=province.district)
    commend = propose(
        province, by=leader, kind="commend", organization=province.district
    )
    assert commend.deciding_body == "standing"
    services.decide(
        proposal=commend,
        by=province.standing_member,
        accepted=True,
        decision_number="1-QĐ/TU",
        decision_date=DAY,
    )
    assert CommendationProposal.objects.get().state == "accepted"


def test_decision_notifies_after_commit(
    ward, proposal, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.decide(
            proposal=proposal,
            by=ward.standing_member,
            accepted=True,
            decision_number="12-QĐ/ĐU",
            decision_date=DAY,
        )
        assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    told = set(Notification.objects.values_list("user__username", flat=True))
    # the proposer, the police committee's leaders, cell A's leaders
    assert {"officer", "secretary_a", "deputy_a"} <= told
    assert not told & {"standing_member", "secretary_b", "member_a"}


def test_proposing_tells_the_deciding_body(
    ward, meeting, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        propose(ward, meeting=meeting)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"standing_member"}
