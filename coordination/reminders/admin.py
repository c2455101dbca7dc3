from django.contrib import admin

from ..admin_access import HiddenIs404Admin, ReadOnlyAdmin
from .models import Reminder, ReminderPreference, ReminderStage


@admin.register(ReminderStage)
class ReminderStageAdmin(admin.ModelAdmin):
    """The ladder: administrators change, add or switch off stages."""

    list_display = ["kind", "anchor", "offset", "repeat_days", "audience", "enabled"]
    list_filter = ["kind", "enabled"]
    list_editable = ["enabled"]


@admin.register(Reminder)
class ReminderAdmin(HiddenIs404Admin, ReadOnlyAdmin, admin.ModelAdmin):
    """Reminders sent: a record, read-only (deleting one would send it again)."""

    list_display = ["stage", "item_id", "occurrence", "user", "for_date", "email"]
    list_filter = ["stage__kind", "for_date"]
    list_select_related = ["stage", "user", "email"]
    search_fields = ["user__username"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(confidentiality__lte=request.user.clearance)
        )


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email"]
    list_filter = ["kind", "email"]
    list_select_related = ["user"]
