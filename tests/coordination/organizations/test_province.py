"""A provincial deployment: the provincial party committee with its standing
committee and office, the provincial police party committee, a district and a
city committee. Roles and visibility behave as in a ward."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, get_roles
from coordination.models import Membership, Organization
from coordination.permissions import visible_organizations
from tests.factories import make_org, make_user

Pos = Membership.Position
Kind = Organization.Kind


@dataclass
class Province:
    root: Organization
    standing: Organization
    office: Organization
    police: Organization
    district: Organization
    city: Organization
    secretary: User
    standing_member: User
    office_staff: User
    police_leader: User
    district_secretary: User
    city_focal: User
    city_member: User


@pytest.fixture
def province(db) -> Province:
    root = make_org(
        "Đảng bộ tỉnh Thử Nghiệm", kind=Kind.PROVINCE_COMMITTEE, code="tinh"
    )
    standing = make_org(
        "Ban Thường vụ Tỉnh ủy", kind=Kind.STANDING_COMMITTEE, parent=root
    )
    office = make_org("Văn phòng Tỉnh ủy", kind=Kind.OFFICE, parent=root)
    police = make_org("Đảng ủy Công an tỉnh", kind=Kind.POLICE_COMMITTEE, parent=root)
    district = make_org(
        "Huyện ủy Thử Nghiệm", kind=Kind.DISTRICT_COMMITTEE, parent=root
    )
    city = make_org("Thành ủy Thử Nghiệm", kind=Kind.CITY_COMMITTEE, parent=root)
    return Province(
        root=root,
        standing=standing,
        office=office,
        police=police,
        district=district,
        city=city,
        secretary=make_user("tinh_secretary", org=root),
        standing_member=make_user("tinh_standing", org=standing),
        office_staff=make_user("tinh_office", org=office, position=Pos.STAFF),
        police_leader=make_user(
            "tinh_police", org=police, position=Pos.DEPUTY_SECRETARY
        ),
        district_secretary=make_user("huyen_secretary", org=district),
        city_focal=make_user(
            "thanh_focal", org=city, position=Pos.COMMITTEE_MEMBER, focal=True
        ),
        city_member=make_user("thanh_member", org=city, position=Pos.MEMBER),
    )


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_roles_derive_from_provincial_positions(province):
    p = province
    # A committee position in the đảng bộ tỉnh itself makes the secretary a
    # member of the Tỉnh ủy (executive committee), the audience of what the
    # regulation addresses to it; direction comes through the Ban Thường vụ
    # membership, like a ward's.
    assert get_roles(fresh(p.secretary)) == {Role.EXECUTIVE_COMMITTEE}
    assert get_roles(fresh(p.standing_member)) == {Role.STANDING_COMMITTEE}
    assert get_roles(fresh(p.office_staff)) == {Role.OFFICE_STAFF}
    assert get_roles(fresh(p.police_leader)) == {Role.POLICE_COMMITTEE}
    assert get_roles(fresh(p.district_secretary)) == {Role.CELL_LEADERSHIP}
    assert get_roles(fresh(p.city_focal)) == {Role.CELL_LEADERSHIP}
    assert get_roles(fresh(p.city_member)) == set()


def test_provincial_visibility_matches_the_ward_case(province):
    p = province
    everything = {p.root, p.standing, p.office, p.police, p.district, p.city}
    assert set(visible_organizations(fresh(p.standing_member))) == everything
    assert set(visible_organizations(fresh(p.office_staff))) == everything
    assert list(visible_organizations(fresh(p.district_secretary))) == [p.district]
    assert list(visible_organizations(fresh(p.city_member))) == [p.city]
    assert list(visible_organizations(fresh(p.police_leader))) == [p.police]


def test_provincial_organisation_list_and_detail(client, province, ward):
    p = province
    client.force_login(p.district_secretary)
    body = client.get(reverse("coordination:organization-list")).content.decode()
    assert p.district.name in body
    assert p.city.name not in body and p.police.name not in body
    other = reverse("coordination:organization-detail", args=[p.city.pk])
    assert client.get(other).status_code == 404

    # The provincial office oversees the province, not a ward of another tree.
    client.force_login(p.office_staff)
    body = client.get(reverse("coordination:organization-list")).content.decode()
    assert p.city.name in body and p.police.name in body
    assert ward.cell_a.name not in body
    ward_cell = reverse("coordination:organization-detail", args=[ward.cell_a.pk])
    assert client.get(ward_cell).status_code == 404
