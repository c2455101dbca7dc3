"""The demo's exchanges (two years of rounds with a believable mix),
incidents and assessments."""

import datetime

from django.core.management import call_command

from coordination.models import (
    ActionItem,
    Assessment,
    ExchangeEvent,
    ExchangeReport,
    ExchangeRound,
    Incident,
    OfficerComment,
)

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
    # The same seed adds incidents (open, directed with an overdue action item,
    # closed) and a year of assessments with an officer comment.
    states = set(Incident.objects.values_list("state", flat=True))
    assert states == {"reported", "directed", "closed"}
    assert ActionItem.objects.filter(done_at__isnull=True, due_date__lt=TODAY).exists()
    assert Assessment.objects.values("round").distinct().count() == 2
    assert OfficerComment.objects.count() == 1

    # A second run changes nothing.
    def counts():
        return [
            m.objects.count()
            for m in (
                ExchangeReport,
                ExchangeEvent,
                Incident,
                Assessment,
                OfficerComment,
            )
        ]

    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before


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
