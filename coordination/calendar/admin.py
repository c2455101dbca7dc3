from django.contrib import admin, messages
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ReadOnlyAdmin, RevertGuardAdmin
from . import services
from .models import CalendarEntry, CalendarFeedToken


@admin.register(CalendarEntry)
class CalendarEntryAdmin(RevertGuardAdmin, SimpleHistoryAdmin):
    """Entries come from the regulation (``create_calendar_entries``); here an
    administrator confirms or moves a date, through the service."""

    list_display = [
        "title",
        "ward",
        "year",
        "kind",
        "proposed_date",
        "confirmed_date",
        "confirmed_by",
    ]
    list_filter = ["year", "kind"]
    list_select_related = ["ward", "confirmed_by"]
    search_fields = ["title", "ward__name"]
    fields = [
        "ward",
        "year",
        "provision",
        "kind",
        "title",
        "proposed_date",
        "confirmed_date",
        "note",
        "confirmed_by",
        "confirmed_at",
    ]
    readonly_fields = [
        "ward",
        "year",
        "provision",
        "kind",
        "title",
        "proposed_date",
        "confirmed_by",
        "confirmed_at",
    ]

    def save_model(self, request, obj, form, change):
        if obj.confirmed_date is None:
            messages.error(request, _("Xin chọn ngày đã chốt."))
            return
        try:
            services.confirm_entry(
                entry=obj, by=request.user, date=obj.confirmed_date, note=obj.note
            )
        except services.CalendarError as exc:
            messages.error(request, str(exc))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revert_permission(self, request, obj) -> bool:
        return False  # a past date comes back only through "Đổi ngày"


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Who has a feed link and since when; never the secret itself. Deleting
    a row ends that user's feed URL."""

    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    fields = ["user", "created_at"]
    search_fields = ["user__username", "user__full_name"]

    def has_delete_permission(self, request, obj=None):
        return True
