"""Read-only queries about coordination requests used by more than one page."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role

from .models import RequestRecipient
from .permissions import acting_org_ids, visible_requests

State = RequestRecipient.State


def pending_request_items(user, limit: int = 10) -> list[dict]:
    """What waits for this user: requests to answer for their organisations,
    answers and returns to deal with as sender, escalations to direct."""
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
    items = []
    for row in rows:
        req = row.request
        title = req.safe_title if req.is_classified else req.subject
        items.append(
            {
                "title": _("Đề nghị %(ref)s — %(title)s (%(org)s: %(state)s)")
                % {
                    "ref": req.reference,
                    "title": title,
                    "org": row.organization.display_short,
                    "state": row.get_state_display(),
                },
                "url": req.get_absolute_url(),
                "due": row.due_date
                if row.state in RequestRecipient.AWAITING_ANSWER
                else None,
            }
        )
    return items
