"""Every dashboard URL × every role of the ward (T02): 200, the redirect of
a cell's people to their own scorecard, or a 404 that reveals nothing."""

import pytest
from django.urls import reverse

from tests.factories import make_org, make_user
from tests.url_expectations import ROLES

OVERSIGHT = {"standing_member", "office_staff"}
POLICE = {"officer", "cleared_officer", "police_staff"}
CELL_A = {"secretary_a", "deputy_a", "staff_a"}  # leaders and support staff
CELL_B = {"secretary_b"}


def expected(url_key: str, role: str) -> int:
    if role in ("anon", "inactive"):
        return 302
    if url_key in ("overview", "overview-xlsx", "unit-overview"):
        if role in OVERSIGHT | POLICE:
            return 200
        if url_key != "overview-xlsx" and role in CELL_A | CELL_B:
            return 302  # to their own cell's scorecard
        return 404
    if url_key in ("units", "units-xlsx"):
        # Only those who oversee the ward: not the police committee.
        return 200 if role in OVERSIGHT else 404
    # cell A's scorecard and its export
    return 200 if role in OVERSIGHT | POLICE | CELL_A else 404


URLS = {
    "overview": lambda w: reverse("reports:dashboard-overview"),
    "overview-xlsx": lambda w: reverse(
        "reports:dashboard-overview-xlsx", args=["exchange_heatmap"]
    ),
    "units": lambda w: reverse("reports:dashboard-units"),
    "units-xlsx": lambda w: reverse("reports:dashboard-units-xlsx"),
    "unit-overview": lambda w: (
        reverse("reports:dashboard-overview") + f"?unit={w.cell_a.pk}"
    ),
    "cell": lambda w: reverse("reports:dashboard-cell", args=[w.cell_a.pk]),
    "cell-xlsx": lambda w: reverse(
        "reports:dashboard-cell-xlsx", args=[w.cell_a.pk, "coverage"]
    ),
}


def _login(client, ward, role):
    if role == "anon":
        return
    if role == "inactive":
        user = make_user("inactive_a", org=ward.cell_a)
        user.is_active = False
        user.save()
    else:
        user = getattr(ward, role)
    client.force_login(user)


@pytest.mark.parametrize("url_key", sorted(URLS))
def test_every_role_gets_its_status(client, ward, url_key):
    url = URLS[url_key](ward)
    for role in ROLES:
        client.logout()
        _login(client, ward, role)
        response = client.get(url)
        assert response.status_code == expected(url_key, role), (url_key, role)
        if response.status_code == 302 and role not in ("anon", "inactive"):
            assert response["Location"] == reverse(
                "reports:dashboard-cell",
                args=[(ward.cell_a if role in CELL_A else ward.cell_b).pk],
            )


def test_cell_secretary_cannot_open_another_cells_scorecard(client, ward):
    client.force_login(ward.secretary_a)
    for cell in (ward.cell_b, ward.cell_c, ward.police, ward.root):
        url = reverse("reports:dashboard-cell", args=[cell.pk])
        assert client.get(url).status_code == 404
        xlsx = reverse("reports:dashboard-cell-xlsx", args=[cell.pk, "coverage"])
        assert client.get(xlsx).status_code == 404
    assert (
        client.get(reverse("reports:dashboard-cell", args=[ward.cell_a.pk])).status_code
        == 200
    )


def test_another_wards_cell_is_a_404_for_the_standing_committee(client, ward):
    other = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    cell = make_org("Chi bộ Khác", parent=other, code="khac-cell")
    client.force_login(ward.standing_member)
    assert (
        client.get(reverse("reports:dashboard-cell", args=[cell.pk])).status_code == 404
    )
    # Nor can the ward or unit parameter open another ward's overview.
    overview = reverse("reports:dashboard-overview")
    assert client.get(overview, {"ward": other.pk}).status_code == 404
    assert client.get(overview, {"unit": cell.pk}).status_code == 404
    units = reverse("reports:dashboard-units")
    assert client.get(units, {"ward": other.pk}).status_code == 404
    # A bad value is no ward at all: his own.
    response = client.get(overview, {"ward": "abc", "unit": "١"})
    assert response.status_code == 200
    assert response.context["scope"].ward == ward.root


def test_unknown_table_is_a_404(client, ward):
    client.force_login(ward.standing_member)
    url = reverse("reports:dashboard-overview-xlsx", args=["khong-co"])
    assert client.get(url).status_code == 404
