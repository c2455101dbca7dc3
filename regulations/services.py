"""Every change to regulation data goes through these functions: they check who
acts, lock what they change, and leave a history row (simple-history) naming who
and why. Views and management commands only call them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role

from .importer import ParsedRegulation
from .models import Area, Provision, Regulation, Responsibility, Side
from .text import exact_key, search_key

# Fields of Regulation that the importer reads from a text.
IMPORTED_FIELDS = ParsedRegulation.METADATA_FIELDS + ParsedRegulation.DOCUMENT_FIELDS


class RegulationError(Exception):
    """A change that the regulation's state does not allow (message for users)."""


def _record(obj, by, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason


def require_administrator(user) -> None:
    if not has_role(user, Role.ADMINISTRATOR):
        raise PermissionDenied


def require_draft(regulation: Regulation) -> None:
    if not regulation.is_editable:
        raise RegulationError(
            _("Chỉ sửa được bản dự thảo; phiên bản này đã ban hành nên giữ nguyên.")
        )


# --- the tree ------------------------------------------------------------------------


def _flatten(nodes: Iterable[dict[str, Any]], parent_ref: str | None = None):
    for node in nodes:
        yield parent_ref, node
        yield from _flatten(node.get("children") or [], node["ref"])


def write_tree(
    *,
    regulation: Regulation,
    nodes: list[dict[str, Any]],
    by=None,
    reason: str = "",
) -> None:
    """Make ``regulation``'s provisions equal to ``nodes`` (dicts with ref, kind,
    label, title, text, children and, when given, responsibilities): update or
    create by ``ref``, delete what is gone. A provision cited elsewhere
    (``on_delete=PROTECT``) cannot be deleted, and the whole change rolls back."""
    existing = {p.ref: p for p in regulation.provisions.all()}
    sides = {side.code: side for side in regulation.sides.all()}
    areas = {area.code: area for area in Area.objects.all()}
    seen: dict[str, Provision] = {}
    for order, (parent_ref, node) in enumerate(_flatten(nodes), start=1):
        ref = node["ref"]
        if ref in seen:
            raise RegulationError(_("Mã tham chiếu bị trùng: %(ref)s") % {"ref": ref})
        values = {
            "parent": seen[parent_ref] if parent_ref else None,
            "kind": node["kind"],
            "label": node.get("label", ""),
            "title": node.get("title", ""),
            "text": node.get("text", ""),
            "order": order,
        }
        values["search_text"] = search_key(
            values["label"], values["title"], values["text"]
        )
        values["search_exact"] = exact_key(
            values["label"], values["title"], values["text"]
        )
        provision = existing.get(ref)
        if provision is None:
            provision = Provision(regulation=regulation, ref=ref, **values)
            _record(provision, by, reason)
            provision.save()
        elif any(getattr(provision, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(provision, key, value)
            _record(provision, by, reason)
            provision.save()
        seen[ref] = provision
        if "responsibilities" in node:
            _write_responsibilities(
                provision, node["responsibilities"], sides, areas, by, reason
            )
    for ref in sorted(set(existing) - set(seen), key=len, reverse=True):
        stale = existing[ref]
        _record(stale, by, reason)
        stale.delete()


def _write_responsibilities(provision, specs, sides, areas, by, reason) -> None:
    wanted = {}
    for spec in specs:
        try:
            side = sides[spec["side"]]
            area = areas[spec["area"]] if spec.get("area") else None
        except KeyError as exc:
            raise RegulationError(
                _("%(ref)s: không có bên hoặc lĩnh vực “%(code)s”")
                % {"ref": provision.ref, "code": exc.args[0]}
            ) from exc
        cadence = spec.get("cadence", Responsibility.Cadence.CONTINUOUS)
        key = (side.pk, spec["mode"], area.pk if area else None, cadence)
        wanted[key] = (side, spec["mode"], area, cadence)
    for resp in provision.responsibilities.all():
        key = (resp.side_id, resp.mode, resp.area_id, resp.cadence)
        if wanted.pop(key, None) is None:
            _record(resp, by, reason)
            resp.delete()
    for side, mode, area, cadence in wanted.values():
        resp = Responsibility(
            provision=provision, side=side, mode=mode, area=area, cadence=cadence
        )
        _record(resp, by, reason)
        resp.save()


def tree_of(regulation: Regulation) -> list[dict[str, Any]]:
    """``regulation``'s provisions as nested dicts, responsibilities included
    (by side and area code), in the shape ``write_tree`` takes."""
    provisions = list(
        regulation.provisions.prefetch_related(
            "responsibilities__side", "responsibilities__area"
        )
    )
    by_pk: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for p in provisions:
        node = {
            "ref": p.ref,
            "kind": p.kind,
            "label": p.label,
            "title": p.title,
            "text": p.text,
            "responsibilities": [
                {
                    "side": r.side.code,
                    "mode": r.mode,
                    "area": r.area.code if r.area else None,
                    "cadence": r.cadence,
                }
                for r in p.responsibilities.all()
            ],
            "children": [],
        }
        by_pk[p.pk] = node
        (by_pk[p.parent_id]["children"] if p.parent_id else roots).append(node)
    return roots


# --- versions ----------------------------------------------------------------------


def _next_version(code: str) -> int:
    latest = Regulation.objects.filter(code=code).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


def _new_draft(*, code: str, base: Regulation | None, by, reason: str, **fields):
    regulation = Regulation(
        code=code,
        version=_next_version(code),
        supersedes=base,
        status=Regulation.Status.DRAFT,
        **fields,
    )
    _record(regulation, by, reason)
    regulation.save()
    # A new version keeps its base's sides; a new regulation starts with one side
    # per role, to be renamed as its text names them.
    sides = (
        [(s.code, s.role, s.name) for s in base.sides.all()]
        if base
        else [(role.value, role.value, str(role.label)) for role in Side.Role]
    )
    for side_code, role, name in sides:
        side = Side(regulation=regulation, code=side_code, role=role, name=name)
        _record(side, by, reason)
        side.save()
    return regulation


def _copy_fields(regulation: Regulation) -> dict[str, Any]:
    names = [
        *IMPORTED_FIELDS,
        "level",
        "supervising_body",
        "source_name",
        "organization",
        # A rule of the regulation, not of one version. The effective date is
        # not copied: a new version takes effect on its own date.
        "joint_escalation_report",
    ]
    return {name: getattr(regulation, name) for name in names}


@transaction.atomic
def create_version(*, regulation: Regulation, by) -> Regulation:
    """A new draft version, a copy of ``regulation`` (text and duties), to edit."""
    require_administrator(by)
    return open_draft_version(regulation=regulation, by=by)


@transaction.atomic
def open_draft_version(
    *, regulation: Regulation, by, reason: str | None = None, **fields
) -> Regulation:
    """The new draft version itself; ``fields`` override the copied ones (an
    amending decision's number and date). Shared by the administrator's page
    and by an amendment proposal the standing committee accepts
    (``coordination.reviews.proposals.amendments``); callers check who acts."""
    list(Regulation.objects.select_for_update().filter(code=regulation.code))
    reason = reason or _("Tạo phiên bản mới từ phiên bản %(v)s") % {
        "v": regulation.version
    }
    draft = _new_draft(
        code=regulation.code,
        base=regulation,
        by=by,
        reason=reason,
        **{**_copy_fields(regulation), **fields},
    )
    write_tree(regulation=draft, nodes=tree_of(regulation), by=by, reason=reason)
    return draft


@transaction.atomic
def import_regulation(
    *,
    parsed: ParsedRegulation,
    code: str,
    level: str,
    by,
    source_name: str = "",
    title: str = "",
) -> Regulation:
    """Save an imported text as a new draft version of regulation ``code`` (its
    first version if the code is new). Sides and the duties of provisions whose
    ``ref`` is unchanged carry over from the latest version."""
    require_administrator(by)
    list(Regulation.objects.select_for_update().filter(code=code))
    base = Regulation.objects.filter(code=code).order_by("-version").first()
    metadata = {name: getattr(parsed, name) for name in IMPORTED_FIELDS}
    metadata["title"] = title or metadata["title"]
    if not metadata["title"]:
        raise RegulationError(_("Văn bản không có tiêu đề; hãy nhập tên quy chế."))
    reason = _("Nhập văn bản %(name)s") % {"name": source_name or code}
    draft = _new_draft(
        code=code,
        base=base,
        by=by,
        reason=reason,
        level=level,
        source_name=source_name,
        supervising_body=base.supervising_body if base else "",
        organization=base.organization if base else None,
        **metadata,
    )
    nodes = [node.to_dict() for node in parsed.provisions]
    if base is not None:
        carry_over(nodes, tree_of(base))
    write_tree(regulation=draft, nodes=nodes, by=by, reason=reason)
    return draft


# --- re-import: which new provision is which old one ---------------------------------

SIMILAR = 0.8  # difflib ratio from which two wordings are the same provision


def _words(node: dict[str, Any]) -> str:
    words = "\n".join(part for part in (node.get("title"), node.get("text")) if part)
    return words or node.get("label", "")


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _fresh_ref(ref: str, taken: set[str]) -> str:
    """A ref no old version used: bullets take the next free "gN", others a
    numbered suffix."""
    if ref not in taken:
        return ref
    if m := re.fullmatch(r"(.*-g)(\d+)", ref):
        number = int(m[2])
        while f"{m[1]}{number}" in taken:
            number += 1
        return f"{m[1]}{number}"
    suffix = 2
    while f"{ref}-{suffix}" in taken:
        suffix += 1
    return f"{ref}-{suffix}"


def carry_over(
    nodes: list[dict[str, Any]], base_nodes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Match the provisions of a re-imported text (``nodes``, refs by position)
    to those of the version before (``base_nodes``, from ``tree_of``) by ref and
    wording: a new provision is an old one when they are of the same kind and
    their words are the same or similar (difflib ratio ≥ 0.8). A matched
    provision takes the old one's ref (permanent links keep working) and its
    duties; an unmatched one gets a ref no old provision had, and no duties.
    Changes ``nodes`` in place; returns the old provisions with duties that
    matched nothing (their duties are not carried over)."""
    old = [node for _parent, node in _flatten(base_nodes)]
    old_by_ref = {node["ref"]: node for node in old}
    old_parent = {node["ref"]: parent for parent, node in _flatten(base_nodes)}
    unmatched = {node["ref"] for node in old}
    words = {node["ref"]: _words(node) for node in old}
    order = {node["ref"]: index for index, node in enumerate(old)}
    matched_ref: dict[int, str] = {}  # id(new node) -> its final ref
    new_parent: dict[int, dict | None] = {}

    def walk(items, parent):
        for node in items:
            new_parent[id(node)] = parent
            yield node
            yield from walk(node.get("children") or [], node)

    new_nodes = list(walk(nodes, None))
    for node in new_nodes:
        parent = new_parent[id(node)]
        parent_ref = matched_ref.get(id(parent)) if parent is not None else None
        text = _words(node)
        best, best_key = None, None
        for ref in unmatched:
            candidate = old_by_ref[ref]
            if candidate["kind"] != node["kind"]:
                continue
            ratio = _similarity(words[ref], text)
            if ratio < SIMILAR:
                continue
            key = (
                ratio == 1.0,
                old_parent[ref] == parent_ref,
                ref == node["ref"],
                ratio,
                -order[ref],
            )
            if best_key is None or key > best_key:
                best, best_key = ref, key
        if best is not None:
            unmatched.discard(best)
            matched_ref[id(node)] = best
    taken = set(old_by_ref) | set(matched_ref.values())
    for node in new_nodes:
        ref = matched_ref.get(id(node))
        if ref is None:
            ref = _fresh_ref(node["ref"], taken)
            taken.add(ref)
            node["responsibilities"] = []
        else:
            node["responsibilities"] = old_by_ref[ref].get("responsibilities", [])
        node["ref"] = ref
    return [
        old_by_ref[ref]
        for ref in sorted(unmatched, key=order.__getitem__)
        if old_by_ref[ref].get("responsibilities")
    ]


def reimport_preview(parsed: ParsedRegulation, code: str) -> list[dict[str, Any]]:
    """What ``import_regulation`` would not carry over: the provisions of the
    latest version of ``code`` that have duties and match nothing in ``parsed``.
    Writes nothing."""
    base = Regulation.objects.filter(code=code).order_by("-version").first()
    if base is None:
        return []
    return carry_over([node.to_dict() for node in parsed.provisions], tree_of(base))


@transaction.atomic
def edit_provision(
    *, provision: Provision, by, label: str, title: str, text: str
) -> Provision:
    require_administrator(by)
    provision = Provision.objects.select_for_update().get(pk=provision.pk)
    require_draft(provision.regulation)
    provision.label, provision.title, provision.text = label, title, text
    provision.search_text = search_key(label, title, text)
    provision.search_exact = exact_key(label, title, text)
    _record(provision, by, _("Sửa nội dung điều khoản"))
    provision.save()
    return provision


def can_approve(user, regulation: Regulation) -> bool:
    """Whether ``user`` sits on the standing committee of the organisation that
    owns ``regulation`` or of one of its ancestors (a Ban Thường vụ under that
    committee, or a leadership position in the committee itself). A regulation
    with no owning organisation is approved by nobody until an administrator
    sets one."""
    if (
        not has_role(user, Role.STANDING_COMMITTEE)
        or regulation.organization_id is None
    ):
        return False
    from accounts.roles import roles_for_position
    from coordination.models import Membership

    owners, node = set(), regulation.organization
    while node is not None:
        owners.add(node.pk)
        node = node.parent
    memberships = (
        Membership.objects.current().filter(user=user).select_related("organization")
    )
    for m in memberships:
        org = m.organization
        if Role.STANDING_COMMITTEE not in roles_for_position(
            org.kind, m.position, m.is_focal_point
        ):
            continue
        if org.pk in owners or (
            org.kind == org.Kind.STANDING_COMMITTEE and org.parent_id in owners
        ):
            return True
    return False


@transaction.atomic
def approve_version(*, regulation: Regulation, by) -> Regulation:
    """The standing committee of the owning organisation puts a draft version in
    force; the version in force until now becomes superseded (one in force at a
    time, also a DB constraint)."""
    if not can_approve(by, regulation):
        raise PermissionDenied
    reason = _("Phê duyệt phiên bản %(v)s") % {"v": regulation.version}
    return put_in_force(regulation=regulation, by=by, reason=reason)


def put_in_force(*, regulation: Regulation, by, reason: str) -> Regulation:
    """Put a draft version in force, superseding the version in force until now.
    Shared by the approval and by load_regulations for a shipped version in force;
    callers check who acts."""
    with transaction.atomic():
        versions = list(
            Regulation.objects.select_for_update()
            .filter(code=regulation.code)
            .order_by("version")
        )
        target = next(v for v in versions if v.pk == regulation.pk)
        if target.status != Regulation.Status.DRAFT:
            raise RegulationError(_("Chỉ phê duyệt được bản dự thảo."))
        newer = [
            v
            for v in versions
            if v.status == Regulation.Status.IN_FORCE and v.version > target.version
        ]
        if newer:
            raise RegulationError(
                _(
                    "Phiên bản %(v)s cũ hơn phiên bản %(current)s đang có hiệu lực; "
                    "không thể cho bản cũ có hiệu lực thay bản mới."
                )
                % {"v": target.version, "current": newer[0].version}
            )
        for version in versions:
            if version.status == Regulation.Status.IN_FORCE:
                version.status = Regulation.Status.SUPERSEDED
                _record(version, by, reason)
                version.save(update_fields=["status"])
        target.status = Regulation.Status.IN_FORCE
        _record(target, by, reason)
        target.save(update_fields=["status"])
        regulation.status = target.status
        return target
