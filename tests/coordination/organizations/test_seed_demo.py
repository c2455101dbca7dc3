from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.roles import Role, get_roles
from coordination.models import Membership, Organization


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
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


@pytest.mark.django_db
def test_seed_demo_has_a_user_for_every_role():
    seed()
    roles = set()
    for user in User.objects.all():
        roles |= get_roles(user)
    assert roles == set(Role.values)


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
