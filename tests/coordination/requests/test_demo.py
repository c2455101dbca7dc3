from django.core.management import call_command

from coordination.models import CoordinationRequest, RequestRecipient


def test_seed_demo_requests_covers_every_state_and_is_idempotent(db):
    call_command("seed_demo", verbosity=0)  # calls seed_demo_requests itself
    first = CoordinationRequest.objects.count()
    assert first >= 12
    states = set(RequestRecipient.objects.values_list("state", flat=True))
    assert set(RequestRecipient.State.values) <= states, (
        set(RequestRecipient.State.values) - states
    )
    statuses = set(CoordinationRequest.objects.values_list("status", flat=True))
    assert statuses == set(CoordinationRequest.Status.values)
    from coordination.requests.demo import overdue_count

    assert overdue_count() >= 2
    senders = set(CoordinationRequest.objects.values_list("sender__code", flat=True))
    assert {"hd-ca", "hd-cb01", "hd-cb02"} <= senders
    assert CoordinationRequest.objects.filter(confidentiality__gt=0).exists()

    call_command("seed_demo_requests", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert CoordinationRequest.objects.count() == first


def test_seed_demo_records_no_meeting_outcome_before_the_meeting(db):
    """The demo tells a believable story: every recorded outcome is of a
    meeting already held, after the request was sent."""
    from coordination.models import RequestEvent, WorkingMeeting

    call_command("seed_demo", verbosity=0)
    held = WorkingMeeting.objects.exclude(outcome="pending").select_related(
        "recipient__request"
    )
    assert held.exists()
    for meeting in held:
        outcome = RequestEvent.objects.get(
            recipient=meeting.recipient, action="meeting-outcome"
        )
        assert meeting.starts_at <= outcome.created_at, meeting
        assert meeting.recipient.request.sent_at <= meeting.starts_at, meeting
    pending = WorkingMeeting.objects.filter(outcome="pending")
    assert all(m.starts_at > m.created_at for m in pending)
