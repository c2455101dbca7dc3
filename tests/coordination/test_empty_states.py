"""Issue 20: every empty list says what the user can do instead, with a link
(exchanges, incidents, assessments, reviews): the action the user may take, or
where the items will come from; a filtered empty list offers to clear it."""

import re

import pytest
from django.urls import reverse


def _empty_cell(response) -> str:
    assert response.status_code == 200
    cell = re.search(
        r'<td colspan="\d+" class="empty-state">(.*?)</td>',
        response.content.decode(),
        re.S,
    )
    assert cell, "no empty state"
    return cell[1]


@pytest.mark.parametrize(
    ("list_name", "role", "link"),
    [
        ("coordination:exchange-list", "secretary_a", "coordination:calendar-month"),
        ("coordination:incident-list", "secretary_a", "coordination:incident-create"),
        (
            "coordination:incident-list",
            "standing_member",
            "coordination:notification-list",
        ),
        (
            "coordination:assessment-list",
            "secretary_a",
            "coordination:assessment-create",
        ),
        ("coordination:assessment-list", "officer", "coordination:exchange-list"),
        ("coordination:review-list", "officer", "coordination:review-create"),
        ("coordination:review-list", "secretary_a", "coordination:calendar-month"),
    ],
)
def test_empty_list_links_what_to_do(client, ward, list_name, role, link):
    client.force_login(getattr(ward, role))
    cell = _empty_cell(client.get(reverse(list_name)))
    assert f'href="{reverse(link)}"' in cell, cell


@pytest.mark.parametrize(
    "list_name",
    [
        "coordination:exchange-list",
        "coordination:incident-list",
        "coordination:assessment-list",
    ],
)
def test_filtered_empty_list_offers_to_clear_the_filter(client, ward, list_name):
    client.force_login(ward.secretary_a)
    url = reverse(list_name)
    cell = _empty_cell(client.get(url, {"period": "999999"}))
    assert f'href="{url}"' in cell
    assert "Bỏ lọc để xem tất cả" in cell
