"""Home-page provider (settings.PENDING_WORK_PROVIDERS) for Chapter III:
action items the user's organisations owe after a review, citizens' opinions
they must answer, proposals and compilations waiting for the body the user
sits on, and difficulties waiting for the police committee to compile them.
One query per kind, whatever the data."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.pending import PendingItem

from ..permissions import drafting_org_ids, review_host_ward_ids, standing_root_ids
from .conference.models import CitizenOpinion
from .models import ReviewActionItem
from .proposals.models import (
    AmendmentCompilation,
    AmendmentProposal,
    CommendationProposal,
    DecidingBody,
    Decision,
)
from .visibility import committee_root_ids


def pending_review_items(user, limit: int = 10) -> list[PendingItem]:
    if not user.is_authenticated or not user.is_active:
        return []
    today = timezone.localdate()
    drafting = drafting_org_ids(user)
    items: list[PendingItem] = []
    if drafting:
        items += _owed_action_items(drafting, today, limit)
        items += _owed_answers(drafting, today, limit)
    items += _decisions_awaited(user, limit)
    hosts = review_host_ward_ids(user)
    if hosts:
        items += _amendments_to_compile(hosts)
    return items


def _owed_action_items(drafting, today, limit) -> list[PendingItem]:
    rows = (
        ReviewActionItem.objects.filter(owner_id__in=drafting, done_at__isnull=True)
        .select_related("meeting")
        .order_by("due_date", "pk")[:limit]
    )
    return [
        PendingItem(
            title=_("%(meeting)s: %(item)s")
            % {"meeting": item.meeting, "item": item.description},
            url=item.meeting.get_absolute_url(),
            kind=_("Việc sau họp đánh giá"),
            due=item.due_date,
            overdue=item.is_overdue(today),
        )
        for item in rows
    ]


def _owed_answers(drafting, today, limit) -> list[PendingItem]:
    rows = (
        CitizenOpinion.objects.filter(
            assignee_id__in=drafting, answered_at__isnull=True
        )
        .select_related("conference")
        .order_by("due_date", "pk")[:limit]
    )
    return [
        PendingItem(
            title=_("Trả lời ý kiến Nhân dân: %(opinion)s")
            % {"opinion": opinion.content[:80]},
            url=opinion.conference.get_absolute_url(),
            kind=_("Hội nghị lắng nghe ý kiến Nhân dân"),
            due=opinion.due_date,
            overdue=opinion.due_date < today,
        )
        for opinion in rows
    ]


def _decisions_awaited(user, limit) -> list[PendingItem]:
    standing = standing_root_ids(user)
    committee = committee_root_ids(user)
    items: list[PendingItem] = []
    if standing or committee:
        proposals = CommendationProposal.objects.filter(
            Q(deciding_body=DecidingBody.STANDING, ward_id__in=standing)
            | Q(deciding_body=DecidingBody.COMMITTEE, ward_id__in=committee),
            state=Decision.PENDING,
        ).select_related("organization", "person")
        items += [
            PendingItem(
                title=_("Quyết định đề nghị %(proposal)s") % {"proposal": proposal},
                url=proposal.get_absolute_url(),
                kind=_("Đề nghị biểu dương, phê bình"),
            )
            for proposal in proposals.order_by("proposed_at", "pk")[:limit]
        ]
    if standing:
        compilations = AmendmentCompilation.objects.filter(
            ward_id__in=standing, state=Decision.PENDING
        ).order_by("compiled_at", "pk")[:limit]
        items += [
            PendingItem(
                title=_("Quyết định: %(compilation)s") % {"compilation": compilation},
                url=compilation.get_absolute_url(),
                kind=_("Kiến nghị sửa đổi quy chế"),
            )
            for compilation in compilations
        ]
    return items


def _amendments_to_compile(hosts) -> list[PendingItem]:
    waiting = AmendmentProposal.objects.filter(
        ward_id__in=hosts, compilation__isnull=True
    ).count()
    if not waiting:
        return []
    return [
        PendingItem(
            title=ngettext(
                "%(count)d kiến nghị sửa đổi quy chế chờ tổng hợp",
                "%(count)d kiến nghị sửa đổi quy chế chờ tổng hợp",
                waiting,
            )
            % {"count": waiting},
            url=reverse("coordination:review-amendment-list"),
            kind=_("Kiến nghị sửa đổi quy chế"),
        )
    ]
