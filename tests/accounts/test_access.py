"""RELIABILITY.md T01: deny by default. Every URL pattern, as an anonymous user,
sends the browser to the login page; a URL with no expectation fails."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_expectations import ADMIN_SAMPLE_PATHS, PUBLIC_URLS, URL_KWARGS


def _named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                continue  # swept by path below
            child_ns = f"{namespace}{ns}:" if ns else namespace
            yield from _named_routes(pattern, child_ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


ALL_ROUTES = sorted(set(_named_routes()))
LOGIN_PATH = resolve_url(settings.LOGIN_URL)


def test_every_url_has_an_expectation():
    missing = [n for n in ALL_ROUTES if n not in URL_KWARGS and n not in PUBLIC_URLS]
    assert not missing, f"URLs with no access expectation: {missing}"
    stale = [n for n in [*URL_KWARGS, *PUBLIC_URLS] if n not in ALL_ROUTES]
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in ALL_ROUTES if n not in PUBLIC_URLS])
def test_anonymous_get_and_post_redirect_to_login(client, name):
    url = reverse(name, kwargs=URL_KWARGS[name])
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, (name, method.__name__)
        assert response["Location"].startswith(LOGIN_PATH), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ADMIN_SAMPLE_PATHS)
def test_admin_sends_anonymous_to_our_login(client, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain, path
    assert response.redirect_chain[-1][0].startswith(LOGIN_PATH)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_URLS))
def test_public_urls_open_without_login(client, name):
    assert client.get(reverse(name)).status_code in (200, 302)


def test_static_files_are_public(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200


def test_logged_in_non_staff_gets_403_not_a_redirect_loop(client, ward):
    client.force_login(ward.secretary_a)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_administrator_opens_the_admin(client, ward):
    client.force_login(ward.admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/coordination/organization/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_every_admin_page_opens_for_the_administrator(client, ward):
    from django.contrib import admin
    from django.urls import reverse

    client.force_login(ward.admin)
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        url = reverse("admin:{}_{}_changelist".format(*info))
        assert client.get(url).status_code == 200, url
        if model_admin.has_add_permission(type("R", (), {"user": ward.admin})()):
            url = reverse("admin:{}_{}_add".format(*info))
            assert client.get(url).status_code == 200, url
        obj = model._default_manager.first()
        if obj is not None:
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            assert client.get(url).status_code == 200, url
