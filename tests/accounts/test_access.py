"""RELIABILITY.md T01: deny by default. Every URL pattern, as an anonymous user,
sends the browser to the login page; a URL with no expectation fails."""

import re

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern

from tests.url_expectations import (
    PROTECTED_PREFIXES,
    PUBLIC_PATTERNS,
    PUBLIC_URLS,
    SAMPLE_VALUES,
    UNNAMED_URLS,
    URL_KWARGS,
)

_ROUTE_ARG = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:[^()]|\([^()]*\))*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)(?:[^()]|\([^()]*\))*\)")


def _fill(pattern, kwargs: dict) -> str:
    """One concrete path piece for a route or regex pattern."""

    def value(name):
        return str(kwargs.get(name, SAMPLE_VALUES.get(name, "1")))

    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        text = _NAMED_GROUP.sub(lambda m: value(m["name"]), text)
        return _UNNAMED_GROUP.sub("1", text)
    return _ROUTE_ARG.sub(lambda m: value(m["name"]), text)


def _routes(resolver=None, namespace="", route="", pieces=()):
    """Every URL pattern of the project, admin included, named or not:
    (key, full pattern, pattern pieces). The key is the namespaced name, or the
    full pattern for an unnamed route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            child_ns = f"{namespace}{ns}:" if ns else namespace
            yield from _routes(
                pattern,
                child_ns,
                route + str(pattern.pattern),
                (*pieces, pattern.pattern),
            )
        elif isinstance(pattern, URLPattern):
            full = route + str(pattern.pattern)
            key = f"{namespace}{pattern.name}" if pattern.name else full
            yield key, full, (*pieces, pattern.pattern)


ALL = sorted(_routes(), key=lambda r: (r[0], r[1]))
ALL_ROUTES = sorted({key for key, _full, _p in ALL})
LOGIN_PATH = resolve_url(settings.LOGIN_URL)


def _is_public(key, full):
    return key in PUBLIC_URLS or full in PUBLIC_PATTERNS


def _expected(key, full):
    return (
        _is_public(key, full)
        or key in URL_KWARGS
        or full in UNNAMED_URLS
        or full.startswith(PROTECTED_PREFIXES)
    )


def _path(key, full, pieces):
    kwargs = URL_KWARGS.get(key) or UNNAMED_URLS.get(full) or {}
    return "/" + "".join(_fill(p, kwargs) for p in pieces)


def test_every_url_has_an_expectation():
    missing = [full for key, full, _p in ALL if not _expected(key, full)]
    assert not missing, f"URLs with no access expectation: {missing}"
    known = {key for key, _f, _p in ALL} | {full for _k, full, _p in ALL}
    listed = [*URL_KWARGS, *PUBLIC_URLS, *UNNAMED_URLS, *PUBLIC_PATTERNS]
    stale = [n for n in listed if n not in known]
    assert not stale, f"Expectations for URLs that no longer exist: {stale}"


def test_the_sweep_covers_admin_and_unnamed_routes():
    fulls = {full for _k, full, _p in ALL}
    assert sum(f.startswith("admin/") for f in fulls) > 100
    assert any(key == full for key, full, _p in ALL)  # unnamed ones too


PROTECTED = [r for r in ALL if not _is_public(r[0], r[1])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key,full,pieces", PROTECTED, ids=[f"{k}|{f}" for k, f, _p in PROTECTED]
)
def test_anonymous_get_and_post_are_sent_to_login(client, key, full, pieces):
    path = _path(key, full, pieces)
    match = resolve(path)
    # The sample path reaches this pattern (or one listed before it that
    # shadows it, itself swept).
    routes = {f.replace("^", "") for _k, f, _p in ALL}
    assert match.route.replace("^", "") in routes, (path, match.route)
    response = client.get(path)
    assert response.status_code == 302, (full, path, response.status_code)
    final = client.get(path, follow=True)
    assert final.redirect_chain[-1][0].startswith(LOGIN_PATH), (
        full,
        final.redirect_chain,
    )
    response = client.post(path)
    assert response.status_code in (302, 403), (full, path, response.status_code)
    if response.status_code == 302:
        final = client.post(path, follow=True)
        assert final.redirect_chain[-1][0].startswith(LOGIN_PATH), (
            full,
            final.redirect_chain,
        )


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
