from django.contrib import admin, messages
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ClearanceScopedAdmin, ReadOnlyObjectPermissionsAdmin
from . import services
from .models import (
    ExchangeAcknowledgement,
    ExchangeAttachment,
    ExchangeEntry,
    ExchangeEvent,
    ExchangeReport,
    ExchangeReportGroupObjectPermission,
    ExchangeReportUserObjectPermission,
    ExchangeRound,
    ExchangeSchedule,
)
from .workflow import TransitionError


@admin.register(ExchangeSchedule)
class ExchangeScheduleAdmin(SimpleHistoryAdmin):
    """A ward's due and lock days: saved through the service, which also moves
    the rounds not yet due."""

    list_display = ["ward", "due_days", "lock_days", "updated_by", "updated_at"]
    list_select_related = ["ward", "updated_by"]
    readonly_fields = ["updated_by"]

    def save_model(self, request, obj, form, change):
        try:
            services.set_schedule(
                ward=obj.ward,
                by=request.user,
                due_days=obj.due_days,
                lock_days=obj.lock_days,
            )
        except TransitionError as exc:
            messages.error(request, str(exc))

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExchangeRound)
class ExchangeRoundAdmin(SimpleHistoryAdmin):
    """Rounds are created by the sweep (``create_exchange_rounds``) and ad hoc
    ones on their page; read-only here."""

    list_display = ["label", "ward", "kind", "year", "due_date", "lock_date"]
    list_filter = ["kind", "year"]
    list_select_related = ["ward"]
    search_fields = ["ward__name", "topic"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExchangeReport)
class ExchangeReportAdmin(
    ReadOnlyObjectPermissionsAdmin,
    ClearanceScopedAdmin,
    SimpleHistoryAdmin,
    GuardedModelAdmin,
):
    request_field = "confidentiality"
    list_display = [
        "__str__",
        "organization",
        "direction",
        "state",
        "submitted_at",
        "submitted_late",
    ]
    list_filter = ["state", "direction", "submitted_late", "confidentiality"]
    list_select_related = ["round", "organization"]
    search_fields = ["=id", "organization__name"]


@admin.register(ExchangeEntry)
class ExchangeEntryAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    request_field = "report__confidentiality"
    list_display = ["report", "responsibility"]
    list_select_related = ["report__round", "report__organization", "responsibility"]
    search_fields = ["=report__id"]


@admin.register(ExchangeEvent)
class ExchangeEventAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "report__confidentiality"
    list_display = ["report", "action", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["action"]
    list_select_related = ["report__round", "report__organization", "actor"]


@admin.register(ExchangeAcknowledgement)
class ExchangeAcknowledgementAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "report__confidentiality"
    list_display = ["report", "organization", "submission", "acknowledged_at"]
    list_select_related = ["report__round", "report__organization", "organization"]


@admin.register(ExchangeAttachment)
class ExchangeAttachmentAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "report__confidentiality"
    list_display = ["original_name", "report", "size", "content_type", "uploaded_at"]
    list_select_related = ["report__round", "report__organization"]
    search_fields = ["=report__id", "original_name"]


@admin.register(ExchangeReportGroupObjectPermission)
class ExchangeReportGroupObjectPermissionAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    """Who may open which report: granted by the round's creation only."""

    request_field = "content_object__confidentiality"
    list_display = ["group", "permission", "content_object"]
    list_select_related = ["group", "permission", "content_object__round"]
    search_fields = ["group__name", "=content_object__id"]


@admin.register(ExchangeReportUserObjectPermission)
class ExchangeReportUserObjectPermissionAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "content_object__confidentiality"
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object__round"]
    search_fields = ["user__username", "=content_object__id"]
