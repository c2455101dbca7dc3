"""Reading proposals: everything starts from ``reviews.visibility``; a fixed
number of queries whatever the numbers."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from regulations.models import Provision

from ...permissions import (
    visible_exchange_reports,
    visible_incidents,
    visible_requests,
    visible_review_meetings,
)
from ..models import ReviewActionItem
from ..visibility import (
    visible_amendments,
    visible_compilations,
    visible_proposals,
)
from .models import AmendmentProposal, CommendationProposal, ProposalEvidence


def with_parents():
    """Provisions with the parents their citation walks up to the article."""
    return Provision.objects.select_related(
        "regulation", "parent__parent__parent"
    ).order_by("order", "pk")


def cited() -> Prefetch:
    return Prefetch("provisions", queryset=with_parents())


def proposal_list(user) -> QuerySet[CommendationProposal]:
    return (
        visible_proposals(user)
        .select_related("ward", "meeting", "organization", "person", "proposer_org")
        .annotate(evidence_count=Count("evidence"))
        .order_by("-proposed_at", "-pk")
    )


def _visible_ids(user, name: str, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    qs = {
        "request": lambda: visible_requests(user),
        "exchange_report": lambda: visible_exchange_reports(user),
        "incident": lambda: visible_incidents(user),
        "action_item": lambda: ReviewActionItem.objects.filter(
            meeting__in=visible_review_meetings(user)
        ),
    }[name]()
    return set(qs.filter(pk__in=ids).values_list("pk", flat=True))


def evidence_for(user, proposal: CommendationProposal) -> tuple[list, int]:
    """The proposal's evidence the viewer may open (each link checked against
    its own visibility rule), and how many others are hidden from him."""
    rows = list(
        ProposalEvidence.objects.filter(proposal=proposal).select_related(
            "request", "exchange_report__round", "incident", "action_item__meeting"
        )
    )
    by_kind: dict[str, set[int]] = {}
    for row in rows:
        name, pk = row.link
        by_kind.setdefault(name, set()).add(pk)
    visible = {name: _visible_ids(user, name, ids) for name, ids in by_kind.items()}
    shown = []
    for row in rows:
        name, pk = row.link
        if pk in visible[name]:
            shown.append((name, getattr(row, name)))
    return shown, len(rows) - len(shown)


def amendment_list(user) -> QuerySet[AmendmentProposal]:
    return (
        visible_amendments(user)
        .select_related("organization", "regulation", "compilation")
        .prefetch_related(cited())
        .order_by("-raised_at", "-pk")
    )


def compilation_list(user):
    return (
        visible_compilations(user)
        .select_related("ward", "regulation", "new_version")
        .annotate(item_count=Count("items"))
        .order_by("-compiled_at", "-pk")
    )


def compilation_items(user, compilation):
    """The compiled items the user may open (all for the hosts and the
    standing committee; a raiser only sees his own)."""
    return (
        visible_amendments(user)
        .filter(compilation=compilation)
        .select_related("organization", "raised_by")
        .prefetch_related(cited())
        .order_by("raised_at", "pk")
    )
