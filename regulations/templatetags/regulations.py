from django import template

from regulations.text import highlight as highlight_text

register = template.Library()


@register.filter
def highlight(text: str, query: str):
    """``text`` escaped, with hits of ``query`` (diacritics ignored) in <mark>."""
    return highlight_text(text, query)


@register.filter
def decision_number(number: str) -> str:
    """A decision number as the party's documents print it: a number left
    blank ("-QĐ/ĐU", to be filled in by hand) keeps its blank space before the
    dash ("Số      -QĐ/ĐU"), not "Số -QĐ/ĐU"."""
    number = (number or "").strip()
    if number.startswith("-"):
        return "\u00a0" * 6 + number
    return number
