"""Urgent situations: drafting, reporting at once, acknowledging, updates,
the police committee's measures, the standing committee's direction with
action items, closing; and the second notice when nobody acknowledges.

Each function checks the actor's side and the incident's state, locks the row,
changes state, writes an ``IncidentEvent`` and notifies after commit: at once,
never batched into a digest and never moved by the working-day calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import Permission

from accounts.models import User

from .. import uploads
from ..organizations.models import Organization
from ..organizations.selectors import org_leaders
from ..permissions import acting_org_ids, drafting_org_ids, member_org_ids
from ..validators import is_blank, nfc, single_line_error
from .models import (
    ActionItem,
    Incident,
    IncidentAddressee,
    IncidentAttachment,
    IncidentEvent,
    IncidentGroupObjectPermission,
    IncidentUpdate,
)
from .notify import addressee_users, notify_incident, ward_orgs
from .workflow import (
    UNCHANGED,
    NotAllowed,
    State,
    TransitionError,
    acting_addressees,
    addressee_error,
    addressees_for,
    begin_transition,
    move,
    user_sides,
)


def _grant(incident: Incident, orgs: Iterable[Organization]) -> None:
    perm = Permission.objects.get(
        content_type__app_label="coordination", codename="view_incident"
    )
    IncidentGroupObjectPermission.objects.bulk_create(
        [
            IncidentGroupObjectPermission(
                group_id=o.group_id, permission=perm, content_object=incident
            )
            for o in {o.pk: o for o in orgs}.values()
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def create_incident(
    *,
    by: User,
    reporter: Organization,
    kind: str,
    title: str,
    description: str,
    place: str,
    started_at: datetime.datetime,
    severity: int = Incident.Severity.COMPLEX,
    area=None,
    measures_taken: str = "",
    confidentiality: int = 0,
    cells: Iterable[Organization] = (),
    files: Iterable[UploadedFile] = (),
    report: bool = False,
) -> Incident:
    """A draft (its leaders and support staff write it), reported at once
    with ``report=True`` (its leaders only)."""
    if reporter.pk not in drafting_org_ids(by):
        raise NotAllowed(_("Bạn không có chức vụ để báo cáo thay mặt đơn vị này."))
    if confidentiality > by.clearance:
        raise TransitionError(_("Bạn không được tiếp cận tài liệu ở độ mật đã chọn."))
    if error := single_line_error(title):
        raise TransitionError(_("Tóm tắt không hợp lệ: %(reason)s") % {"reason": error})
    cells = list(cells)
    if error := addressee_error(reporter, kind, cells):
        raise TransitionError(error)
    if kind == Incident.Kind.POLICE_REPORT and not cells:
        raise TransitionError(_("Xin chọn các chi bộ, đảng bộ liên quan."))
    incident = Incident(
        reporter=reporter,
        created_by=by,
        kind=kind,
        title=nfc(title),
        description=nfc(description),
        place=nfc(place),
        started_at=started_at,
        severity=severity,
        area=area,
        measures_taken=nfc(measures_taken),
        confidentiality=confidentiality,
    )
    incident._history_user = by
    incident.save()
    IncidentAddressee.objects.bulk_create(
        IncidentAddressee(incident=incident, organization=org)
        for org in addressees_for(reporter, kind, cells)
    )
    _grant(incident, [reporter])
    for f in files:
        if f:
            save_attachment(incident=incident, file=f, by=by)
    IncidentEvent.objects.create(
        incident=incident,
        actor=by,
        action="create",
        to_state=State.DRAFT,
        organization=reporter,
    )
    if report:
        incident = report_incident(incident=incident, by=by)
    return incident


def save_attachment(*, incident: Incident, file: UploadedFile, by: User):
    content_type = uploads.validate_attachment(file)
    return IncidentAttachment.objects.create(
        incident=incident,
        file=file,
        original_name=uploads.safe_display_name(file.name),
        size=file.size,
        content_type=content_type,
        uploaded_by=by,
    )


@transaction.atomic
def report_incident(*, incident: Incident, by: User, expected_version=None) -> Incident:
    """Report now: the addressees' groups may open it, and every addressee's
    leaders and the standing committee's members are told at once (in-app and
    e-mail, queued for right after commit)."""
    incident, _t = begin_transition(
        incident=incident, by=by, action="report", expected_version=expected_version
    )
    addressees = list(incident.addressees.select_related("organization"))
    _grant(incident, [a.organization for a in addressees])
    incident.reported_at = timezone.now()
    event = move(
        incident=incident,
        by=by,
        action="report",
        target=State.REPORTED,
        organization_id=incident.reporter_id,
    )
    notify_incident(
        incident,
        event,
        addressee_users(incident),
        by,
        lambda: (
            _("%(org)s báo cáo tình huống đột xuất, phức tạp")
            % {"org": incident.reporter.name}
        ),
        lambda: (
            _("Mức độ: %(severity)s. Địa điểm: %(place)s.")
            % {"severity": incident.get_severity_display(), "place": incident.place}
        ),
    )
    return incident


def mark_opened(*, incident: Incident, by: User) -> bool:
    """The first opening by a member of an addressee organisation is recorded
    (the report page shows when each addressee first saw it)."""
    orgs = set(member_org_ids(by))
    pending = incident.addressees.filter(
        organization_id__in=orgs, first_opened_at__isnull=True
    )
    if incident.state == State.DRAFT or not pending.exists():
        return False
    return bool(pending.update(first_opened_at=timezone.now(), first_opened_by=by))


@transaction.atomic
def acknowledge_incident(
    *, incident: Incident, by: User, expected_version=None, comment: str = ""
) -> Incident:
    incident, _t = begin_transition(
        incident=incident, by=by, action="acknowledge", expected_version=None
    )
    rows = incident.addressees.filter(
        organization_id__in=acting_addressees(by, incident),
        acknowledged_at__isnull=True,
    )
    row = rows.select_related("organization").first()
    if row is None:
        raise TransitionError(_("Đơn vị của đồng chí đã xác nhận tình huống này."))
    now = timezone.now()
    row.acknowledged_at, row.acknowledged_by = now, by
    if row.first_opened_at is None:
        row.first_opened_at, row.first_opened_by = now, by
    row.save()
    move(
        incident=incident,
        by=by,
        action="acknowledge",
        target=UNCHANGED,
        comment=nfc(comment),
        organization_id=row.organization_id,
    )
    return incident


def _acting_org(by: User, incident: Incident, kind: str | None = None) -> Organization:
    """The organisation the user acts for on this incident (of ``kind``)."""
    candidates = acting_org_ids(by) & (
        set(incident.addressees.values_list("organization_id", flat=True))
        | {incident.reporter_id}
    )
    qs = Organization.objects.filter(pk__in=candidates)
    if kind:
        qs = qs.filter(kind=kind)
    org = qs.order_by("pk").first()
    if org is None:
        org = incident.reporter
    return org


@transaction.atomic
def add_update(
    *, incident: Incident, by: User, body: str, expected_version=None
) -> IncidentUpdate:
    """The reporter adds a timed update (its support staff may write it)."""
    return _timeline(incident, by, "update", IncidentUpdate.Kind.UPDATE, body)


@transaction.atomic
def record_measure(
    *, incident: Incident, by: User, body: str, expected_version=None
) -> IncidentUpdate:
    """The police committee records the measures it takes."""
    return _timeline(incident, by, "measure", IncidentUpdate.Kind.MEASURE, body)


def _timeline(incident, by, action, kind, body) -> IncidentUpdate:
    if is_blank(body):
        raise TransitionError(_("Xin ghi nội dung."))
    incident, _t = begin_transition(
        incident=incident, by=by, action=action, expected_version=None
    )
    org = (
        incident.reporter
        if action == "update"
        else _acting_org(by, incident, Organization.Kind.POLICE_COMMITTEE)
    )
    update = IncidentUpdate.objects.create(
        incident=incident, kind=kind, organization=org, author=by, body=nfc(body)
    )
    event = move(
        incident=incident,
        by=by,
        action=action,
        target=UNCHANGED,
        organization_id=org.pk,
    )
    notify_incident(
        incident,
        event,
        addressee_users(incident) + org_leaders([incident.reporter_id]),
        by,
        lambda: (
            _("%(org)s: %(what)s")
            % {"org": org.name, "what": update.get_kind_display().lower()}
        ),
        lambda: update.body,
    )
    return update


@transaction.atomic
def direct_incident(
    *,
    incident: Incident,
    by: User,
    text: str,
    items: Iterable[tuple[Organization, str, datetime.date]] = (),
    expected_version=None,
) -> IncidentUpdate:
    """The standing committee's direction, with who must do what by when."""
    if is_blank(text):
        raise TransitionError(_("Xin ghi ý kiến chỉ đạo."))
    incident, _t = begin_transition(
        incident=incident, by=by, action="direct", expected_version=expected_version
    )
    standing = _acting_org(by, incident, Organization.Kind.STANDING_COMMITTEE)
    direction = IncidentUpdate.objects.create(
        incident=incident,
        kind=IncidentUpdate.Kind.DIRECTION,
        organization=standing,
        author=by,
        body=nfc(text),
    )
    items = list(items)
    allowed = {o.pk for o in ward_orgs(incident)}
    for owner, description, _due in items:
        if owner.pk not in allowed:
            raise TransitionError(
                _("%(org)s không thuộc đảng bộ này.") % {"org": owner.name}
            )
        if error := single_line_error(description):
            raise TransitionError(
                _("Việc cần làm không hợp lệ: %(reason)s") % {"reason": error}
            )
    ActionItem.objects.bulk_create(
        ActionItem(
            incident=incident,
            direction=direction,
            owner=owner,
            description=nfc(description),
            due_date=due,
        )
        for owner, description, due in items
    )
    _grant(incident, [owner for owner, _d, _due in items])
    event = move(
        incident=incident,
        by=by,
        action="direct",
        target=State.DIRECTED,
        organization_id=standing.pk,
    )
    owners = [owner.pk for owner, _d, _due in items]
    notify_incident(
        incident,
        event,
        addressee_users(incident) + org_leaders([incident.reporter_id, *owners]),
        by,
        lambda: _("Thường trực đã có ý kiến chỉ đạo"),
        lambda: direction.body,
    )
    return direction


@transaction.atomic
def complete_action_item(*, item: ActionItem, by: User, note: str = "") -> ActionItem:
    """The owner organisation's leaders report the item done (kept, never erased)."""
    item = (
        ActionItem.objects.select_for_update()
        .select_related("incident")
        .get(pk=item.pk)
    )
    if item.owner_id not in acting_org_ids(by):
        raise NotAllowed(_("Chỉ đơn vị được giao mới báo hoàn thành việc này."))
    if item.done_at is not None:
        raise TransitionError(_("Việc này đã được báo hoàn thành."))
    item.done_at, item.done_by, item.done_note = timezone.now(), by, nfc(note)
    item._history_user = by
    item.save()
    IncidentEvent.objects.create(
        incident=item.incident,
        actor=by,
        action="item-done",
        from_state=item.incident.state,
        to_state=item.incident.state,
        comment=item.description,
        organization_id=item.owner_id,
    )
    return item


@transaction.atomic
def close_incident(
    *, incident: Incident, by: User, outcome: str, expected_version=None
) -> Incident:
    if is_blank(outcome):
        raise TransitionError(_("Xin ghi kết quả xử lý trước khi kết thúc."))
    incident, _t = begin_transition(
        incident=incident, by=by, action="close", expected_version=expected_version
    )
    incident.outcome = nfc(outcome)
    incident.closed_at = timezone.now()
    sides = user_sides(by, incident)
    org = (
        incident.reporter_id
        if "reporter" in sides
        else _acting_org(by, incident, Organization.Kind.STANDING_COMMITTEE).pk
    )
    event = move(
        incident=incident,
        by=by,
        action="close",
        target=State.CLOSED,
        comment=incident.outcome,
        organization_id=org,
    )
    notify_incident(
        incident,
        event,
        addressee_users(incident) + org_leaders([incident.reporter_id]),
        by,
        lambda: _("tình huống đã kết thúc"),
        lambda: incident.outcome,
    )
    return incident
