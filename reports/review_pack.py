"""Bộ tài liệu họp: the pack the police committee brings to a review meeting
(ward Điều 11.1 yearly, 11.2 end of term, 12.2 interim), compiled from the
year's data when it is rendered: the meeting itself (attendance, agenda,
minutes, decisions), the result report's data sections (exchange
timeliness, requests and their outcomes, urgent situations, assessments,
each side's duties with evidence or none), the action items of the meeting
and those of earlier meetings still open, and the proposals raised for the
meeting or the year (commendation and criticism, amendments).

Built from ``reports.result_report``'s functions, read-only: the period is
the year's (``period_of`` on an unsaved year draft) and every figure comes
through the reader's visibility helpers, so whoever opens the meeting opens
its pack and counts only what he may open. A fixed number of queries
whatever the number of items.

``prefill_draft`` turns the pack into the report: the year's ``ReportDraft``
(created by ``draft_views.result_report_create``) gets its empty
hand-written sections from the meeting's minutes, decisions and proposals.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.permissions import visible_review_meetings
from coordination.reviews.models import ReviewActionItem, ReviewMeeting
from coordination.reviews.proposals.models import CommendationProposal
from coordination.reviews.visibility import visible_amendments, visible_proposals
from regulations.models import Provision

from .document import PartyDocument, Section, Table
from .documents import (
    issuer_code,
    keep_last,
    local_time,
    place_of,
    roman,
    signature_for,
)
from .models import ReportDraft
from .result_report import data_sections, period_of, police_of

MeetingKind = ReviewMeeting.Kind


def pack_draft(meeting: ReviewMeeting) -> ReportDraft:
    """The year draft the pack's figures are computed for (not saved)."""
    return ReportDraft(ward=meeting.ward, year=meeting.year, round=None)


def _who(user) -> str:
    return user.get_full_name() or user.username


def _meeting_section(meeting: ReviewMeeting) -> Section:
    section = Section(heading=_("Cuộc họp"))
    section.paragraphs.append(
        _("%(meeting)s, lúc %(when)s tại %(place)s; chủ trì: %(chair)s.")
        % {
            "meeting": meeting,
            "when": local_time(meeting.starts_at),
            "place": meeting.place,
            "chair": _who(meeting.chair),
        }
    )
    rows = []
    for invitation in meeting.invitations.all():
        if invitation.attended is None:
            state = "—"
        else:
            state = _("Có mặt") if invitation.attended else _("Vắng")
        rows.append([invitation.organization.name, state])
    if rows:
        section.tables.append(
            Table([_("Đơn vị được mời"), _("Có mặt")], rows, widths=[75, 25])
        )
    for label, text in (
        (_("Chương trình"), meeting.agenda),
        (_("Biên bản"), meeting.minutes),
        (_("Kết luận"), meeting.decisions),
    ):
        section.subsections.append(
            Section(
                heading=label,
                paragraphs=[p for p in text.splitlines() if p.strip()]
                or [_("Chưa ghi.")],
                level=2,
            )
        )
    return section


def pack_items(user, meeting: ReviewMeeting):
    """The meeting's action items, and those of the ward's earlier meetings
    still open, of meetings the user may open (one query)."""
    return (
        ReviewActionItem.objects.filter(meeting__in=visible_review_meetings(user))
        .filter(
            Q(meeting=meeting)
            | Q(
                meeting__ward_id=meeting.ward_id,
                meeting__starts_at__lt=meeting.starts_at,
                done_at__isnull=True,
            )
        )
        .select_related("meeting", "owner")
        .order_by("due_date", "pk")
    )


def _items_section(items, meeting: ReviewMeeting, today) -> Section:
    section = Section(heading=_("Việc cần làm sau các cuộc họp"))
    rows = [
        [
            item.description,
            item.owner.name,
            item.due_date.strftime("%d/%m/%Y"),
            item.status_label(today),
            _("Cuộc họp này") if item.meeting_id == meeting.pk else str(item.meeting),
        ]
        for item in items
    ]
    if not rows:
        section.paragraphs.append(_("Không có việc cần làm nào còn mở."))
        return section
    open_count = sum(1 for item in items if item.done_at is None)
    section.paragraphs.append(
        _("%(open)s việc còn mở, trong đó %(overdue)s việc quá hạn.")
        % {
            "open": open_count,
            "overdue": sum(1 for item in items if item.is_overdue(today)),
        }
    )
    section.tables.append(
        Table(
            [
                _("Việc cần làm"),
                _("Đơn vị thực hiện"),
                _("Hạn"),
                _("Tình trạng"),
                _("Từ cuộc họp"),
            ],
            rows,
            widths=[34, 22, 12, 12, 20],
        )
    )
    return section


def pack_proposals(user, meeting: ReviewMeeting, period):
    """Commendation and criticism proposals raised under the meeting, or for
    the ward in the year without a meeting (one query)."""
    start, end = period.bounds()
    return (
        visible_proposals(user)
        .filter(
            Q(meeting=meeting)
            | Q(
                ward_id=meeting.ward_id,
                meeting__isnull=True,
                proposed_at__gte=start,
                proposed_at__lt=end,
            )
        )
        .select_related("organization", "person", "proposer_org")
        .order_by("kind", "proposed_at", "pk")
    )


def pack_amendments(user, meeting: ReviewMeeting, period):
    """Amendment proposals raised in the year (one query, their provisions
    in a second)."""
    start, end = period.bounds()
    return (
        visible_amendments(user)
        .filter(ward_id=meeting.ward_id, raised_at__gte=start, raised_at__lt=end)
        .select_related("organization", "compilation")
        .prefetch_related(
            Prefetch(
                "provisions",
                queryset=Provision.objects.select_related(
                    "parent", "parent__parent", "parent__parent__parent"
                ),
            )
        )
        .order_by("raised_at", "pk")
    )


def _proposal_section(proposals) -> Section:
    section = Section(heading=_("Đề xuất biểu dương, khen thưởng và phê bình"))
    rows = [
        [
            p.get_kind_display(),
            p.subject,
            p.reason,
            p.proposer_org.name,
            p.get_state_display()
            + (f" ({p.decision_number})" if p.decision_number else ""),
        ]
        for p in proposals
    ]
    if not rows:
        section.paragraphs.append(_("Chưa có đề xuất nào."))
        return section
    section.tables.append(
        Table(
            [
                _("Hình thức đề xuất"),
                _("Tập thể, cá nhân"),
                _("Lý do"),
                _("Đơn vị đề xuất"),
                _("Quyết định"),
            ],
            rows,
            widths=[16, 22, 30, 16, 16],
        )
    )
    return section


def _amendment_section(amendments) -> Section:
    section = Section(heading=_("Kiến nghị sửa đổi, bổ sung Quy chế"))
    rows = [
        [
            a.organization.name,
            a.get_kind_display(),
            "; ".join(p.citation() for p in a.provisions.all()),
            a.content,
            _("Đã tổng hợp") if a.compilation_id else _("Chưa tổng hợp"),
        ]
        for a in amendments
    ]
    if not rows:
        section.paragraphs.append(_("Không có kiến nghị nào trong năm."))
        return section
    section.tables.append(
        Table(
            [
                _("Đơn vị kiến nghị"),
                _("Loại"),
                _("Điều khoản"),
                _("Nội dung"),
                _("Tổng hợp"),
            ],
            rows,
            widths=[18, 14, 18, 34, 16],
        )
    )
    return section


def recipients_for(meeting: ReviewMeeting) -> list[str]:
    """Ward 11.1: the yearly (and interim) results go to the standing
    committee; 11.2: the end-of-term review to the ward party committee."""
    if meeting.kind == MeetingKind.END_OF_TERM:
        first = [_("Ban Chấp hành Đảng bộ (để báo cáo)")]
    else:
        first = [
            _("Thường trực Đảng ủy (để báo cáo)"),
            _("Ban Thường vụ Đảng ủy (để báo cáo)"),
        ]
    return [*first, _("Các chi bộ, đảng bộ được mời họp")]


def pack_sections(user, meeting: ReviewMeeting, today=None) -> list[Section]:
    today = today or timezone.localdate()
    draft = pack_draft(meeting)
    period = period_of(draft)
    sections = [
        _meeting_section(meeting),
        *data_sections(user, draft, period),
        _items_section(list(pack_items(user, meeting)), meeting, today),
        _proposal_section(pack_proposals(user, meeting, period)),
        _amendment_section(pack_amendments(user, meeting, period)),
    ]
    for i, section in enumerate(sections, start=1):
        section.heading = f"{roman(i)}. {section.heading}"
    return sections


def review_pack_document(user, meeting: ReviewMeeting) -> PartyDocument:
    """The pack as a party-format draft ("DỰ THẢO") from the police
    committee, for the reader's eyes only."""
    ward = meeting.ward
    police = police_of(ward) or ward
    subject = _("tài liệu phục vụ %(meeting)s") % {"meeting": meeting}
    intro = _(
        "Phục vụ %(meeting)s, %(org)s tổng hợp kết quả thực hiện Quy chế phối hợp "
        "năm %(year)s từ dữ liệu theo dõi như sau:"
    ) % {"meeting": meeting, "org": police.name, "year": meeting.year}
    return PartyDocument(
        superior_body=ward.name,
        issuing_body=police.name,
        type_code="BC",
        issuer_code=issuer_code(police),
        place=place_of(ward),
        date=None,
        doc_type=_("BÁO CÁO"),
        subject=subject,
        sections=[Section(paragraphs=[intro]), *pack_sections(user, meeting)],
        recipients=keep_last(recipients_for(meeting), police),
        signature=signature_for(police),
        is_draft=True,
        title=subject[:1].upper() + subject[1:],
    )


# --- From the pack to the report ------------------------------------------------------------


def _proposal_lines(user, meeting: ReviewMeeting, kind: str) -> str:
    return "\n".join(
        f"- {p.subject}: {p.reason}"
        for p in visible_proposals(user)
        .filter(meeting=meeting, kind=kind)
        .select_related("organization", "person")
        .order_by("proposed_at", "pk")
    )


@transaction.atomic
def prefill_draft(*, draft: ReportDraft, meeting: ReviewMeeting, by) -> list[str]:
    """Fill the draft's empty hand-written sections from the meeting (its
    minutes, decisions and the proposals raised under it); a section someone
    wrote is left alone, a signed draft is not touched. Returns the names of
    the fields filled."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.is_final:
        return []
    sources = {
        "assessment": meeting.minutes,
        "proposals": meeting.decisions,
        "commendations": _proposal_lines(
            by, meeting, CommendationProposal.Kind.COMMEND
        ),
        "criticisms": _proposal_lines(by, meeting, CommendationProposal.Kind.CRITICISE),
    }
    filled = [
        name
        for name, text in sources.items()
        if text.strip() and not getattr(draft, name).strip()
    ]
    for name in filled:
        setattr(draft, name, sources[name])
    if filled:
        draft.updated_by = by
        draft.save(update_fields=[*filled, "updated_by", "updated_at"])
    return filled
