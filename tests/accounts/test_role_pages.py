"""Every page without an object of its own × every role, the new ones
(support staff of a cell and of the police, ward committee member) included
(tests/url_expectations.py ``ROLE_PAGES``)."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.url_expectations import ROLE_PAGES, ROLES


def _client_for(client, ward, role):
    if role == "anon":
        return client
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
    else:
        user = getattr(ward, role)
    client.force_login(user)
    return client


def _url(key, ward):
    if key.endswith(":cell_a"):
        return reverse(key.removesuffix(":cell_a"), kwargs={"pk": ward.cell_a.pk})
    return reverse(key)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(ROLE_PAGES))
def test_page_by_role(client, ward, key, role):
    response = _client_for(client, ward, role).get(_url(key, ward))
    assert response.status_code == ROLE_PAGES[key][role], (key, role)


def test_every_role_of_the_fixture_is_in_the_table(ward):
    for expected in ROLE_PAGES.values():
        assert set(expected) == set(ROLES)
    assert {r for r in ROLES if r not in ("anon", "inactive")} <= set(vars(ward))
