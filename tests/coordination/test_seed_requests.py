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
    from coordination.demo_requests import overdue_count

    assert overdue_count() >= 2
    senders = set(CoordinationRequest.objects.values_list("sender__code", flat=True))
    assert {"hd-ca", "hd-cb01", "hd-cb02"} <= senders
    assert CoordinationRequest.objects.filter(confidentiality__gt=0).exists()

    call_command("seed_demo_requests", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert CoordinationRequest.objects.count() == first
