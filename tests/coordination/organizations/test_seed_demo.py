import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role, get_roles
from coordination.models import Membership, Organization, Term

PHONE = re.compile(r"^0\d{3} \d{3} \d{3}$")  # a Vietnamese mobile: 0912 345 678


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Term.objects.count(),
        sorted(User.objects.values_list("username", "phone")),
        sorted(
            Membership.objects.values_list(
                "pk", "is_focal_point", "government_post", "note"
            )
        ),
    )


@pytest.mark.django_db
def test_seed_demo_builds_the_ward_and_is_idempotent():
    output = seed()
    first = counts()
    assert "bithu_cb01" in output and "Mật khẩu" in output
    ward = Organization.objects.get(code="hd")
    assert ward.name == "Đảng bộ phường Hải Dương"
    cells = ward.children.filter(kind__in=Organization.CELL_SIDE_KINDS)
    assert cells.count() >= 12
    assert ward.children.filter(kind=Organization.Kind.POLICE_COMMITTEE).count() == 1
    seed()
    assert counts() == first


# One account for every role of accounts/roles.py (README "Demo accounts").
EXPECTED_ROLES = {
    "quantri": {Role.ADMINISTRATOR},
    "thuongtruc": {Role.STANDING_COMMITTEE},
    "btv_uyvien": {Role.STANDING_COMMITTEE},
    "uyvien_dangbo": {Role.EXECUTIVE_COMMITTEE},
    "congan": {Role.POLICE_COMMITTEE},
    "congan_pho": {Role.POLICE_COMMITTEE},
    "giupviec_ca": {Role.SUPPORT_STAFF},
    "bithu_cb01": {Role.CELL_LEADERSHIP},
    "phobithu_cb01": {Role.CELL_LEADERSHIP},
    "giupviec_cb01": {Role.SUPPORT_STAFF},
    "bithu_cb02": {Role.CELL_LEADERSHIP},
    "phobithu_cb02": {Role.CELL_LEADERSHIP},
    "giupviec_cb02": {Role.SUPPORT_STAFF},
    "vanphong": {Role.OFFICE_STAFF},
    "dangvien_cb01": set(),
}


@pytest.mark.django_db
def test_seed_demo_has_a_user_for_every_role():
    output = seed()
    got = {name: get_roles(User.objects.get(username=name)) for name in EXPECTED_ROLES}
    assert got == EXPECTED_ROLES
    assert set().union(*EXPECTED_ROLES.values()) == set(Role.values)
    for name in EXPECTED_ROLES:
        assert f"  {name} " in output, name  # printed in the account list


@pytest.mark.django_db
def test_support_staff_work_for_the_police_committee_and_two_cells():
    """Ward Điều 12.2: each side's bộ phận giúp việc cấp ủy."""
    seed()
    staff = {
        m.user.username: m.organization.code
        for m in Membership.objects.filter(
            position=Membership.Position.STAFF, user__username__startswith="giupviec_"
        ).select_related("user", "organization")
    }
    assert staff == {
        "giupviec_ca": "hd-ca",
        "giupviec_cb01": "hd-cb01",
        "giupviec_cb02": "hd-cb02",
    }
    executive = Membership.objects.get(user__username="uyvien_dangbo")
    assert (executive.organization.code, executive.position) == (
        "hd",
        "committee_member",
    )


@pytest.mark.django_db
def test_focal_points_have_phones_posts_and_are_one_per_organisation():
    """Ward Điều 12.1: the police committee's Phó Bí thư – Phó trưởng Công an
    phường and each cell's Phó Bí thư are the focal points."""
    seed()
    ward = Organization.objects.get(code="hd")
    focal = Membership.objects.current().filter(
        is_focal_point=True, organization__parent=ward
    )
    by_org = {}
    for m in focal.select_related("user", "organization"):
        by_org.setdefault(m.organization.code, []).append(m)
    assert all(len(found) == 1 for found in by_org.values()), by_org
    police = by_org["hd-ca"][0]
    assert police.user.username == "congan_pho"
    assert police.position == Membership.Position.DEPUTY_SECRETARY
    assert police.government_post == "Phó trưởng Công an phường"
    assert {by_org[code][0].user.username for code in ("hd-cb01", "hd-cb02")} == {
        "phobithu_cb01",
        "phobithu_cb02",
    }
    for found in by_org.values():
        assert found[0].position == Membership.Position.DEPUTY_SECRETARY
        assert PHONE.match(found[0].user.phone), found[0].user.phone
    leaders = User.objects.filter(
        username__in=["thuongtruc", "congan", "bithu_cb01", "bithu_cb02"]
    )
    assert all(PHONE.match(u.phone) for u in leaders), [u.phone for u in leaders]


@pytest.mark.django_db
def test_the_ward_has_its_term_2025_2030():
    seed()
    seed()
    term = Term.objects.get(organization__code="hd")
    assert (term.start_year, term.end_year) == (2025, 2030)
    assert term.name == "Nhiệm kỳ 2025–2030"


@pytest.mark.django_db
def test_seed_demo_city_of_wards():
    seed("--wards", "3")
    assert (
        Organization.objects.filter(kind=Organization.Kind.WARD_COMMITTEE).count() == 3
    )
    before = counts()
    seed("--wards", "3")
    assert counts() == before
    user = User.objects.get(username="w002_ca_bithu")
    assert get_roles(user) == {Role.POLICE_COMMITTEE}


@pytest.mark.django_db
def test_the_ward_regulation_belongs_to_the_demo_ward():
    from regulations.models import Regulation

    call_command("seed_demo", stdout=StringIO())
    ward = Regulation.objects.filter(code="qc-phuong-hai-duong")
    assert ward.exists()
    assert {r.organization.name for r in ward} == {"Đảng bộ phường Hải Dương"}
    # "có hiệu lực thi hành kể từ ngày ký", the day left blank: the demo's
    # administrator enters the date of the attached regulation.
    assert {r.effective_date for r in ward} == {datetime.date(2026, 5, 11)}
    assert not any(r.joint_escalation_report for r in ward)
    # set once: a date an administrator corrects later is kept
    ward.update(effective_date=datetime.date(2026, 5, 15))
    call_command("seed_demo", stdout=StringIO())
    assert {r.effective_date for r in ward} == {datetime.date(2026, 5, 15)}


@pytest.mark.django_db(transaction=True)
def test_seed_demo_does_not_log_every_eager_task(caplog):
    """Real commits: the e-mail tasks run eagerly inside the command."""
    import logging

    from coordination.models import OutboundEmail

    caplog.set_level(logging.INFO, logger="celery.app.trace")
    seed()
    assert OutboundEmail.objects.exists()
    assert not [r for r in caplog.records if r.name == "celery.app.trace"]
    assert logging.getLogger("celery.app.trace").level == logging.INFO
