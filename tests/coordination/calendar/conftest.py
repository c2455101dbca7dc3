import pytest
from django.core.management import call_command

from coordination.models import Organization, Term
from regulations.models import Regulation
from tests.factories import make_org, make_user

Kind = Organization.Kind


@pytest.fixture
def ward_regulation(ward) -> Regulation:
    """The shipped regulations loaded; the ward's is in force for the test
    ward, whose term is 2025–2030."""
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code="qc-phuong-hai-duong", status="in_force")
    regulation.organization = ward.root
    regulation.save(update_fields=["organization"])
    Term.objects.create(organization=ward.root, start_year=2025, end_year=2030)
    return regulation


@pytest.fixture
def other_ward(ward_regulation):
    """A second ward under the same regulation (in force through the
    fallback of ``ensure_entries``), with one cell and its secretary."""
    root = make_org("Đảng bộ phường Bên Cạnh", kind=Kind.WARD_COMMITTEE, code="bc")
    make_org("Văn phòng Đảng ủy Bên Cạnh", kind=Kind.OFFICE, parent=root)
    police = make_org(
        "Đảng ủy Công an Bên Cạnh", kind=Kind.POLICE_COMMITTEE, parent=root
    )
    cell = make_org("Chi bộ Bên Cạnh", parent=root, code="bc-cell")
    secretary = make_user("bc_secretary", org=cell)
    return {"root": root, "cell": cell, "police": police, "secretary": secretary}
