"""The overview's filters: a value that is not one of the choices shows a
Vietnamese message and is left out; the valid ones still apply."""

from django.urls import reverse

from regulations.models import Area
from tests.factories import make_org

from .conftest import get


def test_bad_values_show_vietnamese_errors_and_keep_the_others(
    client, ward, result_data, h1_key
):
    response = get(
        client,
        ward.standing_member,
        "reports:dashboard-overview",
        period=h1_key,
        area="khong-co",
        organization="abc",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"area", "organization"}
    html = response.content.decode()
    assert "Giá trị “khong-co” không hợp lệ." in html
    assert "Giá trị “abc” không hợp lệ." in html
    scope = response.context["scope"]
    assert scope.period_key == h1_key  # the valid period applies
    assert scope.area is None and scope.organization is None


def test_another_wards_organization_is_refused(client, ward, result_data, h1_key):
    other = make_org("Đảng bộ phường Khác", kind="ward_committee", code="khac")
    cell = make_org("Chi bộ Khác", parent=other, code="khac-cell")
    response = get(
        client,
        ward.standing_member,
        "reports:dashboard-overview",
        organization=cell.pk,
        period="nam-2026",
    )
    assert set(response.context["form"].errors) == {"organization", "period"}
    assert response.context["scope"].organization is None


def test_valid_filters_narrow_every_block(client, ward, result_data, h1_key):
    anqg = Area.objects.get(code="anqg")
    response = get(
        client,
        ward.standing_member,
        "reports:dashboard-overview",
        period="year-2026",
        area="anqg",
        organization=ward.cell_b.pk,
    )
    assert not response.context["form"].errors
    scope = response.context["scope"]
    assert scope.area == anqg and scope.organization == ward.cell_b
    tables = response.context["tables"]
    # Only cell B's reports in the heatmap; only ANQG duties in the coverage.
    assert [row[0].text.split(" (")[0] for row in tables["exchange_heatmap"].rows] == [
        ward.cell_b.name
    ]
    assert {row[3].text for row in tables["coverage"].rows} == {anqg.name}
    # No request of cell B has an area: none in ANQG.
    assert response.context["requests"]["figures"]["total"] == 0
    # The list links carry the filters.
    link = response.context["requests"]["links"]["overdue"]
    assert link.startswith(reverse("coordination:request-all"))
    assert f"area={anqg.pk}" in link and f"organization={ward.cell_b.pk}" in link
    assert "overdue=on" in link
