"""Vietnamese text helpers: diacritic folding for search, hit highlighting and
word-level differences. Pure Python, so search works the same on SQLite and
PostgreSQL (the folded text is stored in ``Provision.search_text``)."""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_SPACES = re.compile(r"\s+")


def fold_char(char: str) -> str:
    """One character without its diacritics, lower-cased: "ậ" → "a", "Đ" → "d".

    Always one character out for one character in, so positions in the folded
    text are positions in the original (used to highlight hits)."""
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[:1] or char
    return base.lower() if len(base.lower()) == 1 else base


def fold(text: str) -> str:
    """``text`` folded character by character ("Trật tự" → "trat tu")."""
    text = unicodedata.normalize("NFC", text)
    return "".join(fold_char(c) for c in text)


def search_key(*parts: str) -> str:
    """The folded, whitespace-collapsed text stored for searching."""
    return _SPACES.sub(" ", fold(" ".join(p for p in parts if p))).strip()


def normalize_query(query: str) -> str:
    return _SPACES.sub(" ", fold(query)).strip()


def lower(text: str) -> str:
    """``text`` lower-cased character by character, diacritics kept ("Đảng" →
    "đảng"); one character out for one in, like ``fold``."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def exact_key(*parts: str) -> str:
    """The lower-cased, whitespace-collapsed text, diacritics kept, stored for
    searching with a query that has diacritics."""
    return _SPACES.sub(" ", lower(" ".join(p for p in parts if p))).strip()


def exact_query(query: str) -> str | None:
    """A query with diacritics is matched with them ("đảng" does not find
    "đang"): returns it lower-cased, or None when it has none (then it is folded
    and finds every spelling)."""
    exact = exact_key(query)
    return exact if exact != normalize_query(query) else None


def highlight(text: str, query: str) -> SafeString:
    """``text`` HTML-escaped, with every hit of ``query`` (case ignored; and
    diacritics ignored unless the query has some) wrapped in ``<mark>``."""
    text = unicodedata.normalize("NFC", text or "")
    needle = normalize_query(query or "")
    if not needle:
        return escape(text)
    exact = exact_query(query)
    if exact is not None:
        needle = exact
    pattern = re.compile(r"\s+".join(re.escape(w) for w in needle.split(" ")))
    folded = lower(text) if exact is not None else fold(text)
    out, pos = [], 0
    for match in pattern.finditer(folded):
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def word_diff(old: str, new: str) -> SafeString:
    """HTML of ``new`` against ``old`` word by word: removed words in ``<del>``,
    added words in ``<ins>`` (whitespace differences are not changes)."""
    a, b = (old or "").split(), (new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece is escaped above
