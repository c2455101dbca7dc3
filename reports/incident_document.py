"""An urgent situation's report (báo cáo tình huống, ward 4.1.c, 4.2.b, 5.1.d,
5.2.c, 7.2.f) as a ``PartyDocument``: what happened, its course, the police
committee's measures, the directions with their action items, the outcome.

The caller passes an incident fetched through
``permissions.get_incident_for_user``; the document holds what that user reads
on the incident's page (``incidents.selectors.incident_detail``), in a fixed
number of queries whatever the length of its timeline.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.incidents.models import Incident, IncidentUpdate
from coordination.incidents.selectors import incident_detail
from coordination.organizations.models import Organization

from .document import PartyDocument, Section, Table
from .documents import (
    issuer_code,
    keep_last,
    local_date,
    local_time,
    lower_first,
    place_of,
    signature_for,
    superior_of,
)

UpdateKind = IncidentUpdate.Kind


def incident_report_document(user, incident: Incident) -> PartyDocument:
    detail = incident_detail(user, incident)
    reporter = Organization.objects.select_related("parent").get(
        pk=incident.reporter_id
    )
    updates = [row[2] for row in detail.timeline if row[0] == "update"]
    sections = [
        _situation_section(incident),
        _course_section(updates),
        _measures_section(incident, updates),
        _directions_section(updates, detail.action_items),
    ]
    if incident.state == Incident.State.CLOSED:
        sections.append(
            Section(
                heading=_("V. Kết quả xử lý"),
                paragraphs=[
                    _("Kết thúc ngày %(when)s.")
                    % {"when": local_time(incident.closed_at)},
                    incident.outcome.strip() or _("Không ghi kết quả."),
                ],
            )
        )
    recipients = [a.organization.name for a in detail.addressees]
    return PartyDocument(
        superior_body=superior_of(reporter),
        issuing_body=reporter.name,
        type_code="BC",
        issuer_code=issuer_code(reporter),
        place=place_of(reporter.root()),
        date=local_date(incident.reported_at or timezone.now()),
        doc_type=_("BÁO CÁO"),
        subject=_("tình huống %(kind)s: %(title)s")
        % {"kind": lower_first(incident.get_kind_display()), "title": incident.title},
        sections=sections,
        recipients=keep_last(recipients, reporter),
        signature=signature_for(reporter),
        confidentiality=incident.confidentiality,
        is_draft=incident.state == Incident.State.DRAFT,
        title=_("Báo cáo tình huống #%(pk)s") % {"pk": incident.pk},
    )


def _situation_section(incident: Incident) -> Section:
    facts = [
        (_("Loại tình huống"), incident.get_kind_display()),
        (_("Mức độ"), incident.get_severity_display()),
        (_("Lĩnh vực"), incident.area.name if incident.area_id else _("Không ghi")),
        (_("Địa điểm"), incident.place),
        (_("Bắt đầu lúc"), local_time(incident.started_at)),
        (_("Trạng thái"), incident.get_state_display()),
    ]
    return Section(
        heading=_("I. Tình hình"),
        paragraphs=[f"{label}: {value}." for label, value in facts]
        + [incident.description.strip()],
    )


def _rows(updates) -> list[list[str]]:
    return [
        [
            local_time(u.created_at),
            u.organization.name,
            u.author.get_full_name(),
            u.body,
        ]
        for u in updates
    ]


def _timeline_table(updates) -> Table:
    header = [_("Thời điểm"), _("Đơn vị"), _("Người viết"), _("Nội dung")]
    return Table(header, _rows(updates), widths=[17, 22, 18, 43])


def _course_section(updates) -> Section:
    course = [u for u in updates if u.kind == UpdateKind.UPDATE]
    section = Section(heading=_("II. Diễn biến"))
    if course:
        section.tables.append(_timeline_table(course))
    else:
        section.paragraphs.append(_("Chưa có cập nhật diễn biến."))
    return section


def _measures_section(incident: Incident, updates) -> Section:
    section = Section(heading=_("III. Biện pháp đã thực hiện"))
    if incident.measures_taken.strip():
        section.paragraphs.append(incident.measures_taken.strip())
    measures = [u for u in updates if u.kind == UpdateKind.MEASURE]
    if measures:
        section.tables.append(_timeline_table(measures))
    if not section.paragraphs and not section.tables:
        section.paragraphs.append(_("Chưa ghi biện pháp."))
    return section


def _directions_section(updates, action_items) -> Section:
    section = Section(heading=_("IV. Ý kiến chỉ đạo và việc cần làm"))
    for u in updates:
        if u.kind == UpdateKind.DIRECTION:
            section.paragraphs.append(
                _("Ý kiến chỉ đạo ngày %(when)s (%(by)s): %(text)s")
                % {
                    "when": local_time(u.created_at),
                    "by": u.author.get_full_name(),
                    "text": u.body,
                }
            )
    today = timezone.localdate()
    rows = []
    for item in action_items:
        if item.done_at:
            done = local_date(item.done_at)
            state = _("Xong ngày %(date)s") % {"date": f"{done:%d/%m/%Y}"}
            if done > item.due_date:
                state += " " + _("(trễ hạn)")
        elif item.is_overdue(today):
            state = _("Quá hạn")
        else:
            state = _("Đang thực hiện")
        rows.append(
            [item.owner.name, item.description, f"{item.due_date:%d/%m/%Y}", state]
        )
    if rows:
        header = [_("Đơn vị thực hiện"), _("Việc cần làm"), _("Hạn"), _("Tình trạng")]
        section.tables.append(Table(header, rows, widths=[24, 44, 12, 20]))
    if not section.paragraphs and not section.tables:
        section.paragraphs.append(_("Chưa có ý kiến chỉ đạo."))
    return section
