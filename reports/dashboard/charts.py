"""Charts drawn once on the server as SVG by pygal, for the dashboards and the
PDF report (``timeliness_svg``, ``requests_by_area_svg``).

The page's Content-Security-Policy allows no inline script or style: pygal's
script elements are always removed (its tooltips need JavaScript from a CDN,
which these intranets do not reach), and for the page its <style> element and
style attributes too; the same rules are served from our own
``static/css/charts.css`` (``chart_css()`` writes it; a test keeps the file
equal to what the installed pygal produces). For WeasyPrint
(``inline_css=True``) the <style> stays inside the SVG."""

from __future__ import annotations

import html
import re

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from lxml import etree
from pygal.style import Style

from coordination.exchanges.selectors import STATUS_LABELS

STATUS_COLOURS = {
    "on_time": "#2e7d32",
    "late": "#ef6c00",
    "missing": "#c62828",
    "returned": "#6a1b9a",
}
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#222222",
    foreground_strong="#111111",
    foreground_subtle="#666666",
    font_family='"Liberation Sans", Arial, sans-serif',
    colors=(*STATUS_COLOURS.values(), "#1565c0", "#00838f", "#827717"),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
)
CSS_SELECTOR = "svg.pygal-chart"


def _config(**kwargs) -> dict:
    return {
        "style": STYLE,
        "js": [],  # no script from a CDN (or anywhere)
        "disable_xml_declaration": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "print_values": False,
        "no_data_text": _("Không có số liệu"),
        "width": 800,
        "height": 400,
        **kwargs,
    }


def _strip(tree, inline_css: bool) -> None:
    for element in list(tree.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.rsplit("}", 1)[-1]
        classes = (element.get("class") or "").split()
        # Tooltips show only through pygal's script (and hide by inline style).
        if (
            name == "script"
            or "tooltip" in classes
            or (name == "style" and not inline_css)
        ):
            element.getparent().remove(element)
            continue
        if not inline_css and "style" in element.attrib:
            del element.attrib["style"]


def render(chart, title: str, *, inline_css: bool = False) -> SafeString:
    """The chart's SVG element, safe to put in a page (or a PDF's HTML)."""
    tree = chart.render_tree()
    _strip(tree, inline_css)
    tree.set("role", "img")
    tree.set("aria-label", title)
    svg = etree.tostring(tree, encoding="unicode")
    return mark_safe(svg)  # noqa: S308 - built by pygal from escaped values


def _integer_axis(chart, highest: int) -> None:
    """Counts: whole-number ticks, at most about ten."""
    step = max(1, -(-highest // 10))
    chart.y_labels = list(range(0, max(highest, 1) + step, step))


def timeliness_svg(
    rounds: list[tuple[str, dict]], *, inline_css: bool = False
) -> SafeString:
    """Per round: how many reports were on time, late, missing, returned
    (``rounds``: [(round label, {status: count})])."""
    title = _("Tình hình nộp báo cáo theo kỳ")
    chart = pygal.StackedBar(**_config())
    chart.x_labels = [label for label, _counts in rounds]
    for key in STATUS_COLOURS:
        chart.add(
            str(STATUS_LABELS[key]), [counts.get(key, 0) for _l, counts in rounds]
        )
    totals = [sum(counts.get(k, 0) for k in STATUS_COLOURS) for _l, counts in rounds]
    _integer_axis(chart, max(totals, default=0))
    return render(chart, title, inline_css=inline_css)


def requests_by_area_svg(
    rows: list[tuple[str, int]], *, inline_css: bool = False
) -> SafeString:
    """Requests sent per area (``rows``: [(area, count)])."""
    title = _("Đề nghị phối hợp theo lĩnh vực")
    chart = pygal.HorizontalBar(**_config(show_legend=False))
    chart.x_labels = [label for label, _n in rows]
    chart.add(_("Số đề nghị"), [count for _l, count in rows])
    _integer_axis(chart, max((count for _l, count in rows), default=0))
    return render(chart, title, inline_css=inline_css)


def chart_css() -> str:
    """pygal's rules for our style, scoped to every chart (what
    static/css/charts.css holds)."""
    chart = pygal.Bar(**_config())
    for i in range(len(STYLE.colors)):  # a rule for every colour of the style
        chart.add(f"s{i}", [1])
    svg = chart.render(is_unicode=True)
    chart_id = re.search(r'id="(chart-[0-9a-f-]+)"', svg)[1]
    # The SVG is XML: its <style> text has ">" written "&gt;".
    css = html.unescape("".join(re.findall(r"<style[^>]*>(.*?)</style>", svg, re.S)))
    css = css.replace(f"#{chart_id}", CSS_SELECTOR)
    return css.strip() + "\n"
