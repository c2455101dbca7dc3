"""The organisation tree has no cycles (the admin refuses them) and walking
it never loops even if the data held one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coordination.models import Organization
from coordination.organizations.services import ward_organizations
from tests.factories import make_org

Kind = Organization.Kind


def test_organisation_cannot_be_its_own_parent(ward):
    ward.cell_a.parent = ward.cell_a
    with pytest.raises(ValidationError) as exc:
        ward.cell_a.full_clean()
    assert "parent" in exc.value.message_dict
    assert "chính nó" in exc.value.message_dict["parent"][0]


def test_root_cannot_go_under_its_own_descendant(ward):
    sub = make_org("Đảng bộ bộ phận", kind=Kind.SUB_COMMITTEE, parent=ward.cell_a)
    ward.root.parent = sub
    with pytest.raises(ValidationError) as exc:
        ward.root.full_clean()
    assert "cấp dưới" in exc.value.message_dict["parent"][0]


def test_a_legal_move_is_accepted(ward):
    ward.cell_c.parent = ward.police
    ward.cell_c.full_clean()


def test_admin_refuses_a_cycle(client, ward):
    client.force_login(ward.admin)
    url = reverse("admin:coordination_organization_change", args=[ward.root.pk])
    response = client.post(
        url,
        {
            "parent": ward.cell_a.pk,
            "kind": ward.root.kind,
            "code": ward.root.code,
            "name": ward.root.name,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    ward.root.refresh_from_db()
    assert ward.root.parent_id is None


def test_root_and_tree_walk_stop_on_a_cycle_in_the_data(ward):
    Organization.objects.filter(pk=ward.root.pk).update(parent=ward.cell_a)
    cell = Organization.objects.get(pk=ward.cell_a.pk)
    assert cell.root().pk in {ward.root.pk, ward.cell_a.pk}
    orgs = ward_organizations(Organization.objects.get(pk=ward.root.pk))
    assert len(orgs) == len({o.pk for o in orgs})
