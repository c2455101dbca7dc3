import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_perms

from accounts.models import User
from accounts.roles import Role, get_roles
from coordination.models import Membership, Notification, OutboundEmail
from coordination.organizations import services
from coordination.permissions import visible_organizations
from tests.factories import make_user

Pos = Membership.Position


def fresh(user):
    return User.objects.get(pk=user.pk)


def test_roles_derive_from_positions(ward):
    assert get_roles(fresh(ward.secretary_a)) == {Role.CELL_LEADERSHIP}
    assert get_roles(fresh(ward.deputy_a)) == {Role.CELL_LEADERSHIP}
    assert get_roles(fresh(ward.officer)) == {Role.POLICE_COMMITTEE}
    assert get_roles(fresh(ward.standing_member)) == {Role.STANDING_COMMITTEE}
    assert get_roles(fresh(ward.office_staff)) == {Role.OFFICE_STAFF}
    assert get_roles(fresh(ward.admin)) == {Role.ADMINISTRATOR}
    assert get_roles(fresh(ward.member_a)) == set()


def test_user_sees_only_own_organisations(ward):
    assert list(visible_organizations(fresh(ward.secretary_a))) == [ward.cell_a]
    everything = set(visible_organizations(fresh(ward.standing_member)))
    assert {ward.cell_a, ward.cell_b, ward.police} <= everything


def test_organisation_of_another_cell_is_404(client, ward):
    client.force_login(ward.secretary_a)
    url = reverse("coordination:organization-detail", args=[ward.cell_b.pk])
    assert client.get(url).status_code == 404
    own = reverse("coordination:organization-detail", args=[ward.cell_a.pk])
    assert client.get(own).status_code == 200


def test_membership_start_and_end_change_access_in_the_same_session(client, ward):
    """T07: no stale permissions across requests."""
    user = ward.secretary_a
    client.force_login(user)
    url_b = reverse("coordination:organization-detail", args=[ward.cell_b.pk])
    assert client.get(url_b).status_code == 404

    membership = services.start_membership(
        user=user, organization=ward.cell_b, position=Pos.MEMBER, by=ward.admin
    )
    assert client.get(url_b).status_code == 200
    home = client.get(reverse("accounts:home"))
    assert ward.cell_b in [m.organization for m in home.context["memberships"]]

    services.end_membership(membership=membership, by=ward.admin)
    assert client.get(url_b).status_code == 404
    home = client.get(reverse("accounts:home"))
    assert ward.cell_b not in [m.organization for m in home.context["memberships"]]
    # History kept: the ended row is still there, with its end date.
    membership.refresh_from_db()
    assert membership.end_date == timezone.localdate()
    assert membership.history.count() == 2


def test_change_of_position_moves_roles_and_keeps_history(ward):
    # One focal point per organisation: the current one hands over first.
    services.change_membership(
        membership=Membership.objects.get(user=ward.deputy_a, organization=ward.cell_a),
        is_focal_point=False,
    )
    m = Membership.objects.get(user=ward.member_a, organization=ward.cell_a)
    new = services.change_membership(
        membership=m, position=Pos.DEPUTY_SECRETARY, is_focal_point=True
    )
    assert get_roles(fresh(ward.member_a)) == {Role.CELL_LEADERSHIP}
    m.refresh_from_db()
    assert m.end_date is not None and new.end_date is None
    assert new.is_focal_point


def test_future_membership_gives_no_access_until_it_starts(ward):
    user = make_user("future")
    start = timezone.localdate() + datetime.timedelta(days=3)
    services.start_membership(
        user=user, organization=ward.cell_c, position=Pos.SECRETARY, start_date=start
    )
    assert list(visible_organizations(fresh(user))) == []
    services.sync_all_memberships(today=start)
    assert list(visible_organizations(fresh(user))) == [ward.cell_c]


def test_dated_end_is_applied_by_the_daily_sweep(ward):
    m = Membership.objects.get(user=ward.secretary_b, organization=ward.cell_b)
    end = timezone.localdate() + datetime.timedelta(days=10)
    services.end_membership(membership=m, end_date=end)
    assert ward.cell_b in visible_organizations(fresh(ward.secretary_b))
    services.sync_all_memberships(today=end)
    assert ward.cell_b not in visible_organizations(fresh(ward.secretary_b))


def test_end_before_start_is_rejected(ward):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.start_membership(
            user=ward.member_a,
            organization=ward.cell_b,
            position=Pos.MEMBER,
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )


def test_object_permission_is_granted_to_the_organisation_group(ward):
    assert "view_organization" in get_perms(ward.cell_a.group, ward.cell_a)
    assert "view_organization" not in get_perms(ward.cell_b.group, ward.cell_a)


def test_starting_a_membership_notifies_in_app_and_by_email(
    ward, django_capture_on_commit_callbacks, mailoutbox
):
    user = make_user("newcomer")
    with django_capture_on_commit_callbacks(execute=True):
        services.start_membership(
            user=user, organization=ward.cell_c, position=Pos.MEMBER
        )
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mailoutbox) == 1
    assert ward.cell_c.name in mailoutbox[0].subject
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT


def test_deactivated_user_loses_session_at_once(client, ward):
    client.force_login(ward.secretary_a)
    assert client.get(reverse("accounts:home")).status_code == 200
    services.deactivate_user(user=ward.secretary_a)
    assert client.get(reverse("accounts:home")).status_code == 302


def test_home_lists_my_organisations_and_positions_only(client, ward):
    client.force_login(ward.deputy_a)
    body = client.get(reverse("accounts:home")).content.decode()
    assert ward.cell_a.name in body
    assert "Phó Bí thư" in body and "Đầu mối" in body
    assert ward.cell_b.name not in body


def test_home_query_count_does_not_grow_with_memberships(
    client, ward, django_assert_max_num_queries
):
    user = ward.secretary_b
    client.force_login(user)
    client.get(reverse("accounts:home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("accounts:home"))
    for org in (ward.cell_c, ward.police, ward.office):
        services.start_membership(user=user, organization=org, position=Pos.MEMBER)
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("accounts:home"))


def test_standing_committee_and_office_see_their_own_ward_only(ward):
    from tests.factories import make_org

    other_root = make_org("Đảng bộ phường Khác", kind="ward_committee")
    other_cell = make_org("Chi bộ phường Khác", parent=other_root)
    for user in (ward.standing_member, ward.office_staff):
        seen = set(visible_organizations(fresh(user)))
        assert {ward.root, ward.cell_a, ward.cell_c, ward.police} <= seen
        assert other_cell not in seen and other_root not in seen
    # A cell created later in the ward is seen by its oversight at once.
    late = make_org("Chi bộ mới", parent=ward.root)
    assert late in visible_organizations(fresh(ward.standing_member))
    # The administrator works across wards.
    assert other_cell in visible_organizations(fresh(ward.admin))


def test_organisation_list_is_paginated_with_constant_queries(
    client, ward, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_org

    client.force_login(ward.standing_member)
    url = reverse("coordination:organization-list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(60):
        make_org(f"Chi bộ số {n}", parent=ward.root)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["organizations"]) == 50
    assert response.context["page"].paginator.count >= 67
