"""XLSX of each table holds the page's rows; the charts are SVG drawn on the
server with no script, no inline style (the page's CSP allows neither), the
same rules served from static/css/charts.css; the PDF keeps its <style>."""

import io
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from reports.dashboard import charts
from reports.dashboard.export import HEADER_ROWS

from .conftest import get


def _rows(content: bytes) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        ["" if v is None else str(v) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_xlsx_rows_equal_table_rows(client, ward, result_data, h1_key):
    page = get(
        client, ward.standing_member, "reports:dashboard-overview", period=h1_key
    )
    for key, table in page.context["tables"].items():
        response = client.get(
            reverse("reports:dashboard-overview-xlsx", args=[key]), {"period": h1_key}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        rows = _rows(response.content)
        assert rows[0][0] == table.title
        assert rows[HEADER_ROWS - 1][: len(table.header)] == table.header
        body = [r[: len(table.header)] for r in rows[HEADER_ROWS:]]
        assert body == table.values(), key
    heat = _rows(
        client.get(
            reverse("reports:dashboard-overview-xlsx", args=["exchange_heatmap"]),
            {"period": h1_key},
        ).content
    )
    assert [
        ward.cell_b.name in r[0] and r[1] for r in heat if ward.cell_b.name in r[0]
    ] == ["Nộp muộn"]
    cell = get(
        client,
        ward.secretary_a,
        "reports:dashboard-cell-xlsx",
        ward.cell_a.pk,
        "timeliness",
        period=h1_key,
    )
    assert _rows(cell.content)[HEADER_ROWS][3] == "Đúng hạn"


def test_page_has_no_inline_script_or_style(client, ward, result_data):
    html = get(
        client, ward.standing_member, "reports:dashboard-overview", period="year-2026"
    ).content.decode()
    assert html.count("<svg") >= 2
    main = html[html.index("<main") :]
    assert "<style" not in main and "<script" not in main
    assert not re.search(r"\sstyle=", main)
    assert "charts.css" in html and "dashboard.css" in html
    assert "cdn" not in main.lower() and "pygal.js" not in main


def test_static_chart_css_matches_pygal():
    path = Path(settings.BASE_DIR) / "static" / "css" / "charts.css"
    assert path.read_text() == charts.chart_css()


def test_pdf_charts_keep_their_style_and_no_script():
    rows = [("6 tháng đầu năm 2026", {"on_time": 2, "late": 1, "missing": 1})]
    pdf_svg = charts.timeliness_svg(rows, inline_css=True)
    assert "<style" in pdf_svg and "<script" not in pdf_svg
    page_svg = charts.requests_by_area_svg([("An ninh & trật tự", 3)])
    assert "<style" not in page_svg and "An ninh &amp; trật tự" in page_svg


def test_unicode_digits_stay_text_in_the_xlsx():
    """ "²" and "①" are digits to str.isdigit, not numbers: they stay text."""
    from reports.dashboard.export import _value

    assert _value("²") == "²"
    assert _value("①") == "①"
    assert _value("12") == 12
    assert _value("=1+1") == "'=1+1"
