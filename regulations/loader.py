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
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Area, Regulation, Responsibility, Side
from .services import IMPORTED_FIELDS, put_in_force, tree_of, write_tree

DATA_DIR = Path(__file__).resolve().parent / "data"
AREAS_FILE = "areas.yaml"
KIND_NAMES = {
    "part": gettext_lazy("phần"),
    "chapter": gettext_lazy("chương"),
    "article": gettext_lazy("điều"),
    "clause": gettext_lazy("khoản"),
    "point": gettext_lazy("điểm"),
}
ACTIONS = {
    "created": gettext_lazy("tạo mới"),
    "updated": gettext_lazy("cập nhật"),
    "unchanged": gettext_lazy("không đổi"),
}


# Keys of a file's ``regulation:`` head that are settings of how the product
# applies the text, not words of it: the province's joint report on escalation
# ("đồng báo cáo", province Điều 6.2) and the date the decision takes effect
# ("có hiệu lực thi hành kể từ ngày ký"). Like duties, they may change on a
# version in force. Each is optional: a file without the key leaves the
# version's value alone (an administrator may have set it in the admin: the
# ward's text leaves the day blank), and a new version gets the model default
# (no joint report, no date).
SETTING_FIELDS = ("joint_escalation_report", "effective_date")


class LoadError(Exception):
    """A data file that would overwrite what it must not (message for users)."""


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
        return _(
            "%(code)s v%(version)s: %(action)s — %(counts)s, %(duties)s trách nhiệm"
        ) % {
            "code": self.code,
            "version": self.version,
            "action": ACTIONS.get(self.action, self.action),
            "counts": counts,
            "duties": self.counts.get("responsibilities", 0),
        }


def loaded_reason(file_name: str) -> str:
    """The change reason stored in the history of what a data file loads, in
    Vietnamese like every stored record."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return _("Nạp từ tệp dữ liệu quy chế %(file)s") % {"file": file_name}


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


def _settings(head: dict[str, Any], file_name: str) -> dict[str, Any]:
    """The settings (``SETTING_FIELDS``) the file gives, checked."""
    settings: dict[str, Any] = {}
    names = {"file": file_name}
    if "joint_escalation_report" in head:
        value = head["joint_escalation_report"]
        if not isinstance(value, bool):
            raise LoadError(
                _("%(file)s: joint_escalation_report phải là true hoặc false.") % names
            )
        settings["joint_escalation_report"] = value
    if head.get("effective_date") not in (None, ""):
        value = head["effective_date"]
        try:
            settings["effective_date"] = (
                value
                if isinstance(value, datetime.date)
                else datetime.date.fromisoformat(str(value))
            )
        except ValueError:
            raise LoadError(
                _("%(file)s: effective_date phải là ngày dạng YYYY-MM-DD.") % names
            ) from None
    return settings


def _texts(nodes) -> list[tuple]:
    """The words of a tree, without its annotations (responsibilities)."""
    return [
        (
            node["ref"],
            node["kind"],
            node.get("label") or "",
            node.get("title") or "",
            node.get("text") or "",
            _texts(node.get("children") or []),
        )
        for node in nodes
    ]


@transaction.atomic
def load_file(path: Path) -> LoadResult:
    """Load one shipped file. A version is created, or updated if this loader
    created it; a version an administrator created is never touched, and a
    version in force (or superseded) takes only annotation changes: duties and
    the settings of ``SETTING_FIELDS``."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    data = yaml.safe_load(raw.decode("utf-8"))
    head = data["regulation"]
    code, version = head["code"], int(head["version"])
    regulation = (
        Regulation.objects.select_for_update()
        .filter(code=code, version=version)
        .first()
    )
    if regulation is not None and regulation.source_hash == digest:
        return LoadResult(code, version, "unchanged", counts_of(regulation))

    fields = {name: _field_value(name, head.get(name)) for name in IMPORTED_FIELDS}
    settings = _settings(head, path.name)
    names = {"file": path.name, "code": code, "version": version}
    if regulation is not None and not regulation.loaded_from_data:
        raise LoadError(
            _(
                "%(file)s: phiên bản %(version)s của %(code)s do quản trị viên tạo, "
                "không phải do tệp dữ liệu; không ghi đè. Hãy tăng số phiên bản "
                "trong tệp."
            )
            % names
        )
    if regulation is not None and not regulation.is_editable:
        changed = _texts(tree_of(regulation)) != _texts(data["provisions"]) or any(
            getattr(regulation, name) != value for name, value in fields.items()
        )
        if changed:
            raise LoadError(
                _(
                    "%(file)s: phiên bản %(version)s của %(code)s đã ban hành; chỉ "
                    "được sửa phần gán trách nhiệm, không sửa văn bản. Hãy tăng số "
                    "phiên bản trong tệp."
                )
                % names
            )
    fields.update(
        level=head.get("level", Regulation.Level.OTHER),
        supervising_body=head.get("supervising_body", ""),
        source_name=head.get("source", ""),
        source_hash=digest,
    )
    reason = loaded_reason(path.name)
    action = "updated"
    if regulation is None:
        action = "created"
        regulation = Regulation(
            code=code,
            version=version,
            status=Regulation.Status.DRAFT,
            loaded_from_data=True,
        )
        regulation.supersedes = (
            Regulation.objects.filter(code=code, version__lt=version)
            .order_by("-version")
            .first()
        )
    # The settings are not text: a version in force takes them too.
    for name, value in {**fields, **settings}.items():
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
    if action == "created" and head.get("status") == Regulation.Status.IN_FORCE:
        # A shipped version in force replaces the one in force before it, the
        # same way an approval does.
        put_in_force(regulation=regulation, by=None, reason=reason)
    return LoadResult(code, version, action, counts_of(regulation))


@transaction.atomic
def load_all(data_dir: Path = DATA_DIR) -> list[LoadResult]:
    load_areas(data_dir)
    return [load_file(path) for path in regulation_files(data_dir)]
