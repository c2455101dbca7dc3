"""Issue 20: every detail page prints on A4 without navigation, buttons or cut
tables. For each kind of detail page of the demo ward, Chromium emulates print
media at the A4 printable width (static/css/print.css: portrait 210 mm less
45 mm of margins; the dashboard's own sheet prints landscape, 297 mm less
24 mm): no navigation, button, filter or form is displayed, no element reaches
past the printable width, and page.pdf() gives a non-empty PDF.
PDFs: var/screenshots/print_<kind>.pdf."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from coordination import permissions
from regulations.models import Regulation

from .conftest import SCREENSHOT_DIR, login

MM = 96 / 25.4  # CSS pixels per millimetre
PORTRAIT = int((210 - 45) * MM)
LANDSCAPE = int((297 - 24) * MM)
HIDDEN = (
    ".topbar, nav, .footer, button, .button, form, .filters, .actions, "
    ".pagination, [data-action], .skip-link, .messages"
)

CHECK = """([hidden, width]) => {
  const shown = el => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden";
  const describe = el => el.tagName.toLowerCase() +
    (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const visible = [...document.querySelectorAll(hidden)].filter(shown)
    .map(describe);
  const wide = [...document.querySelectorAll("body *")].filter(el => {
    if (!shown(el)) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  }).map(el => describe(el) + " " + Math.round(el.getBoundingClientRect().right));
  return {visible, wide: wide.slice(0, 8),
          scroll: document.documentElement.scrollWidth};
}"""


def _first(queryset):
    return queryset.order_by("pk").first().pk


def _detail_pages(user) -> dict[str, tuple[str, int]]:
    """One page of each kind that the standing committee member may open."""
    regulation = Regulation.objects.filter(
        code="qc-phuong-hai-duong", status="in_force"
    ).latest("version")
    article = regulation.provisions.get(ref="d10")
    submitted = permissions.visible_exchange_reports(user).exclude(
        first_submitted_at=None
    )
    pages = {
        "request": ("coordination:request-detail", permissions.visible_requests(user)),
        "exchange": ("coordination:exchange-detail", submitted),
        "incident": (
            "coordination:incident-detail",
            permissions.visible_incidents(user),
        ),
        "assessment": (
            "coordination:assessment-detail",
            permissions.visible_assessments(user),
        ),
        "review": (
            "coordination:review-detail",
            permissions.visible_review_meetings(user),
        ),
    }
    urls = {
        kind: (reverse(name, args=[_first(queryset)]), PORTRAIT)
        for kind, (name, queryset) in pages.items()
    }
    urls["article"] = (article.get_absolute_url(), PORTRAIT)
    urls["dashboard"] = (reverse("reports:dashboard-overview"), LANDSCAPE)
    return urls


@pytest.mark.django_db(transaction=True)
def test_every_detail_page_prints_on_a4(page, live_server):
    call_command("seed_demo", verbosity=0, password=settings.DEMO_PASSWORD)
    user = User.objects.get(username="thuongtruc")
    login(page, live_server, user.username, settings.DEMO_PASSWORD)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    problems = []
    for kind, (path, width) in _detail_pages(user).items():
        page.set_viewport_size({"width": 1366, "height": 768})
        page.emulate_media(media="screen")
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, (kind, path, response.status)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": width, "height": 1000})
        found = page.evaluate(CHECK, [HIDDEN, width])
        if found["visible"]:
            problems.append(f"{kind} {path}: shown in print: {found['visible']}")
        if found["wide"] or found["scroll"] > width + 1:
            problems.append(
                f"{kind} {path}: wider than A4 ({width}px, page {found['scroll']}px): "
                f"{found['wide']}"
            )
        pdf = page.pdf(prefer_css_page_size=True, print_background=False)
        (SCREENSHOT_DIR / f"print_{kind}.pdf").write_bytes(pdf)
        if not (pdf.startswith(b"%PDF") and len(pdf) > 2000):
            problems.append(f"{kind} {path}: empty PDF ({len(pdf)} bytes)")
    page.emulate_media(media="screen")
    assert not problems, "\n".join(problems)
