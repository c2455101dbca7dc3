"""The documents built from the data, as ``PartyDocument``: a single exchange
report, and a coordination request's dossier (the request, its events,
answers, working meetings and direction).

Callers pass an object already fetched through ``coordination.permissions``
(``get_exchange_report_for_user`` / ``get_request_for_user``) and the user it
was fetched for: what a document holds is exactly what that user reads on the
object's page (a draft exchange report's content only for its organisation;
only the recipients' threads the user may read, ``request_detail_for_user``).
A fixed number of queries whatever the number of events, answers or duties.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.exchanges import forms as exchange_forms
from coordination.exchanges import selectors as exchange_selectors
from coordination.exchanges.models import ExchangeReport
from coordination.organizations.models import Membership, Organization
from coordination.permissions import member_org_ids
from coordination.requests.models import CoordinationRequest, WorkingMeeting
from coordination.requests.selectors import request_detail_for_user

from .document import PartyDocument, Section, Signature, Table

Kind = Organization.Kind

# The issuer's part of a number's symbol (PARTY_FORMAT.md: ĐU đảng ủy, TU tỉnh
# ủy, HU huyện ủy, CB chi bộ); the police committee's is configurable.
ISSUER_CODES = {
    Kind.WARD_COMMITTEE: "ĐU",
    Kind.STANDING_COMMITTEE: "ĐU",
    Kind.OFFICE: "VPĐU",
    Kind.PROVINCE_COMMITTEE: "TU",
    Kind.CELL: "CB",
    Kind.SUB_COMMITTEE: "ĐU",
    Kind.DISTRICT_COMMITTEE: "HU",
    Kind.CITY_COMMITTEE: "TU",
}
# A ward's (province's) name after these words is the place of ô 4.
PLACE_PREFIXES = (
    "đảng bộ phường ",
    "đảng bộ xã ",
    "đảng bộ thị trấn ",
    "đảng bộ thành phố ",
    "đảng bộ tỉnh ",
    "đảng bộ ",
)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def roman(n: int) -> str:
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


def issuer_code(org: Organization) -> str:
    if org.kind == Kind.POLICE_COMMITTEE:
        return getattr(settings, "REPORTS_POLICE_SYMBOL", "ĐUCA")
    return ISSUER_CODES.get(org.kind, "ĐU")


def authority(org: Organization) -> str:
    """ô 7's first line: who the secretary signs for."""
    if org.kind == Kind.CELL:
        return _("T/M CHI BỘ")
    if org.kind in (Kind.POLICE_COMMITTEE, Kind.SUB_COMMITTEE):
        return _("T/M ĐẢNG ỦY")
    return _("T/M BAN THƯỜNG VỤ")


def signature_for(org: Organization) -> Signature:
    """The organisation's secretary in office (one query); the name stays
    blank when there is none."""
    secretary = (
        Membership.objects.current()
        .filter(organization=org, position=Membership.Position.SECRETARY)
        .select_related("user")
        .order_by("start_date", "pk")
        .first()
    )
    name = secretary.user.get_full_name() if secretary else ""
    return Signature(authority=authority(org), title=_("BÍ THƯ"), name=name)


def place_of(root: Organization) -> str:
    """ô 4's place: ``settings.REPORTS_PLACE``, else the ward's (province's)
    name without "Đảng bộ phường" ("Đảng bộ phường Hải Dương" → "Hải Dương")."""
    configured = getattr(settings, "REPORTS_PLACE", "")
    if configured:
        return configured
    name = root.name.strip()
    for prefix in PLACE_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :].strip() or name
    return name


def superior_of(org: Organization) -> str:
    return org.parent.name if org.parent_id else ""


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def local_date(value):
    return timezone.localtime(value).date() if value else None


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def keep_last(items: list[str], issuer: Organization) -> list[str]:
    """ô 9 ends with the file copy ("Lưu …")."""
    return [*items, _("Lưu %(org)s") % {"org": issuer.display_short}]


# --- A single exchange report ------------------------------------------------------------


def exchange_report_document(user, report: ExchangeReport) -> PartyDocument:
    """The exchange report as its organisation sends it: one part per section
    of its form (the new policies, one per area with the author side's duties,
    the results, difficulties and proposals). The caller checks
    ``exchanges.workflow.can_read_content`` first."""
    round_ = report.round
    org = Organization.objects.select_related("parent").get(pk=report.organization_id)
    entries = exchange_selectors.report_entries(report)
    sections_data = exchange_selectors.report_sections(report, entries)
    rows = exchange_forms.content_rows(report, sections_data, entries)
    period = lower_first(round_.label)
    intro = _(
        "Thực hiện Quy chế phối hợp, %(org)s báo cáo kết quả phối hợp, trao đổi "
        "thông tin %(period)s (từ ngày %(start)s đến ngày %(end)s) như sau:"
    ) % {
        "org": org.name,
        "period": period,
        "start": round_.period_start.strftime("%d/%m/%Y"),
        "end": round_.period_end.strftime("%d/%m/%Y"),
    }
    sections = [Section(paragraphs=[intro])]
    for i, row in enumerate(rows, start=1):
        section = Section(heading=f"{roman(i)}. {row['section'].label}")
        for duty, text in row["duties"]:
            section.paragraphs.append(
                _("%(citation)s (%(mode)s): %(text)s")
                % {
                    "citation": upper_first(duty.provision.citation()),
                    "mode": lower_first(str(duty.get_mode_display())),
                    "text": text.strip() or _("Chưa ghi kết quả."),
                }
            )
        for label, value in row["texts"]:
            section.subsections.append(
                Section(
                    heading=str(label),
                    paragraphs=[value.strip() or _("Không có.")],
                    level=2,
                )
            )
        sections.append(section)
    if report.direction == ExchangeReport.Direction.TO_POLICE:
        counterparts = list(
            Organization.objects.filter(
                parent_id=round_.ward_id, kind=Kind.POLICE_COMMITTEE, is_active=True
            ).values_list("name", flat=True)
        )
    else:
        counterparts = [_("Các chi bộ, đảng bộ trong kỳ báo cáo")]
    recipients = [
        *counterparts,
        _("Thường trực Đảng ủy (để báo cáo)"),
    ]
    return PartyDocument(
        superior_body=superior_of(org),
        issuing_body=org.name,
        type_code="BC",
        issuer_code=issuer_code(org),
        place=place_of(round_.ward),
        date=local_date(report.submitted_at),
        doc_type=_("BÁO CÁO"),
        subject=_("kết quả phối hợp, trao đổi thông tin %(period)s")
        % {"period": period},
        sections=sections,
        recipients=keep_last(recipients, org),
        signature=signature_for(org),
        confidentiality=report.confidentiality,
        is_draft=report.state not in ExchangeReport.SENT,
        title=report.title,
    )


# --- A coordination request's dossier --------------------------------------------------------


def dossier_issuer(user, obj: CoordinationRequest, recipients) -> Organization:
    """The organisation the dossier is issued by: the user's own side (a
    recipient he belongs to and the sender is not), otherwise the sender."""
    own = member_org_ids(user)
    if obj.sender_id not in own:
        for recipient in recipients:
            if recipient.organization_id in own:
                return recipient.organization
    return obj.sender


def request_dossier_document(user, obj: CoordinationRequest) -> PartyDocument:
    detail = request_detail_for_user(user, obj)
    recipients = detail.recipients
    issuer = dossier_issuer(user, obj, recipients)
    issuer = Organization.objects.select_related("parent").get(pk=issuer.pk)
    root = obj.sender.root()
    sections = [
        _request_section(obj, detail, recipients),
        _events_section(detail.events),
        _threads_section(obj, recipients, detail.others),
    ]
    others = [r.organization.name for r in recipients if r.organization_id != issuer.pk]
    if obj.sender_id != issuer.pk:
        others.insert(0, obj.sender.name)
    return PartyDocument(
        superior_body=superior_of(issuer),
        issuing_body=issuer.name,
        type_code="BC",
        issuer_code=issuer_code(issuer),
        place=place_of(root),
        date=timezone.localdate(),
        doc_type=_("BÁO CÁO"),
        subject=_("hồ sơ đề nghị phối hợp %(ref)s: %(subject)s")
        % {"ref": obj.reference, "subject": obj.subject},
        sections=sections,
        recipients=keep_last(others, issuer),
        signature=signature_for(issuer),
        confidentiality=obj.confidentiality,
        is_draft=obj.status == CoordinationRequest.Status.DRAFT,
        title=_("Hồ sơ đề nghị phối hợp %(ref)s") % {"ref": obj.reference},
    )


def _request_section(obj: CoordinationRequest, detail, recipients) -> Section:
    facts = [
        [_("Đơn vị đề nghị"), obj.sender.name],
        [_("Đơn vị nhận"), "; ".join(r.organization.name for r in recipients)],
        [_("Hình thức"), str(obj.get_kind_display())],
        [_("Mức độ"), str(obj.get_priority_display())],
        [_("Lĩnh vực"), obj.area.name if obj.area_id else "—"],
        [_("Độ mật"), str(obj.get_confidentiality_display())],
        [_("Ngày gửi"), local_time(obj.sent_at) or "—"],
        [
            _("Hạn trả lời"),
            obj.due_date.strftime("%d/%m/%Y") if obj.due_date else "—",
        ],
        [_("Trạng thái"), str(obj.get_status_display())],
    ]
    section = Section(
        heading=_("I. Nội dung đề nghị"),
        tables=[Table([_("Mục"), _("Thông tin")], facts, widths=[30, 70])],
        paragraphs=[obj.content],
    )
    if detail.provisions:
        section.paragraphs.append(
            _("Căn cứ: %(provisions)s.")
            % {"provisions": "; ".join(p.label_text for p in detail.provisions)}
        )
    return section


def _events_section(events) -> Section:
    rows = [
        [
            local_time(e.created_at),
            e.actor.get_full_name(),
            e.recipient.organization.name if e.recipient_id else "",
            render_to_string(
                "coordination/requests/_request_event_label.html", {"event": e}
            ).strip(),
            "\n".join(part for part in (e.state_change, e.comment) if part),
        ]
        for e in events
    ]
    if not rows:
        return Section(
            heading=_("II. Diễn biến"), paragraphs=[_("Chưa có diễn biến nào.")]
        )
    header = [
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Đơn vị nhận"),
        _("Thao tác"),
        _("Ghi chú"),
    ]
    return Section(
        heading=_("II. Diễn biến"),
        tables=[Table(header, rows, widths=[17, 18, 20, 18, 27])],
    )


def _threads_section(obj, recipients, others: int) -> Section:
    section = Section(heading=_("III. Trả lời, họp làm việc và ý kiến chỉ đạo"))
    # An answer comes from one of the thread's two sides (no query per answer).
    names = {obj.sender_id: obj.sender.name}
    names.update({r.organization_id: r.organization.name for r in recipients})
    for recipient in recipients:
        sub = Section(
            heading=_("%(org)s — %(state)s")
            % {
                "org": recipient.organization.name,
                "state": recipient.get_state_display(),
            },
            level=2,
        )
        for answer in recipient.answers.all():
            sub.paragraphs.append(
                _("Trả lời ngày %(when)s của %(org)s (%(author)s): %(body)s")
                % {
                    "when": local_time(answer.created_at),
                    "org": names.get(answer.organization_id)
                    or answer.organization.name,
                    "author": answer.author.get_full_name(),
                    "body": answer.body,
                }
            )
        for meeting in recipient.meetings.all():
            sub.paragraphs.append(_meeting_text(meeting))
        for label, text in (
            (_("Ý kiến bên đề nghị"), recipient.sender_position),
            (_("Ý kiến bên nhận"), recipient.recipient_position),
        ):
            if text:
                sub.paragraphs.append(f"{label}: {text}")
        direction = getattr(recipient, "direction", None)
        if direction is not None:
            sub.paragraphs.append(
                _("Ý kiến chỉ đạo ngày %(when)s (%(by)s): %(text)s")
                % {
                    "when": local_time(direction.created_at),
                    "by": direction.given_by.get_full_name(),
                    "text": direction.text,
                }
            )
        if not sub.paragraphs:
            sub.paragraphs.append(_("Chưa có trả lời."))
        section.subsections.append(sub)
    if others:
        section.paragraphs.append(
            _(
                "Đề nghị này còn gửi %(count)s đơn vị khác; mỗi đơn vị chỉ xem phần "
                "trao đổi của mình."
            )
            % {"count": others}
        )
    return section


def _meeting_text(meeting: WorkingMeeting) -> str:
    text = _(
        "Họp làm việc lúc %(when)s tại %(place)s. Thành phần bên đề nghị: "
        "%(sender)s. Thành phần bên nhận: %(recipient)s. Kết quả: %(outcome)s."
    ) % {
        "when": local_time(meeting.starts_at),
        "place": meeting.place,
        "sender": meeting.sender_participants,
        "recipient": meeting.recipient_participants,
        "outcome": meeting.get_outcome_display(),
    }
    if meeting.minutes:
        text += "\n" + _("Biên bản: %(minutes)s") % {"minutes": meeting.minutes}
    return text


# --- The police committee's reports (result_report, term_report) ---------------------


def hand_section(heading: str, parts: list[tuple[str, str]]) -> Section:
    section = Section(heading=heading)
    for label, text in parts:
        body = text.strip() or _("Chưa viết.")
        if label:
            section.subsections.append(
                Section(heading=label, paragraphs=[body], level=2)
            )
        else:
            section.paragraphs.append(body)
    return section


def report_document(
    draft, police, intro: str, sections, recipients, subject: str
) -> PartyDocument:
    """The police committee's report of ``draft``: the intro, the given data
    sections, then the hand-written ones, numbered I, II, …; shared by the
    six-monthly, yearly and end-of-term reports."""
    sections = [
        *sections,
        hand_section(_("Đánh giá chung"), [("", draft.assessment)]),
        hand_section(_("Đề xuất, kiến nghị"), [("", draft.proposals)]),
        hand_section(
            _("Khen thưởng và phê bình"),
            [
                (_("Đề nghị khen thưởng"), draft.commendations),
                (_("Phê bình"), draft.criticisms),
            ],
        ),
    ]
    for i, section in enumerate(sections, start=1):
        section.heading = f"{roman(i)}. {section.heading}"
    ward = draft.ward
    return PartyDocument(
        superior_body=ward.name,
        issuing_body=police.name,
        type_code="BC",
        issuer_code=issuer_code(police),
        place=place_of(ward),
        date=local_date(draft.signed_at),
        doc_type=_("BÁO CÁO"),
        subject=subject,
        sections=[Section(paragraphs=[intro]), *sections],
        recipients=keep_last(recipients, police),
        signature=signature_for(police),
        is_draft=not draft.is_final,
        title=upper_first(subject),
    )
