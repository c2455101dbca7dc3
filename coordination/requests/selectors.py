"""Read-only queries about coordination requests used by more than one page."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.pending import PendingItem
from accounts.roles import Role, has_role

from ..permissions import acting_org_ids, visible_requests
from .models import RequestRecipient

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
