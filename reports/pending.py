"""Home-page provider (settings.PENDING_WORK_PROVIDERS): the compiled result
reports waiting for the signature of the police committee's secretary (ward
Điều 11). One query."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.pending import PendingItem
from coordination.organizations.models import Membership

from .models import ReportDraft
from .visibility import POLICE


def pending_report_items(user, limit: int = 10) -> list[PendingItem]:
    if not user.is_authenticated or not user.is_active:
        return []
    signer_wards = (
        Membership.objects.current()
        .filter(
            user=user,
            position=Membership.Position.SECRETARY,
            organization__kind__in=POLICE,
            organization__is_active=True,
        )
        .values("organization__parent_id")
    )
    drafts = (
        ReportDraft.objects.filter(
            status=ReportDraft.Status.DRAFT, ward_id__in=signer_wards
        )
        .select_related("round")
        .order_by("year", "pk")[:limit]
    )
    return [
        PendingItem(
            title=_("Báo cáo kết quả thực hiện Quy chế — %(period)s: chờ ký")
            % {"period": draft.label},
            url=draft.get_absolute_url(),
            kind=_("Báo cáo gửi Ban Thường vụ"),
        )
        for draft in drafts
    ]
