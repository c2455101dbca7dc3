"""The incident workflow as data, who is told, who may act, and the machinery
every transition shares (lock, checks, state change, event row)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User

from ..organizations.models import Organization
from ..permissions import acting_org_ids, member_org_ids, support_org_ids
from ..validators import parse_int
from .models import Incident, IncidentEvent

State = Incident.State
Kind = Incident.Kind
VIEW_PERM = "coordination.view_incident"


class TransitionError(Exception):
    """The transition is not possible now (state, stale form, bad input)."""


class NotAllowed(TransitionError):
    """The user holds no position that allows this transition."""


REPORTER, REPORTER_STAFF, ADDRESSEE, POLICE, STANDING = (
    "reporter",
    "reporter_staff",
    "addressee",
    "police",
    "standing",
)
UNCHANGED = "="


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    sides: tuple[str, ...]
    service: str
    form: str = "CommentForm"


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "report",
            gettext_lazy("Báo cáo ngay"),
            (State.DRAFT,),
            State.REPORTED,
            (REPORTER,),
            service="services.report_incident",
            form="VersionedForm",
        ),
        Transition(
            "acknowledge",
            gettext_lazy("Xác nhận đã nhận"),
            Incident.OPEN,
            UNCHANGED,
            (ADDRESSEE,),
            service="services.acknowledge_incident",
            form="VersionedForm",
        ),
        Transition(
            "update",
            gettext_lazy("Cập nhật diễn biến"),
            Incident.OPEN,
            UNCHANGED,
            (REPORTER, REPORTER_STAFF),
            service="services.add_update",
            form="UpdateForm",
        ),
        Transition(
            "measure",
            gettext_lazy("Ghi biện pháp của Đảng ủy Công an"),
            Incident.OPEN,
            UNCHANGED,
            (POLICE,),
            service="services.record_measure",
            form="UpdateForm",
        ),
        Transition(
            "direct",
            gettext_lazy("Ghi ý kiến chỉ đạo"),
            Incident.OPEN,
            State.DIRECTED,
            (STANDING,),
            service="services.direct_incident",
            form="DirectionForm",
        ),
        Transition(
            "close",
            gettext_lazy("Kết thúc"),
            Incident.OPEN,
            State.CLOSED,
            (REPORTER, STANDING),
            service="services.close_incident",
            form="CloseForm",
        ),
    ]
}


def service_function(transition: Transition):
    module, name = transition.service.split(".")
    return getattr(import_module(f"{__package__}.{module}"), name)


def workflow_table() -> list[str]:
    """The workflow as Markdown table rows (the README's table; a test keeps
    them equal)."""
    who = {
        REPORTER: "reporting organisation's leaders",
        REPORTER_STAFF: "its support staff",
        ADDRESSEE: "each addressee's leaders",
        POLICE: "police committee's leaders",
        STANDING: "standing committee",
    }
    rows = ["| action | from | to | who |", "|---|---|---|---|"]
    for t in TRANSITIONS.values():
        with translation.override("vi"):
            label = str(t.label)
        target = "(unchanged)" if t.target == UNCHANGED else t.target
        rows.append(
            f"| {label} (`{t.action}`) | {', '.join(t.sources)} | {target} "
            f"| {', '.join(who[s] for s in t.sides)} |"
        )
    return rows


# --- Whom an incident goes to (ward 4.2.b, 5.2.c, 4.1.c, 5.1.d, 7.2.f) ------------------------


def kinds_for(reporter: Organization) -> tuple[str, ...]:
    if reporter.kind == Organization.Kind.POLICE_COMMITTEE:
        return (Kind.POLICE_REPORT,)
    if reporter.kind in Organization.CELL_SIDE_KINDS:
        return (Kind.CELL_REPORT, Kind.OFFICER_CONDUCT)
    return ()


def ward_parts(reporter: Organization) -> dict[str, list[Organization]]:
    root_id = reporter.parent_id if reporter.parent_id else reporter.pk
    siblings = list(Organization.objects.filter(parent_id=root_id, is_active=True))
    return {
        "standing": [
            o for o in siblings if o.kind == Organization.Kind.STANDING_COMMITTEE
        ],
        "police": [o for o in siblings if o.kind == Organization.Kind.POLICE_COMMITTEE],
        "cells": [o for o in siblings if o.kind in Organization.CELL_SIDE_KINDS],
    }


def addressee_error(
    reporter: Organization, kind: str, cells: list[Organization]
) -> str:
    """Why this report may not be made ("" if it may)."""
    if kind not in kinds_for(reporter):
        return _("%(org)s không báo cáo loại tình huống này.") % {"org": reporter.name}
    if kind == Kind.POLICE_REPORT:
        allowed = {o.pk for o in ward_parts(reporter)["cells"]}
        wrong = [o.name for o in cells if o.pk not in allowed]
        if wrong:
            return _("Chỉ trao đổi với các chi bộ, đảng bộ của phường: %(orgs)s.") % {
                "orgs": ", ".join(wrong)
            }
    return ""


def addressees_for(
    reporter: Organization, kind: str, cells: list[Organization]
) -> list[Organization]:
    """A cell's report: the standing committee and the police committee; the
    police's: the standing committee and the cells it names; the 7.2.f
    exchange: the police committee only."""
    parts = ward_parts(reporter)
    if kind == Kind.CELL_REPORT:
        return parts["standing"] + parts["police"]
    if kind == Kind.OFFICER_CONDUCT:
        return parts["police"]
    return parts["standing"] + list(cells)


# --- Who may act -------------------------------------------------------------------------


def addressee_ids(incident: Incident) -> set[int]:
    cached = getattr(incident, "_addressee_ids", None)
    if cached is None:
        cached = set(incident.addressees.values_list("organization_id", flat=True))
        incident._addressee_ids = cached
    return cached


def user_sides(user: User, incident: Incident) -> set[str]:
    acting = acting_org_ids(user)
    sides = set()
    if incident.reporter_id in acting:
        sides.add(REPORTER)
    if incident.reporter_id in support_org_ids(user):
        sides.add(REPORTER_STAFF)
    involved = acting & (addressee_ids(incident) | {incident.reporter_id})
    kinds = dict(Organization.objects.filter(pk__in=involved).values_list("pk", "kind"))
    if acting & addressee_ids(incident):
        sides.add(ADDRESSEE)
    if Organization.Kind.POLICE_COMMITTEE in kinds.values():
        sides.add(POLICE)
    if Organization.Kind.STANDING_COMMITTEE in kinds.values():
        sides.add(STANDING)
    return sides


def acting_addressees(user: User, incident: Incident) -> list[int]:
    return sorted(acting_org_ids(user) & addressee_ids(incident))


def available_actions(user: User, incident: Incident) -> list[Transition]:
    sides = user_sides(user, incident)
    return [
        t
        for t in TRANSITIONS.values()
        if incident.state in t.sources and sides & set(t.sides)
    ]


def is_member_of_addressee(user: User, incident: Incident) -> list[int]:
    return sorted(member_org_ids(user) & addressee_ids(incident))


def check_version(incident: Incident, expected) -> None:
    if expected is None or expected == "":
        return
    if parse_int(expected) != incident.version:
        raise TransitionError(
            _(
                "Báo cáo tình huống vừa được người khác cập nhật. Xin tải lại trang "
                "và thực hiện lại nếu vẫn cần."
            )
        )


def begin_transition(
    *, incident: Incident, by: User, action: str, expected_version
) -> tuple[Incident, Transition]:
    """Lock, then check role, version and state, in that order."""
    transition = TRANSITIONS[action]
    incident = (
        Incident.objects.select_for_update()
        .select_related("reporter")
        .get(pk=incident.pk)
    )
    if not set(transition.sides) & user_sides(by, incident):
        raise NotAllowed(
            _("Bạn không có quyền thực hiện thao tác “%(action)s” với tình huống này.")
            % {"action": transition.label}
        )
    if incident.confidentiality > by.clearance:
        raise NotAllowed(_("Bạn không được tiếp cận tài liệu ở độ mật này."))
    check_version(incident, expected_version)
    if incident.state not in transition.sources:
        raise TransitionError(
            _("Không thể “%(action)s”: tình huống đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": incident.get_state_display()}
        )
    return incident, transition


def move(
    *,
    incident: Incident,
    by: User | None,
    action: str,
    target: str,
    comment: str = "",
    organization_id: int | None = None,
) -> IncidentEvent:
    old = incident.state
    if target == UNCHANGED:
        target = old
    incident.state = target
    incident.version += 1
    incident._history_user = by
    incident.save()
    return IncidentEvent.objects.create(
        incident=incident,
        actor=by,
        action=action,
        from_state=old,
        to_state=target,
        comment=comment,
        organization_id=organization_id,
    )
