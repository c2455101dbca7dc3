"""The demo's review: last year's yearly review, held, with minutes and two
action items, one done late; running it again adds nothing."""

import datetime

from django.core.management import call_command

from coordination.models import ReviewMeeting
from coordination.reviews import demo


def test_demo_review(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC))
    call_command("seed_demo", verbosity=0)
    meeting = ReviewMeeting.objects.get(ward__code="hd", year=2025)
    assert meeting.state == ReviewMeeting.State.HELD and meeting.minutes
    assert meeting.provision.ref == "d11-k1"
    late, open_ = meeting.action_items.order_by("due_date")
    assert late.done_late() and open_.done_at is None
    assert meeting.invitations.filter(attended=True).count() == 2
    assert demo.seed_demo_reviews() == 0
    assert ReviewMeeting.objects.count() == 1


def test_demo_proposals(db, time_machine):
    """Last year's review carries one decided commendation, one pending
    criticism, and a cell's amendment proposal citing Điều 10.2."""
    from coordination.reviews.models import (
        AmendmentProposal,
        CommendationProposal,
        ListeningConference,
    )

    time_machine.move_to(datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC))
    call_command("seed_demo", verbosity=0)
    meeting = ReviewMeeting.objects.get(ward__code="hd", year=2025)
    commend = CommendationProposal.objects.get(meeting=meeting, kind="commend")
    assert commend.state == "accepted" and commend.decision_number
    assert commend.deciding_body == "standing"
    criticise = CommendationProposal.objects.get(meeting=meeting, kind="criticise")
    assert criticise.state == "pending" and criticise.evidence.count() == 1
    amendment = AmendmentProposal.objects.get()
    assert [p.ref for p in amendment.provisions.all()] == ["d10-k2"]
    conference = ListeningConference.objects.get(ward__code="hd", year=2025)
    answered, open_ = conference.opinions.order_by("due_date")
    assert answered.answered_at and open_.answered_at is None
    assert demo.seed_demo_reviews() == 0
    assert CommendationProposal.objects.count() == 2


def test_demo_festival(db, time_machine):
    """Last year's 19/8 festival with the police committee's and a cell's
    entries."""
    from coordination.reviews.festival.models import SecurityFestival

    time_machine.move_to(datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.UTC))
    call_command("seed_demo", verbosity=0)
    festival = SecurityFestival.objects.get(ward__code="hd", year=2025)
    assert festival.held_on == datetime.date(2025, 8, 19)
    codes = sorted(festival.entries.values_list("organization__code", flat=True))
    assert codes == ["hd-ca", "hd-cb01"]
