import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from coordination.exchanges.periods import ensure_rounds
from coordination.models import ExchangeReport, ExchangeRound
from regulations.models import Regulation

H1_DAY = datetime.date(2026, 3, 2)


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def ward_regulation(ward) -> Regulation:
    """The shipped regulations loaded; the ward's is in force for the test ward."""
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    regulation.organization = ward.root
    regulation.save(update_fields=["organization"])
    return regulation


@pytest.fixture
def rounds(ward, ward_regulation) -> dict[str, ExchangeRound]:
    """The test ward's 2026 rounds (H1, H2, year) with their reports."""
    ensure_rounds(H1_DAY, wards=[ward.root])
    return {r.kind: r for r in ExchangeRound.objects.filter(ward=ward.root)}


@pytest.fixture
def h1(rounds) -> ExchangeRound:
    return rounds["h1"]


def report_of(round_, org, direction=None) -> ExchangeReport:
    direction = direction or (
        ExchangeReport.Direction.TO_CELLS
        if org.kind == "police_committee"
        else ExchangeReport.Direction.TO_POLICE
    )
    return ExchangeReport.objects.get(
        round=round_, organization=org, direction=direction
    )


JULY_1 = datetime.datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def july(time_machine) -> datetime.date:
    """The pages read today's date: 1 July 2026, when H1 is over and not yet
    due (10 July) nor locked (30 July)."""
    time_machine.move_to(JULY_1)
    return JULY_1.date()


@pytest.fixture
def h1_now(july, h1) -> ExchangeRound:
    """The H1 round, seen on 1 July 2026."""
    return h1
