from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..admin_access import (
    HiddenIs404Admin,
    notifications_within_clearance,
    outbound_emails_within_clearance,
)
from .models import Notification, OutboundEmail


@admin.register(Notification)
class NotificationAdmin(HiddenIs404Admin, admin.ModelAdmin):
    """A notification about a classified request above the administrator's
    clearance is absent: from the list, the search, the change and history
    pages."""

    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        return notifications_within_clearance(
            super().get_queryset(request), request.user.clearance
        )


@admin.register(OutboundEmail)
class OutboundEmailAdmin(HiddenIs404Admin, admin.ModelAdmin):
    """The outbox, without the e-mails about a classified request above the
    administrator's clearance (who wrote to whom about it, and when, is
    itself classified)."""

    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = [
        "to",
        "subject",
        "body",
        "dedup_key",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["retry"]

    def get_queryset(self, request):
        return outbound_emails_within_clearance(
            super().get_queryset(request), request.user.clearance
        )

    @admin.action(description=_("Gửi lại các thư đã chọn"))
    def retry(self, request, queryset):
        queryset.filter(status=OutboundEmail.Status.FAILED).update(
            status=OutboundEmail.Status.PENDING, attempts=0
        )
