"""The demo's exchanges: two years of rounds with a believable mix."""

import datetime

from django.core.management import call_command

from coordination.models import ExchangeEvent, ExchangeReport, ExchangeRound

State = ExchangeReport.State
TODAY = datetime.date(2026, 12, 1)


def test_demo_has_two_years_of_rounds_with_every_outcome(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC))
    call_command("seed_demo", verbosity=0)
    rounds = ExchangeRound.objects.filter(ward__code="hd")
    assert {(r.kind, r.year) for r in rounds} >= {
        (kind, year) for kind in ("h1", "h2", "year") for year in (2025, 2026)
    }
    past = ExchangeReport.objects.filter(round__due_date__lt=TODAY)
    assert past.filter(state=State.ACCEPTED, submitted_late=False).exists()
    assert past.filter(state=State.ACCEPTED, submitted_late=True).exists()
    assert past.filter(first_submitted_at__isnull=True).exists()  # missing
    assert past.filter(state=State.RETURNED).exists()
    assert past.filter(state=State.ACCEPTED, returned_count=1).exists()
    reopened = past.filter(reopened_at__isnull=False).first()
    assert reopened is not None and reopened.submitted_late
    assert ExchangeEvent.objects.filter(report=reopened, action="reopen").get().comment
    # This half-year: drafts in progress, nothing submitted; next year untouched.
    current = ExchangeReport.objects.filter(round__kind="h2", round__year=2026)
    assert current.filter(state=State.DRAFT).exists()
    assert (
        not ExchangeReport.objects.filter(round__year=2027)
        .exclude(state=State.NOT_STARTED)
        .exists()
    )
    # A second run changes nothing.
    counts = (ExchangeReport.objects.count(), ExchangeEvent.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (ExchangeReport.objects.count(), ExchangeEvent.objects.count()) == counts


def test_city_wards_get_rounds_too(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC))
    call_command("seed_demo", wards=3, verbosity=0)
    per_ward = {
        code: ExchangeRound.objects.filter(ward__code=code).count()
        for code in ("hd", "w002", "w003")
    }
    assert per_ward["w003"] == per_ward["hd"] >= 6
    assert ExchangeReport.objects.filter(
        round__ward__code="w002", state=State.ACCEPTED
    ).exists()
