"""``manage.py benchmark --render``: the year report's render time beside bare
WeasyPrint on the same HTML and CSS (the goal: at most 1.3×). Printed, not
asserted. The product's time is ``reports.pdf.render_pdf`` (templates, the
allow-list fetcher, embedded fonts); the data compiled before it is printed
on its own line."""

from __future__ import annotations

import statistics
import time

from django.utils import timezone

from accounts.models import User

from .models import ReportDraft

GOAL = 1.3


def year_draft_for(user: User) -> ReportDraft | None:
    """This year's draft of the first ward the user writes for (created when
    missing: the benchmark runs on a scratch database)."""
    from .draft_views import editor_ward_ids

    wards = sorted(editor_ward_ids(user))
    if not wards:
        return None
    draft, _created = ReportDraft.objects.get_or_create(
        ward_id=wards[0],
        round=None,
        year=timezone.localdate().year,
        defaults={"created_by": user, "updated_by": user},
    )
    return draft


def _median(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure_render(stdout, user: User, runs: int = 3, draft=None) -> float | None:
    """Print the times and return the ratio (None without a draft)."""
    from weasyprint import CSS, HTML

    from .pdf import render_pdf
    from .render_jobs import document_html
    from .result_report import result_report_document

    draft = draft or year_draft_for(user)
    if draft is None:
        stdout.write(f"year report render: {user} writes no report; skipped")
        return None
    runs = max(1, runs)
    compiled, doc = _median(lambda: result_report_document(user, draft), runs)
    html, css = document_html(doc)
    render_pdf(doc)  # warm up: fonts, templates
    product, pdf = _median(lambda: render_pdf(doc), runs)

    def bare():
        return HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])

    bare()
    bare_time, _pdf = _median(bare, runs)
    ratio = product / bare_time
    verdict = "ok" if ratio <= GOAL else "over the goal"
    stdout.write(
        f"year report data ({draft}): {compiled * 1000:.0f} ms; PDF {len(pdf)} bytes"
    )
    stdout.write(
        f"year report render: product {product * 1000:.0f} ms, bare WeasyPrint "
        f"{bare_time * 1000:.0f} ms on the same HTML → {ratio:.2f}× "
        f"(goal ≤ {GOAL}×: {verdict})"
    )
    return ratio
