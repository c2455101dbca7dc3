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
