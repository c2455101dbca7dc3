from django import template

from regulations.text import highlight as highlight_text

register = template.Library()


@register.filter
def highlight(text: str, query: str):
    """``text`` escaped, with hits of ``query`` (diacritics ignored) in <mark>."""
    return highlight_text(text, query)
