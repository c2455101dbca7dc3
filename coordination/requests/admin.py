from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ClearanceScopedAdmin, ReadOnlyObjectPermissionsAdmin
from .models import (
    AttachmentAccessLog,
    CoordinationRequest,
    CoordinationRequestGroupObjectPermission,
    CoordinationRequestUserObjectPermission,
    Direction,
    RequestAnswer,
    RequestAttachment,
    RequestEvent,
    RequestRecipient,
    WorkingMeeting,
)


class RequestRecipientInline(admin.TabularInline):
    model = RequestRecipient
    extra = 0
    fields = ["organization", "state", "due_date", "received_at", "answered_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CoordinationRequest)
class CoordinationRequestAdmin(
    ReadOnlyObjectPermissionsAdmin,
    ClearanceScopedAdmin,
    SimpleHistoryAdmin,
    GuardedModelAdmin,
):
    request_field = "confidentiality"
    list_display = ["__str__", "sender", "status", "priority", "sent_at", "due_date"]
    list_filter = ["status", "priority", "kind", "confidentiality"]
    search_fields = ["=id"]
    list_select_related = ["sender"]
    readonly_fields = [
        "sender",
        "created_by",
        "status",
        "sent_at",
        "due_date",
        "closed_at",
        "version",
    ]
    filter_horizontal = ["provisions"]
    inlines = [RequestRecipientInline]


@admin.register(RequestRecipient)
class RequestRecipientAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    list_display = ["request", "organization", "state", "due_date"]
    list_filter = ["state"]
    list_select_related = ["request", "organization"]
    readonly_fields = ["request", "organization", "state", "version"]


@admin.register(RequestEvent)
class RequestEventAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    list_display = [
        "request",
        "action",
        "from_state",
        "to_state",
        "actor",
        "created_at",
    ]
    list_filter = ["action"]
    list_select_related = ["request", "actor"]


@admin.register(RequestAnswer)
class RequestAnswerAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    request_field = "recipient__request__confidentiality"
    list_display = ["recipient", "organization", "author", "created_at"]
    list_select_related = ["recipient__request", "organization", "author"]
    list_filter = ["created_at"]
    search_fields = ["=recipient__request__id", "organization__name"]


@admin.register(WorkingMeeting)
class WorkingMeetingAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    request_field = "recipient__request__confidentiality"
    list_display = ["recipient", "starts_at", "place", "outcome"]
    list_select_related = ["recipient__request"]
    list_filter = ["outcome", "starts_at"]
    search_fields = ["=recipient__request__id", "place"]


@admin.register(Direction)
class DirectionAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    request_field = "recipient__request__confidentiality"
    list_display = ["recipient", "given_by", "created_at"]
    list_select_related = ["recipient__request", "given_by"]
    list_filter = ["created_at"]
    search_fields = ["=recipient__request__id", "given_by__username"]


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    list_display = ["original_name", "request", "size", "content_type", "uploaded_at"]
    list_select_related = ["request"]
    list_filter = ["content_type", "uploaded_at"]
    search_fields = ["=request__id", "original_name"]
    readonly_fields = ["file", "original_name", "size", "content_type", "uploaded_by"]


@admin.register(AttachmentAccessLog)
class AttachmentAccessLogAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    """The download log names classified files: scoped by clearance too."""

    request_field = "attachment__request__confidentiality"
    list_display = ["attachment", "user", "accessed_at", "ip_address"]
    list_select_related = ["attachment", "user"]
    list_filter = ["accessed_at"]
    search_fields = ["=attachment__request__id", "user__username"]


@admin.register(CoordinationRequestGroupObjectPermission)
class CoordinationRequestGroupObjectPermissionAdmin(
    ClearanceScopedAdmin, admin.ModelAdmin
):
    """Who may open which request: granted and revoked only by the services
    (sending, withdrawing), read-only here; a grant on a classified request
    above the administrator's clearance is absent."""

    request_field = "content_object__confidentiality"
    list_display = ["group", "permission", "content_object"]
    list_select_related = ["group", "permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["group__name", "=content_object__id"]


@admin.register(CoordinationRequestUserObjectPermission)
class CoordinationRequestUserObjectPermissionAdmin(
    ClearanceScopedAdmin, admin.ModelAdmin
):
    """As the group grants: read-only, scoped by clearance."""

    request_field = "content_object__confidentiality"
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["user__username", "=content_object__id"]
