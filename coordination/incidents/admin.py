from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ClearanceScopedAdmin, ReadOnlyObjectPermissionsAdmin
from .models import (
    ActionItem,
    Incident,
    IncidentAddressee,
    IncidentAttachment,
    IncidentEvent,
    IncidentGroupObjectPermission,
    IncidentUpdate,
    IncidentUserObjectPermission,
)


@admin.register(Incident)
class IncidentAdmin(
    ReadOnlyObjectPermissionsAdmin,
    ClearanceScopedAdmin,
    SimpleHistoryAdmin,
    GuardedModelAdmin,
):
    request_field = "confidentiality"
    list_display = ["__str__", "reporter", "kind", "severity", "state", "reported_at"]
    list_filter = ["state", "kind", "severity", "confidentiality"]
    list_select_related = ["reporter"]
    search_fields = ["=id", "reporter__name"]


@admin.register(IncidentAddressee)
class IncidentAddresseeAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "incident__confidentiality"
    list_display = ["incident", "organization", "first_opened_at", "acknowledged_at"]
    list_select_related = ["incident", "organization"]


@admin.register(IncidentUpdate)
class IncidentUpdateAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    request_field = "incident__confidentiality"
    list_display = ["incident", "kind", "organization", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["incident", "organization", "author"]


@admin.register(ActionItem)
class ActionItemAdmin(ClearanceScopedAdmin, SimpleHistoryAdmin):
    request_field = "incident__confidentiality"
    list_display = ["incident", "owner", "due_date", "done_at"]
    list_select_related = ["incident", "owner"]


@admin.register(IncidentEvent)
class IncidentEventAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "incident__confidentiality"
    list_display = [
        "incident",
        "action",
        "from_state",
        "to_state",
        "actor",
        "created_at",
    ]
    list_filter = ["action"]
    list_select_related = ["incident", "actor"]


@admin.register(IncidentAttachment)
class IncidentAttachmentAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "incident__confidentiality"
    list_display = ["original_name", "incident", "size", "content_type", "uploaded_at"]
    list_select_related = ["incident"]


@admin.register(IncidentGroupObjectPermission)
class IncidentGroupObjectPermissionAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "content_object__confidentiality"
    list_display = ["group", "permission", "content_object"]
    list_select_related = ["group", "permission", "content_object"]


@admin.register(IncidentUserObjectPermission)
class IncidentUserObjectPermissionAdmin(ClearanceScopedAdmin, admin.ModelAdmin):
    request_field = "content_object__confidentiality"
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]
