"""``seed_demo --province``: the provincial deployment of the second regulation
(Quyết định 810-QĐ/TU): the Tỉnh ủy, its Ban Thường vụ and office, the Đảng ủy
Công an tỉnh with its support staff (province Điều 8.2), three huyện ủy /
thành ủy with their focal points (Điều 8.1), and requests between the police
committee and the districts (Điều 6.2)."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role, get_roles
from coordination.models import (
    CoordinationRequest,
    Membership,
    Organization,
    RequestEvent,
    RequestRecipient,
    Term,
)
from coordination.organizations.services import ward_organizations
from regulations.loader import DATA_DIR, read_data
from regulations.models import Provision, Regulation

Kind = Organization.Kind
Pos = Membership.Position
PHONE = re.compile(r"^0\d{3} \d{3} \d{3}$")
PROVINCE_CODE = read_data(DATA_DIR / "qc-tinh-810-2023.yaml")["regulation"]["code"]


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--province", *args, stdout=out)
    return out.getvalue()


def province_root() -> Organization:
    return Organization.objects.get(kind=Kind.PROVINCE_COMMITTEE)


@pytest.fixture
def seeded(db):
    return seed()


def test_plain_seed_demo_builds_no_province_and_province_builds_the_tree(db):
    call_command("seed_demo", stdout=StringIO())
    assert not Organization.objects.filter(kind=Kind.PROVINCE_COMMITTEE).exists()

    output = seed()

    root = province_root()
    children = {(o.kind, o.name) for o in root.children.all()}
    assert {
        (Kind.STANDING_COMMITTEE, "Ban Thường vụ Tỉnh ủy"),
        (Kind.OFFICE, "Văn phòng Tỉnh ủy"),
        (Kind.POLICE_COMMITTEE, "Đảng ủy Công an tỉnh"),
    } <= children
    districts = root.children.filter(
        kind__in=[Kind.DISTRICT_COMMITTEE, Kind.CITY_COMMITTEE]
    )
    assert districts.count() == 3
    assert {d.kind for d in districts} == {Kind.DISTRICT_COMMITTEE, Kind.CITY_COMMITTEE}
    assert all(d.name.startswith(("Huyện ủy ", "Thành ủy ")) for d in districts)
    # the ward stays, and the printed list has both
    assert Organization.objects.filter(code="hd").exists()
    for name in ("bithu_cb01", "tinh_thuongtruc", "tinh_congan_pho", "huyen01_bithu"):
        assert f"  {name} " in output, name


ROLES = {
    "tinh_thuongtruc": {Role.STANDING_COMMITTEE},
    "tinh_btv_uyvien": {Role.STANDING_COMMITTEE},
    "tinh_uyvien": {Role.EXECUTIVE_COMMITTEE},
    "tinh_vanphong": {Role.OFFICE_STAFF},
    "tinh_congan": {Role.POLICE_COMMITTEE},
    "tinh_congan_pho": {Role.POLICE_COMMITTEE},
    "tinh_giupviec_ca": {Role.SUPPORT_STAFF},
    "huyen01_bithu": {Role.CELL_LEADERSHIP},
    "huyen01_phobithu": {Role.CELL_LEADERSHIP},
    "huyen01_giupviec": {Role.SUPPORT_STAFF},
    "huyen03_phobithu": {Role.CELL_LEADERSHIP},
}


def test_roles_of_the_key_provincial_accounts(seeded):
    got = {name: get_roles(User.objects.get(username=name)) for name in ROLES}
    assert got == ROLES
    root = province_root()
    tree = {o.pk for o in ward_organizations(root)}
    provincial = User.objects.filter(username__regex=r"^(tinh|huyen)")
    assert provincial.count() >= len(ROLES)
    for user in provincial:  # every provincial account works in the province
        orgs = set(user.memberships.values_list("organization_id", flat=True))
        assert orgs and orgs <= tree, user.username


def test_police_support_staff_are_of_the_party_work_department(seeded):
    """Province Điều 8.2: Phòng Công tác đảng và công tác chính trị."""
    police = Organization.objects.get(
        kind=Kind.POLICE_COMMITTEE, parent=province_root()
    )
    staff = Membership.objects.filter(organization=police, position=Pos.STAFF)
    assert staff.count() >= 2
    assert all("Phòng Công tác đảng và công tác chính trị" in m.note for m in staff), [
        m.note for m in staff
    ]


def test_focal_points_and_terms(seeded):
    """Province Điều 8.1: the Phó Bí thư Đảng ủy Công an tỉnh; in each huyện
    ủy, thành ủy the phó bí thư who is chủ tịch UBND."""
    root = province_root()
    focal = {}
    for m in Membership.objects.current().filter(
        is_focal_point=True, organization__parent=root
    ):
        assert m.organization_id not in focal, m.organization  # one per organisation
        focal[m.organization_id] = m
    police = Organization.objects.get(kind=Kind.POLICE_COMMITTEE, parent=root)
    assert focal[police.pk].user.username == "tinh_congan_pho"
    assert focal[police.pk].position == Pos.DEPUTY_SECRETARY
    posts = {
        Kind.DISTRICT_COMMITTEE: "Chủ tịch UBND huyện",
        Kind.CITY_COMMITTEE: "Chủ tịch UBND thành phố",
    }
    for district in root.children.filter(kind__in=list(posts)):
        m = focal[district.pk]
        assert m.position == Pos.DEPUTY_SECRETARY
        assert m.government_post == posts[district.kind]
        assert re.fullmatch(r"huyen0\d_phobithu", m.user.username)
        assert PHONE.match(m.user.phone), m.user.phone
        secretary = district.memberships.get(position=Pos.SECRETARY).user
        assert PHONE.match(secretary.phone), secretary.phone
    assert PHONE.match(focal[police.pk].user.phone)

    terms = Term.objects.filter(organization__in=ward_organizations(root))
    assert {t.organization.kind for t in terms} == {
        Kind.PROVINCE_COMMITTEE,
        Kind.DISTRICT_COMMITTEE,
        Kind.CITY_COMMITTEE,
    }
    assert terms.count() == 4
    assert {(t.start_year, t.end_year, t.name) for t in terms} == {
        (2025, 2030, "Nhiệm kỳ 2025–2030")
    }


def test_the_provincial_regulation_belongs_to_the_tinh_uy(seeded):
    regulation = Regulation.objects.get(code=PROVINCE_CODE, version=1)
    assert regulation.organization == province_root()
    assert regulation.status == Regulation.Status.IN_FORCE
    assert regulation.joint_escalation_report is True
    assert regulation.decision_date == datetime.date(2023, 6, 20)
    assert regulation.effective_date == regulation.decision_date
    ward = Regulation.objects.get(code="qc-phuong-hai-duong", version=1)
    assert ward.organization.code == "hd"


def test_requests_only_between_the_police_and_the_districts(seeded):
    root = province_root()
    tree = ward_organizations(root)
    requests = CoordinationRequest.objects.filter(sender__in=tree)
    assert 4 <= requests.count() <= 6
    police = Kind.POLICE_COMMITTEE
    district_kinds = {Kind.DISTRICT_COMMITTEE, Kind.CITY_COMMITTEE}
    cited = set()
    for request in requests.prefetch_related("recipients__organization"):
        orgs = [r.organization for r in request.recipients.all()]
        assert {o.pk for o in orgs} <= {o.pk for o in tree}
        kinds = {o.kind for o in orgs}
        if request.sender.kind == police:
            assert kinds <= district_kinds, request.subject
        else:
            assert request.sender.kind in district_kinds, request.subject
            assert kinds == {police}, request.subject
        provisions = list(request.provisions.select_related("regulation"))
        assert provisions, request.subject
        assert {p.regulation.code for p in provisions} == {PROVINCE_CODE}
        assert {p.regulation.status for p in provisions} == {"in_force"}
        cited |= {p.pk for p in provisions}
    # dash bullets of Điều 4 and Điều 5 among what is cited
    points = Provision.objects.filter(pk__in=cited, kind=Provision.Kind.POINT)
    assert {p.label for p in points} == {"-"}
    assert {p.ref.split("-")[0] for p in points} == {"d4", "d5"}

    states = set(
        RequestRecipient.objects.filter(request__in=requests).values_list(
            "state", flat=True
        )
    )
    assert {"sent", "answered", "closed", "escalated"} <= states
    escalated = RequestRecipient.objects.get(request__in=requests, state="escalated")
    assert escalated.request.priority == CoordinationRequest.Priority.IMPORTANT
    # the joint report: each side wrote its own position
    assert escalated.sender_position and escalated.recipient_position
    assert not escalated.sender_position_is_summary
    assert not escalated.recipient_position_is_summary
    held = escalated.meetings.get()
    assert (
        held.starts_at
        <= RequestEvent.objects.get(
            recipient=escalated, action="meeting-outcome"
        ).created_at
    )


def _counts():
    return (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Term.objects.count(),
        CoordinationRequest.objects.count(),
        RequestEvent.objects.count(),
        sorted(
            Regulation.objects.values_list(
                "pk", "organization_id", "effective_date", "joint_escalation_report"
            )
        ),
    )


def test_a_second_run_creates_nothing(seeded):
    from coordination.requests.demo_province import seed_province_requests

    first = _counts()
    seed()
    assert _counts() == first
    created, skipped = seed_province_requests()
    assert created == 0 and skipped >= 4
