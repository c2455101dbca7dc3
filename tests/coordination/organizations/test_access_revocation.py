"""Access follows admin edits and the calendar at once (RELIABILITY.md T07):
the same client session loses (or gains) access without logging in again."""

import datetime

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize_input
from guardian.shortcuts import get_perms

from accounts.models import User
from accounts.roles import Role, get_roles
from coordination.models import Membership, Organization
from coordination.organizations import services
from coordination.permissions import visible_organizations
from tests.factories import make_org, make_user

Pos = Membership.Position
Kind = Organization.Kind


def fresh(user):
    return User.objects.get(pk=user.pk)


def _admin_change(client, url, **changes):
    """POST the admin change form with its current values plus ``changes``."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
            data[f"{name}_0"] = localize_input(value.date())
            data[f"{name}_1"] = localize_input(value.time().replace(microsecond=0))
            continue
        if isinstance(value, datetime.date):
            value = localize_input(value)
        data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        mgmt = formset.formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{mgmt.prefix}-{name}"] = mgmt[name].value()
        for inline_form in formset.formset.forms:
            data[f"{inline_form.prefix}-id"] = inline_form.instance.pk
            data[f"{inline_form.prefix}-user"] = inline_form.instance.user_id
    for name, value in changes.items():
        if value is True:
            data[name] = "on"
        elif value is False:
            data.pop(name, None)
        else:
            data[name] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_admin_deactivating_a_user_ends_sessions_and_groups(client, ward):
    victim = ward.secretary_a
    client.force_login(victim)
    assert client.get(reverse("accounts:home")).status_code == 200
    admin_client = client.__class__()
    admin_client.force_login(ward.admin)
    url = reverse("admin:accounts_user_change", args=[victim.pk])
    _admin_change(admin_client, url, is_active=False)

    assert not fresh(victim).is_active
    assert not fresh(victim).groups.exists()
    assert client.get(reverse("accounts:home")).status_code == 302
    assert not any(
        str(s.get_decoded().get("_auth_user_id")) == str(victim.pk)
        for s in Session.objects.all()
    )


def test_admin_removing_staff_flag_drops_the_administrator_role(client, ward):
    staff = make_user("staff_user", is_staff=True)
    services.sync_user_groups(staff)
    assert fresh(staff).groups.filter(name__startswith="vai-tro:").exists()
    client.force_login(ward.admin)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    _admin_change(client, url, is_staff=False)
    assert not fresh(staff).groups.filter(name__startswith="vai-tro:").exists()


def test_admin_moving_a_membership_to_another_user_resyncs_the_old_one(client, ward):
    old_user = ward.secretary_b
    new_user = make_user("replacement")
    membership = Membership.objects.get(user=old_user, organization=ward.cell_b)
    assert ward.cell_b in visible_organizations(fresh(old_user))
    client.force_login(ward.admin)
    url = reverse("admin:coordination_membership_change", args=[membership.pk])
    _admin_change(client, url, user=new_user.pk)
    assert ward.cell_b not in visible_organizations(fresh(old_user))
    assert ward.cell_b in visible_organizations(fresh(new_user))


def test_admin_moving_an_office_to_another_ward_moves_its_oversight(client, ward):
    other = make_org("Đảng bộ phường Khác", kind=Kind.WARD_COMMITTEE, code="khac")
    other_cell = make_org("Chi bộ phường Khác", parent=other)
    staff = ward.office_staff
    assert ward.cell_a in visible_organizations(fresh(staff))
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_change", args=[ward.office.pk])
    _admin_change(client, url, parent=other.pk)

    seen = set(visible_organizations(fresh(staff)))
    assert ward.cell_a not in seen and ward.police not in seen
    assert other_cell in seen and other in seen
    # The old ward's standing committee no longer oversees the moved office.
    assert "view_organization" not in get_perms(ward.standing.group, ward.office)


def test_admin_moving_a_cell_to_another_ward_changes_who_oversees_it(client, ward):
    other = make_org("Đảng bộ phường Khác", kind=Kind.WARD_COMMITTEE, code="khac")
    other_office = make_org("Văn phòng Khác", kind=Kind.OFFICE, parent=other)
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_change", args=[ward.cell_c.pk])
    _admin_change(client, url, parent=other.pk)
    assert ward.cell_c not in visible_organizations(fresh(ward.office_staff))
    assert "view_organization" in get_perms(other_office.group, ward.cell_c)


def test_admin_changing_kind_or_active_flag_resyncs_members(client, ward):
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_change", args=[ward.cell_c.pk])
    user = make_user("cell_c_secretary", org=ward.cell_c)
    assert get_roles(fresh(user)) == {Role.CELL_LEADERSHIP}

    _admin_change(client, url, kind=Kind.STANDING_COMMITTEE)
    assert Role.STANDING_COMMITTEE in {
        g.name.removeprefix("vai-tro:") for g in fresh(user).groups.all()
    }
    # Now an oversight body: it sees the whole ward.
    assert ward.cell_a in visible_organizations(fresh(user))

    _admin_change(client, url, is_active=False)
    assert not fresh(user).groups.exists()
    assert list(visible_organizations(fresh(user))) == []


def test_membership_ended_by_date_stops_working_today_without_the_sweep(client, ward):
    """No beat: the first request of the day applies the user's dated
    memberships in the same session (yesterday's sync is stale)."""
    today = timezone.localdate()
    user = ward.secretary_a
    own = reverse("coordination:organization-detail", args=[ward.cell_a.pk])
    new = reverse("coordination:organization-detail", args=[ward.cell_c.pk])
    client.force_login(user)
    assert client.get(own).status_code == 200
    assert client.get(new).status_code == 404

    # Dates reached overnight, with no service call and no sweep: the
    # membership ends today, another one starts today.
    Membership.objects.filter(user=user, organization=ward.cell_a).update(
        end_date=today
    )
    Membership.objects.create(
        user=user, organization=ward.cell_c, position=Pos.MEMBER, start_date=today
    )
    assert client.get(own).status_code == 200  # already synced today

    session = client.session
    yesterday = today - datetime.timedelta(days=1)
    session[services.SYNC_SESSION_KEY] = yesterday.isoformat()
    session.save()
    assert client.get(own).status_code == 404
    assert client.get(new).status_code == 200


def test_dated_sync_runs_at_most_once_a_day_per_session(client, ward):
    client.force_login(ward.secretary_a)
    client.get(reverse("accounts:home"))
    assert client.session[services.SYNC_SESSION_KEY] == (
        timezone.localdate().isoformat()
    )
    calls = []
    original = services.sync_user_groups
    try:
        services.sync_user_groups = lambda user, **kw: calls.append(user)
        client.get(reverse("accounts:home"))
    finally:
        services.sync_user_groups = original
    assert calls == []


def test_login_applies_dated_memberships(client, ward):
    user = ward.secretary_a
    membership = Membership.objects.get(user=user, organization=ward.cell_a)
    # Ended by date without any service call touching the groups.
    Membership.objects.filter(pk=membership.pk).update(end_date=timezone.localdate())
    assert fresh(user).groups.filter(pk=ward.cell_a.group_id).exists()
    response = client.post(
        reverse("accounts:login"),
        {"username": user.username, "password": ward.password},
    )
    assert response.status_code == 302
    assert not fresh(user).groups.filter(pk=ward.cell_a.group_id).exists()
