"""The dashboards' tables: what the page shows, what the XLSX export writes
(the same rows), and what the charts are drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse


@dataclass
class Cell:
    text: str
    url: str = ""
    css: str = ""  # a status for the heatmap ("late", "missing"...), or ""


@dataclass
class Table:
    key: str  # the XLSX export's name for it
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = ""
    xlsx: str = ""  # the URL of its XLSX export

    def values(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


def link(name: str, params: dict | None = None, **kwargs) -> str:
    """A URL with the list's GET filters (empty values left out)."""
    url = reverse(name, kwargs=kwargs or None)
    clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    return f"{url}?{urlencode(clean)}" if clean else url


def n(value) -> str:
    return str(value or 0)


def pattern(name: str):
    """``reverse`` once for many objects (as coordination.obligations)."""
    marker = 987654321
    prefix, suffix = reverse(name, kwargs={"pk": marker}).split(str(marker))
    return lambda pk: f"{prefix}{pk}{suffix}"
