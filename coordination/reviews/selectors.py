"""Reading review meetings: everything starts from
``permissions.visible_review_meetings``; a fixed number of queries whatever
the numbers."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ..permissions import visible_review_meetings
from .models import ReviewActionItem, ReviewMeeting
from .visibility import visible_proposals


def review_list(user) -> QuerySet[ReviewMeeting]:
    return (
        visible_review_meetings(user)
        .select_related("ward", "chair")
        .annotate(
            item_count=Count("action_items", distinct=True),
            open_count=Count(
                "action_items",
                filter=Q(action_items__done_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-pk")
    )


def review_detail(meeting: ReviewMeeting, user) -> dict:
    """The invitations, the action items, and the commendation and criticism
    proposals raised under the meeting that the user may open."""
    return {
        "invitations": meeting.invitations.select_related("organization"),
        "items": meeting.action_items.select_related("owner", "done_by"),
        "proposals": visible_proposals(user)
        .filter(meeting=meeting)
        .select_related("organization", "person")
        .order_by("kind", "proposed_at", "pk"),
    }


def review_item_for_user(user, pk: int):
    """An action item of a meeting the user may open, or 404."""
    item = (
        ReviewActionItem.objects.filter(meeting__in=visible_review_meetings(user))
        .select_related("meeting", "owner")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item
