"""Headers on every response and pages that the CSP does not break: a
Permissions-Policy everywhere (static files and error pages too), a favicon,
no inline style anywhere (htmx's indicator style included), a 500 page styled
from our own stylesheet."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

DENIED = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "interest-cohort",
    "display-capture",
    "fullscreen",
)


def _assert_permissions_policy(response):
    policy = response.headers.get("Permissions-Policy", "")
    features = dict(item.strip().split("=", 1) for item in policy.split(","))
    for feature in DENIED:
        assert features.get(feature) == "()", (feature, policy)


@pytest.mark.django_db
def test_permissions_policy_on_every_kind_of_response(client, ward):
    anonymous = [
        client.get(reverse("accounts:login")),  # page
        client.get(reverse("accounts:home")),  # redirect to login
        client.get("/static/css/app.css"),  # static file (WhiteNoise)
        client.get("/favicon.ico"),
    ]
    client.force_login(ward.secretary_a)
    signed_in = [
        client.get(reverse("accounts:home")),
        client.get("/khong-co-trang-nay/"),  # 404 page
        client.get("/admin/", follow=True),  # 403 page for a non-administrator
    ]
    for response in anonymous + signed_in:
        _assert_permissions_policy(response)
    assert [r.status_code for r in signed_in] == [200, 404, 403]


def test_permissions_policy_on_the_500_page(client, db, monkeypatch):
    from accounts import views

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.LoginView, "get", boom)
    client.raise_request_exception = False
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 500
    _assert_permissions_policy(response)
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.django_db
def test_favicon_ico_resolves_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.png"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/png"
    assert b"".join(icon.streaming_content).startswith(b"\x89PNG\r\n\x1a\n")
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.metas: list[dict] = []
        self.inline_styles = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        if tag == "meta":
            self.metas.append(attrs)
        if tag == "style" or "style" in attrs:
            self.inline_styles += 1


@pytest.mark.django_db
def test_every_page_links_the_icon_and_keeps_htmx_styles_out(client):
    head = _Head()
    head.feed(client.get(reverse("accounts:login")).content.decode())
    icons = {link["href"] for link in head.links if link.get("rel") == "icon"}
    assert icons == {"/static/favicon.svg", "/static/favicon.png"}
    config = [m for m in head.metas if m.get("name") == "htmx-config"]
    assert json.loads(config[0]["content"]) == {"includeIndicatorStyles": False}
    assert head.inline_styles == 0


def _render_500():
    response = server_error(RequestFactory().get("/"))
    return response.content.decode()


def test_500_page_has_no_inline_style_and_uses_app_css():
    body = _render_500()
    head = _Head()
    head.feed(body)
    assert head.inline_styles == 0
    sheets = [link["href"] for link in head.links if link.get("rel") == "stylesheet"]
    assert sheets == ["/static/css/app.css"]
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    used = {n for c in re.findall(r'class="([^"]+)"', body) for n in c.split()}
    for name in ("topbar", "brand", "page", "card", "card--narrow", "button"):
        assert name in used, name
        assert re.search(rf"\.{re.escape(name)}[\s,{{:]", css), name


_INLINE = re.compile(
    r"<style\b|\sstyle\s*=|<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"
    r"|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def test_no_template_needs_inline_style_or_script():
    """The CSP (style-src/script-src 'self') blocks inline style and script:
    each would be a console error on the page that uses it."""
    roots = [Path(settings.BASE_DIR) / "templates"] + [
        path
        for path in Path(settings.BASE_DIR).glob("*/templates")
        if ".venv" not in path.parts
    ]
    offending = []
    for root in roots:
        for template in root.rglob("*.html"):
            text = _COMMENT.sub("", template.read_text(encoding="utf-8"))
            for match in _INLINE.finditer(text):
                offending.append(f"{template}: {match.group(0)!r}")
    assert not offending, offending
