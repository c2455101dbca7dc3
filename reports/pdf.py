"""A ``PartyDocument`` as PDF: HTML from a Django template (autoescaped) laid
out by WeasyPrint, with Liberation Serif embedded.

WeasyPrint fetches every URL of the document (stylesheets, images, fonts,
``data:`` too) through its URL fetcher; ours (``FontOnlyURLFetcher``) serves
exactly the Liberation Serif files from disk and refuses everything else: no
network, no other file (RELIABILITY.md pitfall 4, T18). User text reaches the
HTML only through the template's autoescaping, so it cannot add a URL either.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .document import PartyDocument, party_format, recipient_lines, upper_vi

logger = logging.getLogger(__name__)
# WeasyPrint logs each layout step at INFO; one line per step and page of every
# download is noise in the application's log (warnings still pass).
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

TEMPLATE = "reports/party_document.html"
STYLESHEET = "reports/party_document.css"
# Debian's fonts-liberation2 (README: ./scripts/test.sh installs it).
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/liberation2"
FONT_FILES = {
    # (weight, style) → file name
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


class FetchRefused(ValueError):
    """A URL outside the allow-list (WeasyPrint logs it and renders on)."""


def font_dir() -> Path:
    return Path(getattr(settings, "REPORTS_FONT_DIR", DEFAULT_FONT_DIR))


def font_paths() -> dict[tuple[str, str], Path]:
    base = font_dir()
    return {key: base / name for key, name in FONT_FILES.items()}


def missing_fonts() -> list[Path]:
    return [p for p in font_paths().values() if not p.is_file()]


class FontOnlyURLFetcher(URLFetcher):
    """Serves the four Liberation Serif files, read from disk, and nothing else:
    every other URL (http, https, ftp, data, any other ``file://`` path,
    ``..`` tricks, symlinks out of the font directory) raises ``FetchRefused``.
    Nothing is ever handed to urllib."""

    def __init__(self, allowed: list[Path] | None = None, **kwargs):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, **kwargs)
        paths = allowed if allowed is not None else list(font_paths().values())
        self._allowed = {str(Path(p)) for p in paths}

    def allowed_path(self, url: str) -> Path | None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        if parts.query or parts.fragment:
            return None
        raw = unquote(parts.path)
        if "\x00" in raw:
            return None
        path = Path(raw)
        # The exact path, and the same path once links and ".." are resolved.
        if str(path) not in self._allowed:
            return None
        try:
            resolved = path.resolve(strict=True)
        except OSError:
            return None
        if not any(
            resolved == Path(a).resolve(strict=False) for a in self._allowed
        ):  # pragma: no cover - a font file replaced by a link elsewhere
            return None
        return resolved

    def fetch(self, url, headers=None):
        path = self.allowed_path(url)
        if path is None:
            # The URL itself may come from a document: not logged.
            logger.warning("pdf_fetch_refused")
            raise FetchRefused("URL not allowed")
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": "font/ttf"}, status=200
        )


def font_faces() -> list[dict]:
    """The @font-face rules of the template: family, weight, style, URL."""
    fmt = party_format()
    return [
        {
            "family": fmt.pdf_font_family,
            "weight": weight,
            "style": style,
            "url": path.as_uri(),
        }
        for (weight, style), path in font_paths().items()
    ]


def _tables(sections):
    for section in sections:
        yield from section.tables
        yield from _tables(section.subsections)


def document_context(doc: PartyDocument) -> dict:
    sized = []
    for n, table in enumerate(_tables(doc.sections), start=1):
        if table.widths:
            table.css_id = f"table-{n}"
            sized.append(table)
    return {
        "doc": doc,
        "fmt": party_format(),
        "fonts": font_faces(),
        "sized_tables": sized,
        "superior": upper_vi(doc.superior_body),
        "issuer": upper_vi(doc.issuing_body),
        "recipient_lines": recipient_lines(doc.recipients),
    }


def render_pdf(doc: PartyDocument) -> bytes:
    """The document as PDF bytes (A4, margins and type of ``party_format()``,
    page numbers from page 2): HTML and CSS from templates (autoescaped)."""
    context = document_context(doc)
    return html_to_pdf(
        render_to_string(TEMPLATE, context), render_to_string(STYLESHEET, context)
    )


def html_to_pdf(html: str, css: str = "") -> bytes:
    """WeasyPrint on our HTML and CSS with the allow-list fetcher; no base URL,
    so a relative URL resolves to nothing."""
    fetcher = FontOnlyURLFetcher()
    font_config = FontConfiguration()
    stylesheets = (
        [CSS(string=css, url_fetcher=fetcher, font_config=font_config)] if css else []
    )
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)
