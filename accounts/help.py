"""Hướng dẫn sử dụng: one help page per role, chosen for the user by their
roles (the others stay linkable). Each page says what the role does under the
regulation, with links to the provisions of the regulation that binds the
user's organisation, and walks through its three most common tasks. The
screenshots are static/help/<page>_<n>.png, produced by the e2e test
tests/e2e/test_help_screenshots.py; a page shows only those that exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regulations.models import Provision, Regulation
from regulations.selectors import regulation_in_force_for

from .roles import Role, get_roles

HELP_STATIC = Path(settings.BASE_DIR) / "static" / "help"
TASKS = 3

# The provisions each page cites, per regulation code: the regulation is data,
# and each one numbers its articles its own way (ward: Điều 10–12; province:
# Điều 6–8). A regulation not listed here gets a link to its whole text.
WARD, PROVINCE = "qc-phuong-hai-duong", "qc-tinh-810-2023"
TOPIC_REFS: dict[str, dict[str, str]] = {
    "exchange": {WARD: "d10-k1", PROVINCE: "d6-k1"},
    "request": {WARD: "d10-k2", PROVINCE: "d6-k2"},
    "meeting": {WARD: "d11", PROVINCE: "d7"},
    "focal": {WARD: "d12-k1", PROVINCE: "d8-k1"},
    "staff": {WARD: "d12-k2", PROVINCE: "d8-k2"},
    "amend": {WARD: "d12-k3", PROVINCE: "d8-k3"},
    "police": {PROVINCE: "d4"},
    "cells": {PROVINCE: "d5"},
}


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: Promise
    template: str
    topics: tuple[str, ...]
    roles: frozenset[str] = field(default_factory=frozenset)


PAGES: tuple[HelpPage, ...] = (
    HelpPage(
        "bi-thu-chi-bo",
        _("Bí thư, Phó Bí thư chi bộ, đảng bộ"),
        "help/_cell_leadership.html",
        ("cells", "exchange", "request", "focal", "meeting"),
        frozenset({Role.CELL_LEADERSHIP}),
    ),
    HelpPage(
        "giup-viec-chi-bo",
        _("Bộ phận giúp việc của chi bộ, đảng bộ"),
        "help/_cell_staff.html",
        ("staff", "exchange", "request"),
        frozenset({Role.SUPPORT_STAFF}),
    ),
    HelpPage(
        "dang-uy-cong-an",
        _("Đảng ủy Công an: lãnh đạo và bộ phận giúp việc"),
        "help/_police.html",
        ("police", "request", "exchange", "meeting", "staff"),
        frozenset({Role.POLICE_COMMITTEE}),
    ),
    HelpPage(
        "thuong-truc",
        _("Thường trực, Ban Thường vụ và Văn phòng Đảng ủy"),
        "help/_standing.html",
        ("request", "meeting", "amend"),
        frozenset(
            {
                Role.STANDING_COMMITTEE,
                Role.OFFICE_STAFF,
                Role.EXECUTIVE_COMMITTEE,
                Role.ADMINISTRATOR,
            }
        ),
    ),
)
BY_SLUG = {page.slug: page for page in PAGES}


def _current_memberships(user):
    from coordination.organizations.selectors import current_memberships

    return list(current_memberships(user))


def page_for_user(user, memberships) -> HelpPage:
    """The page of the user's main role: oversight first, then the police
    committee (its support staff too), the cells' leaders, their staff."""
    roles = get_roles(user)
    if roles & BY_SLUG["thuong-truc"].roles:
        return BY_SLUG["thuong-truc"]
    police_kind = "police_committee"
    in_police = any(m.organization.kind == police_kind for m in memberships)
    if Role.POLICE_COMMITTEE in roles or (Role.SUPPORT_STAFF in roles and in_police):
        return BY_SLUG["dang-uy-cong-an"]
    if Role.SUPPORT_STAFF in roles and Role.CELL_LEADERSHIP not in roles:
        return BY_SLUG["giup-viec-chi-bo"]
    return BY_SLUG["bi-thu-chi-bo"]


def _regulation_for(memberships) -> Regulation | None:
    for membership in memberships:
        regulation = regulation_in_force_for(membership.organization)
        if regulation is not None:
            return regulation
    return (
        Regulation.objects.filter(status=Regulation.Status.IN_FORCE)
        .order_by("code", "-version")
        .first()
    )


def provision_links(regulation: Regulation | None, page: HelpPage) -> list[Provision]:
    """The provisions the page cites, in the user's regulation (one query)."""
    if regulation is None:
        return []
    refs = [
        TOPIC_REFS[topic][regulation.code]
        for topic in page.topics
        if regulation.code in TOPIC_REFS[topic]
    ]
    found = {
        p.ref: p
        for p in Provision.objects.filter(regulation=regulation, ref__in=refs)
        .select_related("regulation", "parent")
        .order_by("order")
    }
    return [found[ref] for ref in dict.fromkeys(refs) if ref in found]


def screenshots(page: HelpPage) -> dict[str, str]:
    """{"1": url, ...} for the screenshots that exist."""
    return {
        str(n): static(f"help/{page.slug}_{n}.png")
        for n in range(1, TASKS + 1)
        if (HELP_STATIC / f"{page.slug}_{n}.png").is_file()
    }


def help_context(user, slug: str | None) -> dict:
    memberships = _current_memberships(user)
    own = page_for_user(user, memberships)
    if slug is None:
        page = own
    elif slug in BY_SLUG:
        page = BY_SLUG[slug]
    else:
        raise Http404
    regulation = _regulation_for(memberships)
    return {
        "help_page": page,
        "own_page": own,
        "pages": PAGES,
        "regulation": regulation,
        "provisions": provision_links(regulation, page),
        "shots": screenshots(page),
    }
