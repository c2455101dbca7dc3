"""Proposals of the ward fixture: a commendation of cell A proposed by the
police committee at the yearly review (its evidence: the meeting's action
item and a request from the police to cell B), and amendment proposals under
the ward's regulation in force (cell A's raised, cell B's compiled)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coordination.reviews.proposals import amendments, services
from regulations.models import Provision, Regulation
from tests.factories import make_request


@pytest.fixture
def ward_regulation(ward) -> Regulation:
    """The shipped regulations loaded; the ward's is in force for the test ward."""
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    regulation.organization = ward.root
    regulation.save(update_fields=["organization"])
    return regulation


def cite(regulation, ref="d10-k2") -> Provision:
    return Provision.objects.get(regulation=regulation, ref=ref)


def propose(ward, *, by=None, kind="commend", **kwargs):
    return services.propose(
        by=by or ward.officer,
        proposer_org=kwargs.pop("proposer_org", ward.police),
        kind=kind,
        organization=(
            kwargs.pop("organization") if "organization" in kwargs else ward.cell_a
        ),
        reason=kwargs.pop("reason", "Phối hợp tốt trong năm"),
        **kwargs,
    )


@pytest.fixture
def police_request(ward):
    """A request from the police to cell B: cell A does not see it."""
    return make_request(by=ward.officer, sender=ward.police, recipients=[ward.cell_b])


@pytest.fixture
def proposal(ward, meeting, police_request):
    return propose(
        ward,
        meeting=meeting,
        evidence={
            "action_item": [meeting.action_items.get()],
            "request": [police_request],
        },
    )


def raise_item(ward, regulation, *, by=None, org=None, ref="d10-k2"):
    return amendments.raise_amendment(
        by=by or ward.secretary_a,
        organization=org or ward.cell_a,
        kind="difficulty",
        content="Thời hạn trả lời quá ngắn",
        provisions=[cite(regulation, ref)],
    )


@pytest.fixture
def amendment_scene(ward, ward_regulation):
    """Cell A's item (raised, not compiled); cell B's, compiled (pending)."""
    item_a = raise_item(ward, ward_regulation)
    item_b = raise_item(ward, ward_regulation, by=ward.secretary_b, org=ward.cell_b)
    compilation = amendments.compile_amendments(
        by=ward.officer, ward=ward.root, items=[item_b], summary="Tổng hợp kiến nghị"
    )
    return {"item": item_a, "compiled": item_b, "compilation": compilation}
