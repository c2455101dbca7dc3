"""Hướng dẫn (issue 20): one page per role, the user's own chosen for them,
the others linkable; links to the provisions of the user's regulation; a
screenshot shown only when its file exists; a link in the header menu."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import help as help_pages
from regulations.models import Regulation

WARD_CODE = "qc-phuong-hai-duong"


@pytest.fixture
def ward_regulation(ward):
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code=WARD_CODE, status="in_force")
    regulation.organization = ward.root
    regulation.save(update_fields=["organization"])
    return regulation


@pytest.mark.parametrize(
    ("role", "slug"),
    [
        ("secretary_a", "bi-thu-chi-bo"),
        ("deputy_a", "bi-thu-chi-bo"),
        ("staff_a", "giup-viec-chi-bo"),
        ("officer", "dang-uy-cong-an"),
        ("police_staff", "dang-uy-cong-an"),
        ("standing_member", "thuong-truc"),
        ("office_staff", "thuong-truc"),
    ],
)
def test_the_users_own_role_page_is_chosen(client, ward, role, slug):
    client.force_login(getattr(ward, role))
    response = client.get(reverse("accounts:help"))
    assert response.status_code == 200
    assert response.context["help_page"].slug == slug
    own_tab = f'href="{reverse("accounts:help-page", args=[slug])}" aria-current="page"'
    assert own_tab in response.content.decode()


def test_other_role_pages_are_linked_and_open(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("accounts:help")).content.decode()
    for page in help_pages.PAGES:
        url = reverse("accounts:help-page", args=[page.slug])
        assert f'href="{url}"' in body
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["help_page"] == page
        assert response.content.decode().count('class="card help-task"') == 3


def test_unknown_role_page_is_404(client, ward):
    client.force_login(ward.secretary_a)
    assert client.get("/huong-dan/khong-co/").status_code == 404


def test_header_menu_links_the_help(client, ward):
    client.force_login(ward.secretary_a)
    body = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("accounts:help")}"' in body


def test_provisions_of_the_users_regulation_are_linked(client, ward, ward_regulation):
    client.force_login(ward.secretary_a)
    response = client.get(reverse("accounts:help"))
    cited = {p.ref for p in response.context["provisions"]}
    assert {"d10-k1", "d10-k2", "d12-k1", "d11"} <= cited
    body = response.content.decode()
    request_clause = ward_regulation.provisions.get(ref="d10-k2")
    assert f'href="{request_clause.get_absolute_url()}"' in body
    assert "Khoản 2 Điều 10" in body
    matrix = reverse("regulations:matrix", args=[WARD_CODE, ward_regulation.version])
    assert f'href="{matrix}"' in body


def test_province_regulation_gets_its_own_numbering(ward, ward_regulation):
    province = Regulation.objects.get(code=help_pages.PROVINCE, status="in_force")
    page = help_pages.BY_SLUG["bi-thu-chi-bo"]
    refs = [p.ref for p in help_pages.provision_links(province, page)]
    assert refs == ["d5", "d6-k1", "d6-k2", "d8-k1", "d7"]


def test_screenshot_shown_only_when_its_file_exists(
    client, ward, tmp_path, monkeypatch
):
    monkeypatch.setattr(help_pages, "HELP_STATIC", tmp_path)
    client.force_login(ward.secretary_a)
    body = client.get(reverse("accounts:help")).content.decode()
    assert "bi-thu-chi-bo_2.png" not in body
    (tmp_path / "bi-thu-chi-bo_2.png").write_bytes(b"\x89PNG")
    body = client.get(reverse("accounts:help")).content.decode()
    assert "bi-thu-chi-bo_2.png" in body
    assert "bi-thu-chi-bo_1.png" not in body
    assert 'alt="Màn hình báo cáo trao đổi thông tin của chi bộ"' in body


def test_help_page_queries_do_not_grow_with_the_provisions_cited(
    client, ward, ward_regulation
):
    """The pages cite 3 to 5 provisions: the same number of queries."""
    client.force_login(ward.officer)
    counts = set()
    for page in help_pages.PAGES:
        url = reverse("accounts:help-page", args=[page.slug])
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.add(len(queries))
    assert len(counts) == 1, counts
