"""``benchmark --render`` prints the year report's render time beside bare
WeasyPrint on the same HTML, and the ratio."""

import re
from io import StringIO

import pytest

from reports.models import ReportDraft
from reports.pdf import missing_fonts
from reports.render_bench import measure_render, year_draft_for

from .conftest import fresh

pytestmark = pytest.mark.skipif(
    bool(missing_fonts()), reason="fonts-liberation2 not installed"
)


def test_render_figure_is_printed_with_the_ratio(ward, year_draft):
    out = StringIO()
    ratio = measure_render(out, fresh(ward.officer), runs=1, draft=year_draft)
    text = out.getvalue()
    assert ratio and ratio > 0
    match = re.search(
        r"year report render: product (\d+) ms, bare WeasyPrint (\d+) ms on the "
        r"same HTML → ([\d.]+)× \(goal ≤ 1.3×",
        text,
    )
    assert match, text
    assert float(match[3]) == pytest.approx(ratio, abs=0.01)


def test_year_draft_is_found_or_made_for_a_writer_only(ward, db):
    assert year_draft_for(fresh(ward.secretary_a)) is None
    draft = year_draft_for(fresh(ward.officer))
    assert (draft.ward, draft.round) == (ward.root, None)
    assert year_draft_for(fresh(ward.officer)) == draft
    assert ReportDraft.objects.count() == 1
    out = StringIO()
    assert measure_render(out, fresh(ward.secretary_a)) is None
    assert "skipped" in out.getvalue()
