"""Read-only queries about coordination requests used by more than one page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.pending import PendingItem
from accounts.roles import Role, has_role
from regulations.models import Provision
from regulations.selectors import regulation_in_force_for

from ..organizations.models import Membership, Organization
from ..organizations.services import root_ids
from ..permissions import (
    acting_org_ids,
    member_org_ids,
    oversight_root_ids,
    visible_recipient_ids,
    visible_requests,
)
from .models import CoordinationRequest, RequestRecipient, WorkingMeeting
from .workflow import available_actions

State = RequestRecipient.State


def pending_request_items(user, limit: int = 10) -> list[dict]:
    """Home-page provider (settings.PENDING_WORK_PROVIDERS): requests to answer
    for the user's organisations, answers and returns to deal with as sender,
    escalations to direct. Two queries, whatever the numbers."""
    orgs = acting_org_ids(user)
    cond = Q(organization_id__in=orgs, state__in=RequestRecipient.AWAITING_ANSWER) | Q(
        request__sender_id__in=orgs,
        state__in=[State.ANSWERED, State.RETURNED, State.NOT_AGREED, State.AGREED],
    )
    if has_role(user, Role.STANDING_COMMITTEE):
        cond |= Q(state=State.ESCALATED)
    rows = (
        RequestRecipient.objects.filter(cond, request__in=visible_requests(user))
        .select_related("request", "organization")
        .order_by("due_date", "pk")[:limit]
    )
    today = timezone.localdate()
    items = []
    for row in rows:
        req = row.request
        title = req.safe_title if req.is_classified else req.subject
        waiting = row.state in RequestRecipient.AWAITING_ANSWER
        items.append(
            PendingItem(
                title=_("%(ref)s %(title)s — %(org)s: %(state)s")
                % {
                    "ref": req.reference,
                    "title": title,
                    "org": row.organization.display_short,
                    "state": row.get_state_display(),
                },
                url=req.get_absolute_url(),
                kind=_("Đề nghị phối hợp"),
                due=row.due_date if waiting else None,
                overdue=waiting and row.is_overdue(today),
            )
        )
    return items


def pending_meeting_items(user, limit: int = 10) -> list[PendingItem]:
    """Home-page provider (settings.PENDING_WORK_PROVIDERS): the working
    meetings of the user's organisations, as sender or recipient — upcoming
    ones with their date, time and place, those already held whose outcome is
    still to be recorded. One query, whatever the numbers."""
    orgs = acting_org_ids(user)
    if not orgs:
        return []
    meetings = (
        WorkingMeeting.objects.filter(
            Q(recipient__organization_id__in=orgs)
            | Q(recipient__request__sender_id__in=orgs),
            outcome=WorkingMeeting.Outcome.PENDING,
            recipient__state=RequestRecipient.State.MEETING_SCHEDULED,
            recipient__request__in=visible_requests(user),
        )
        .select_related("recipient__request", "recipient__organization")
        .order_by("starts_at", "pk")[:limit]
    )
    now = timezone.now()
    items = []
    for meeting in meetings:
        req = meeting.recipient.request
        title = req.safe_title if req.is_classified else req.subject
        when = timezone.localtime(meeting.starts_at)
        params = {
            "when": when.strftime("%d/%m/%Y %H:%M"),
            "place": meeting.place,
            "ref": req.reference,
            "title": title,
        }
        if meeting.starts_at > now:
            text = _("Họp làm việc %(when)s tại %(place)s — %(ref)s %(title)s") % params
        else:
            text = (
                _("Ghi kết quả họp làm việc ngày %(when)s — %(ref)s %(title)s") % params
            )
        items.append(
            PendingItem(
                title=text,
                url=f"{req.get_absolute_url()}#recipient-{meeting.recipient_id}",
                kind=_("Họp làm việc"),
                due=when.date(),
                show_due=False,  # the title says when; it is no deadline
            )
        )
    return items


def citable_provisions(senders) -> QuerySet[Provision]:
    """Provisions a request of these organisations may cite: every article,
    clause and point (a lettered point of the ward's regulation, a dash bullet
    of the province's) of the regulation version in force for each sender's
    ward (ward Điều 10.2 / province Điều 6.2)."""
    regulation_ids = {
        regulation.pk
        for regulation in (regulation_in_force_for(org) for org in senders)
        if regulation is not None
    }
    return (
        Provision.objects.filter(
            regulation_id__in=regulation_ids,
            kind__in=[
                Provision.Kind.ARTICLE,
                Provision.Kind.CLAUSE,
                Provision.Kind.POINT,
            ],
        )
        .select_related("regulation", "parent__parent")
        .order_by("regulation__code", "order")
    )


def uncleared_recipients(request: CoordinationRequest, recipients=None) -> list:
    """Recipients of a classified request none of whose leaders (bí thư, phó
    bí thư, đầu mối — those who act for it) is cleared for its level: nobody
    there could ever open it. Empty for an ordinary request. One query."""
    if not request.is_classified:
        return []
    recipients = (
        list(request.recipients.select_related("organization"))
        if recipients is None
        else list(recipients)
    )
    cleared = set(
        Membership.objects.current()
        .filter(
            organization_id__in=[r.organization_id for r in recipients],
            user__is_active=True,
            user__clearance__gte=request.confidentiality,
        )
        .filter(
            Q(position__in=Membership.LEADERSHIP)
            | Q(is_focal_point=True)
            | Q(
                position=Membership.Position.COMMITTEE_MEMBER,
                organization__kind=Organization.Kind.POLICE_COMMITTEE,
            )
        )
        .values_list("organization_id", flat=True)
    )
    return [r for r in recipients if r.organization_id not in cleared]


def provision_label(p: Provision) -> str:
    """ "Điều 10, khoản 2 — <code>", "Điều 5, khoản 1, điểm a) — <code>", and
    for a dash bullet "Điều 4, khoản 1, ý “<its first words>…” — <code>"
    (clauses carry only "2.", points "a)" or "-"). Needs ``parent__parent``."""
    if p.kind == Provision.Kind.CLAUSE and p.parent is not None:
        text = _("%(article)s, khoản %(clause)s") % {
            "article": p.parent.label,
            "clause": p.label.rstrip("."),
        }
    elif p.kind == Provision.Kind.POINT and p.parent is not None:
        clause = p.parent
        where = (
            _("%(article)s, khoản %(clause)s")
            % {"article": clause.parent.label, "clause": clause.label.rstrip(".")}
            if clause.kind == Provision.Kind.CLAUSE and clause.parent is not None
            else clause.label
        )
        if p.label.strip() in ("", "-", "–", "+"):
            words = p.text.split()
            snippet = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
            text = _("%(where)s, ý “%(snippet)s”") % {
                "where": where,
                "snippet": snippet,
            }
        else:
            text = _("%(where)s, điểm %(point)s") % {"where": where, "point": p.label}
    else:
        text = " ".join(part for part in (p.label, p.title) if part)
    return f"{text} — {p.regulation.code}"


def sides_without_own_position(recipient: RequestRecipient) -> list[str]:
    """Names of the sides that have not written their own position on an
    escalated matter (nothing, or only the other side's summary)."""
    request = recipient.request
    missing = []
    if not recipient.sender_position or recipient.sender_position_is_summary:
        missing.append(request.sender.name)
    if not recipient.recipient_position or recipient.recipient_position_is_summary:
        missing.append(recipient.organization.name)
    return missing


def joint_report_required(request: CoordinationRequest) -> bool:
    """The province's rule (Điều 6.2, "đồng báo cáo"): the regulation in force
    for the sender says both sides report together."""
    regulation = regulation_in_force_for(request.sender)
    return bool(regulation and regulation.joint_escalation_report)


@dataclass
class RequestDetail:
    """What one user reads of one request (``request_detail_for_user``)."""

    recipients: list = field(default_factory=list)  # the threads he may read
    events: list = field(default_factory=list)
    provisions: list = field(default_factory=list)
    sees_all: bool = False  # every recipient's thread (sender, oversight)
    others: int = 0  # recipients whose threads are not shown to him
    uncleared: list = field(default_factory=list)


def request_detail_for_user(user, request: CoordinationRequest) -> RequestDetail:
    """The request page's data: each recipient sees the request, its own
    thread, meeting and direction; the sender and the ward's standing
    committee and office see all (``permissions.visible_recipient_ids``). A
    fixed number of queries whatever the number of recipients."""
    every = list(
        request.recipients.select_related(
            "organization",
            "read_by",
            "answer_draft_by",
            "direction",
            "direction__given_by",
        ).prefetch_related("answers__author", "answers__attachments", "meetings")
    )
    shown = visible_recipient_ids(user, request, every)
    detail = RequestDetail(sees_all=len(shown) == len(every))
    detail.recipients = [r for r in every if r.pk in shown]
    detail.others = len(every) - len(detail.recipients)
    own = member_org_ids(user)
    for recipient in detail.recipients:
        recipient.request = request
        recipient.show_draft = recipient.organization_id in own  # internal draft
        recipient.actions = available_actions(user, recipient)
        recipient.overdue = recipient.is_overdue()
        recipient.missing_positions = (
            sides_without_own_position(recipient)
            if recipient.state == RequestRecipient.State.ESCALATED
            else []
        )
    detail.events = [
        e
        for e in request.events.select_related("actor", "recipient__organization")
        if e.recipient_id is None
        or (
            e.recipient_id in shown
            # a draft is internal to the organisation that prepares it
            and (e.action != "draft-answer" or e.recipient.organization_id in own)
        )
    ]
    detail.provisions = list(
        request.provisions.select_related("regulation", "parent__parent")
    )
    for provision in detail.provisions:
        provision.label_text = provision_label(provision)
    if detail.sees_all:
        detail.uncleared = uncleared_recipients(request, every)
    return detail


def set_shown_recipients(user, requests) -> None:
    """On each request of a list page, ``shown_recipients``: the recipient rows
    (prefetched) the user may see: his own organisations' rows, or every row
    for the sender and the ward's standing committee and office. No query
    per request."""
    requests = list(requests)
    roots = (
        root_ids({req.sender for req in requests}) if oversight_root_ids(user) else {}
    )
    for req in requests:
        rows = req.recipients.all()
        shown = visible_recipient_ids(user, req, rows, roots.get(req.sender_id))
        req.shown_recipients = [r for r in rows if r.pk in shown]
