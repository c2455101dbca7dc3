"""Load the regulations shipped in ``regulations/data/*.yaml`` (and the areas in
``areas.yaml``). Safe on every deploy: one transaction; a file whose version is
already loaded with the same content is skipped; otherwise rows are updated or
created by ``ref``."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from .models import Area, Regulation, Responsibility, Side
from .services import IMPORTED_FIELDS, write_tree

DATA_DIR = Path(__file__).resolve().parent / "data"
AREAS_FILE = "areas.yaml"
KIND_NAMES = {
    "part": "phần",
    "chapter": "chương",
    "article": "điều",
    "clause": "khoản",
    "point": "điểm",
}


@dataclass
class LoadResult:
    code: str
    version: int
    action: str  # "created", "updated" or "unchanged"
    counts: dict[str, int]

    def __str__(self) -> str:
        counts = ", ".join(
            f"{self.counts.get(kind, 0)} {name}"
            for kind, name in KIND_NAMES.items()
            if kind != "part" or self.counts.get(kind)
        )
        duties = self.counts.get("responsibilities", 0)
        return f"{self.code} v{self.version}: {self.action} — {counts}, {duties} trách nhiệm"


def regulation_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(p for p in data_dir.glob("*.yaml") if p.name != AREAS_FILE)


def read_data(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_areas(data_dir: Path = DATA_DIR) -> None:
    data = read_data(data_dir / AREAS_FILE)
    for order, area in enumerate(data["areas"], start=1):
        Area.objects.update_or_create(
            code=area["code"],
            defaults={
                "name": area["name"],
                "short_name": area.get("short_name", ""),
                "order": order,
            },
        )


def counts_of(regulation: Regulation) -> dict[str, int]:
    counts = dict.fromkeys(KIND_NAMES, 0)
    for kind in regulation.provisions.values_list("kind", flat=True):
        counts[kind] += 1
    counts["responsibilities"] = Responsibility.objects.filter(
        provision__regulation=regulation
    ).count()
    return counts


def _field_value(name: str, value: Any) -> Any:
    """A metadata value from YAML as the model field takes it."""
    if name in ("decision_date", "attached_date"):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        return datetime.date.fromisoformat(value)
    if name in ("decision_preamble", "decision_articles", "decision_recipients"):
        return value or []
    return value or ""


def load_file(path: Path) -> LoadResult:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    data = yaml.safe_load(raw.decode("utf-8"))
    head = data["regulation"]
    code, version = head["code"], int(head["version"])
    regulation = Regulation.objects.filter(code=code, version=version).first()
    if regulation is not None and regulation.source_hash == digest:
        return LoadResult(code, version, "unchanged", counts_of(regulation))

    fields = {name: _field_value(name, head.get(name)) for name in IMPORTED_FIELDS}
    fields.update(
        level=head.get("level", Regulation.Level.OTHER),
        supervising_body=head.get("supervising_body", ""),
        source_name=head.get("source", ""),
        source_hash=digest,
    )
    reason = f"load_regulations {path.name}"
    action = "updated"
    if regulation is None:
        action = "created"
        status = head.get("status", Regulation.Status.DRAFT)
        if status == Regulation.Status.IN_FORCE:
            # A shipped version in force replaces the one in force before it.
            for previous in Regulation.objects.filter(code=code, status=status):
                previous.status = Regulation.Status.SUPERSEDED
                previous._change_reason = reason
                previous.save(update_fields=["status"])
        regulation = Regulation(code=code, version=version, status=status)
        regulation.supersedes = (
            Regulation.objects.filter(code=code, version__lt=version)
            .order_by("-version")
            .first()
        )
    for name, value in fields.items():
        setattr(regulation, name, value)
    regulation._change_reason = reason
    regulation.save()

    for side in data.get("sides", []):
        Side.objects.update_or_create(
            regulation=regulation,
            code=side["code"],
            defaults={"role": side["role"], "name": side["name"]},
        )
    write_tree(regulation=regulation, nodes=data["provisions"], reason=reason)
    return LoadResult(code, version, action, counts_of(regulation))


@transaction.atomic
def load_all(data_dir: Path = DATA_DIR) -> list[LoadResult]:
    load_areas(data_dir)
    return [load_file(path) for path in regulation_files(data_dir)]
