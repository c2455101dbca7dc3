"""Read-only queries shared by the regulation views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Area, Provision, Regulation, Responsibility, Side
from .text import exact_query, normalize_query, word_diff

SIDE_ROLES = (Side.Role.POLICE, Side.Role.CELLS)
NO_AREA = "none"  # the area filter for duties outside the six areas


def get_regulation(code: str, version: int) -> Regulation:
    return get_object_or_404(Regulation, code=code, version=version)


def regulation_in_force_for(organization) -> Regulation | None:
    """The regulation version in force that binds ``organization``: the one
    owned by the nearest organisation on its path to the root of its tree (a
    ward's own, else its province's). One query per level of the tree (two or
    three) and one for the regulations."""
    from coordination.models import Organization

    path, node = [organization.pk], organization.parent_id
    while node is not None and node not in path:
        path.append(node)
        node = (
            Organization.objects.filter(pk=node)
            .values_list("parent_id", flat=True)
            .first()
        )
    found = {
        r.organization_id: r
        for r in Regulation.objects.filter(
            status=Regulation.Status.IN_FORCE, organization_id__in=path
        )
    }
    return next((found[pk] for pk in path if pk in found), None)


def get_provision(regulation: Regulation, ref: str) -> Provision:
    return get_object_or_404(
        Provision.objects.select_related("regulation"), regulation=regulation, ref=ref
    )


def regulations_by_code() -> list[list[Regulation]]:
    """Every regulation, each one's versions newest first."""
    groups: dict[str, list[Regulation]] = {}
    for regulation in Regulation.objects.order_by("code", "-version"):
        groups.setdefault(regulation.code, []).append(regulation)
    return list(groups.values())


def provision_tree(
    regulation: Regulation,
) -> tuple[list[Provision], dict[str, Provision]]:
    """All provisions of ``regulation`` with their duties, as a tree: each
    provision gets ``kids`` (its children, in order). Returns the roots and a
    dict by ref."""
    provisions = list(
        regulation.provisions.prefetch_related(
            "responsibilities__side", "responsibilities__area"
        )
    )
    by_pk = {p.pk: p for p in provisions}
    roots = []
    for p in provisions:
        p.kids = []
        p.regulation = regulation  # one object: get_absolute_url() needs no query
    for p in provisions:
        (by_pk[p.parent_id].kids if p.parent_id else roots).append(p)
    return roots, {p.ref: p for p in provisions}


def ancestors(provision: Provision, by_ref: dict[str, Provision]) -> list[Provision]:
    by_pk = {p.pk: p for p in by_ref.values()}
    chain = []
    node = provision
    while node.parent_id:
        node = by_pk[node.parent_id]
        chain.append(node)
    return chain[::-1]


def search_provisions(
    *,
    query: str = "",
    regulation: Regulation | None = None,
    side: str = "",
    area: str = "",
    mode: str = "",
    cadence: str = "",
) -> QuerySet[Provision]:
    """Provisions matching the query (case ignored; diacritics ignored when the
    query has none, matched exactly when it has some) and, through one
    and the same duty, the side/area/mode/cadence filters. Without a regulation:
    the versions in force. ``area`` is an area code, or NO_AREA."""
    qs = Provision.objects.select_related("regulation")
    if regulation is not None:
        qs = qs.filter(regulation=regulation)
    else:
        qs = qs.filter(regulation__status=Regulation.Status.IN_FORCE)
    needle = normalize_query(query)
    exact = exact_query(query)
    if exact:  # "đảng" finds "Đảng", not "đang"
        qs = qs.filter(search_exact__contains=exact)
    elif needle:  # "dang" finds both
        qs = qs.filter(search_text__contains=needle)
    duty = Q()
    if side:
        duty &= Q(responsibilities__side__role=side)
    if area == NO_AREA:
        duty &= Q(responsibilities__isnull=False, responsibilities__area__isnull=True)
    elif area:
        duty &= Q(responsibilities__area__code=area)
    if mode:
        duty &= Q(responsibilities__mode=mode)
    if cadence:
        duty &= Q(responsibilities__cadence=cadence)
    if duty:
        qs = qs.filter(duty).distinct()
    return qs.prefetch_related(
        "responsibilities__side", "responsibilities__area"
    ).order_by("regulation__code", "-regulation__version", "order")


@dataclass
class Change:
    when: Any
    user: Any
    what: str
    why: str


def _plain_reason(reason: str | None) -> str:
    """A stored change reason in plain words (rows written before the loader
    wrote Vietnamese say "load_regulations <file>")."""
    from .loader import loaded_reason

    reason = reason or ""
    if reason.startswith("load_regulations "):
        return loaded_reason(reason.removeprefix("load_regulations ").strip())
    return reason


def change_log(regulation: Regulation, limit: int = 30) -> list[Change]:
    """Who changed what in this version, newest first: the version itself (import,
    approval) and its provisions (edits), from simple-history."""
    version_rows = regulation.history.select_related("history_user")[:limit]
    provision_rows = Provision.history.filter(
        regulation_id=regulation.pk
    ).select_related("history_user")[:limit]
    changes = [
        Change(
            h.history_date,
            h.history_user,
            h.get_status_display(),
            _plain_reason(h.history_change_reason),
        )
        for h in version_rows
    ] + [
        Change(
            h.history_date,
            h.history_user,
            " ".join(part for part in (h.label, h.title) if part) or h.ref,
            _plain_reason(h.history_change_reason) or h.get_history_type_display(),
        )
        for h in provision_rows
    ]
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]


def with_paths(provisions: list[Provision]) -> list[Provision]:
    """Give each provision ``path``: the labels of its ancestors, outermost first
    (["Chương II", "Điều 5", "1."]), with one query per page of results."""
    rows = Provision.objects.filter(
        regulation__in={p.regulation_id for p in provisions}
    ).values_list("pk", "parent_id", "label")
    parents = {pk: parent for pk, parent, _label in rows}
    labels = {pk: label for pk, _parent, label in rows}
    for provision in provisions:
        path, node = [], provision.parent_id
        while node:
            path.append(labels[node])
            node = parents[node]
        provision.path = path[::-1]
    return provisions


@dataclass
class MatrixCell:
    side: Side
    lead: int = 0
    coordinate: int = 0


@dataclass
class MatrixRow:
    area: Area | None
    cells: list[MatrixCell] = field(default_factory=list)


def responsibility_matrix(regulation: Regulation) -> tuple[list[Side], list[MatrixRow]]:
    """Areas × sides: how many provisions give each side a lead or a coordinate
    duty in each area (a last row for duties outside the six areas, e.g. the
    coordination method)."""
    sides = sorted(
        (s for s in regulation.sides.all() if s.role in SIDE_ROLES),
        key=lambda s: SIDE_ROLES.index(s.role),
    )
    counts: dict[tuple[Any, int, str], int] = {
        (row["area"], row["side"], row["mode"]): row["n"]
        for row in Responsibility.objects.filter(provision__regulation=regulation)
        .values("area", "side", "mode")
        .annotate(n=Count("provision", distinct=True))
    }
    areas: list[Area | None] = [*Area.objects.all(), None]
    rows = []
    for area in areas:
        area_pk = area.pk if area else None
        row = MatrixRow(area)
        for side in sides:
            row.cells.append(
                MatrixCell(
                    side,
                    lead=counts.get((area_pk, side.pk, Responsibility.Mode.LEAD), 0),
                    coordinate=counts.get(
                        (area_pk, side.pk, Responsibility.Mode.COORDINATE), 0
                    ),
                )
            )
        if area is not None or any(c.lead or c.coordinate for c in row.cells):
            rows.append(row)
    return sides, rows


@dataclass
class DiffEntry:
    status: str  # "added", "removed", "changed"
    old: Provision | None
    new: Provision | None
    position: tuple[int, int] = (0, 0)
    title_html: str = ""
    text_html: str = ""
    duties_before: list[str] = field(default_factory=list)
    duties_after: list[str] = field(default_factory=list)

    @property
    def duties_changed(self) -> bool:
        return self.duties_before != self.duties_after


def _duties(provision: Provision) -> list[str]:
    """A provision's duties as comparable, readable lines."""
    return sorted(
        " · ".join(
            str(part)
            for part in (
                r.side.name,
                r.get_mode_display(),
                r.area.name if r.area else "—",
                r.get_cadence_display(),
            )
        )
        for r in provision.responsibilities.all()
    )


def version_diff(old: Regulation, new: Regulation) -> list[DiffEntry]:
    """Provisions added, removed and changed from ``old`` to ``new``, matched by
    ``ref``, in document order; changed wording highlighted word by word, and a
    change of duties (side, mode, area, cadence) is a change too."""
    related = ("responsibilities__side", "responsibilities__area")
    before = {p.ref: p for p in old.provisions.prefetch_related(*related)}
    after = {p.ref: p for p in new.provisions.prefetch_related(*related)}
    entries = []
    for ref, p in after.items():
        q = before.get(ref)
        if q is None:
            entries.append(DiffEntry("added", None, p, (p.order, 0)))
            continue
        duties_before, duties_after = _duties(q), _duties(p)
        if (q.label, q.title, q.text) != (p.label, p.title, p.text) or (
            duties_before != duties_after
        ):
            entries.append(
                DiffEntry(
                    "changed",
                    q,
                    p,
                    (p.order, 0),
                    title_html=word_diff(
                        f"{q.label} {q.title}", f"{p.label} {p.title}"
                    ),
                    text_html=word_diff(q.text, p.text),
                    duties_before=duties_before,
                    duties_after=duties_after,
                )
            )
    # A removed provision goes after the last one before it that still exists.
    anchor = 0
    for ref, q in before.items():
        if ref in after:
            anchor = after[ref].order
        else:
            entries.append(DiffEntry("removed", q, None, (anchor, 1)))
    return sorted(entries, key=lambda entry: entry.position)
