import logging

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    AttachmentAccessLog,
    CoordinationRequest,
    CoordinationRequestGroupObjectPermission,
    CoordinationRequestUserObjectPermission,
    DayOffOverride,
    Direction,
    Membership,
    Notification,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
    OutboundEmail,
    RequestAnswer,
    RequestAttachment,
    RequestEvent,
    RequestRecipient,
    WorkingMeeting,
)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin, GuardedModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def save_model(self, request, obj, form, change):
        if change:
            services.update_organization(organization=obj, by=request.user)
            return
        created = services.create_organization(
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            parent=obj.parent,
            short_name=obj.short_name,
            email=obj.email,
        )
        obj.pk, obj.group_id = created.pk, created.group_id


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = [
        "user",
        "organization",
        "position",
        "is_focal_point",
        "start_date",
        "end_date",
    ]
    list_filter = ["position", "is_focal_point", "organization__kind"]
    search_fields = ["user__username", "user__full_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        old_user_id = (
            Membership.objects.filter(pk=obj.pk)
            .values_list("user_id", flat=True)
            .first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        # Whatever changed, the user's groups (and so their access) follow now.
        services.membership_saved(membership=obj, old_user_id=old_user_id)

    def has_delete_permission(self, request, obj=None):
        return False  # end a membership instead: history is kept


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
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

    @admin.action(description=_("Gửi lại các thư đã chọn"))
    def retry(self, request, queryset):
        queryset.filter(status=OutboundEmail.Status.FAILED).update(
            status=OutboundEmail.Status.PENDING, attempts=0
        )


@admin.register(OrganizationGroupObjectPermission)
class OrganizationGroupObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["group", "permission", "content_object"]
    list_select_related = ["group", "permission", "content_object"]
    search_fields = ["group__name", "content_object__name"]


@admin.register(OrganizationUserObjectPermission)
class OrganizationUserObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]
    search_fields = ["user__username", "content_object__name"]


# --- Coordination requests ------------------------------------------------------------

security_logger = logging.getLogger("security")


class ClearanceScopedAdmin:
    """Read-only: requests change only through their services (state, events,
    notifications). Administrators see classified requests only up to their
    own clearance."""

    request_field = "request__confidentiality"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(**{f"{self.request_field}__lte": request.user.clearance})
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _visible_or_404(self, request, object_id) -> None:
        """simple-history's pages look the object (or its last history row) up
        without this admin's queryset: a classified object above the
        administrator's clearance must not show there either."""
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            security_logger.warning(
                "authz_denied user=%s object=%s:%s (admin history)",
                request.user.pk,
                self.model._meta.model_name,
                object_id,
            )
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


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
    ClearanceScopedAdmin, SimpleHistoryAdmin, GuardedModelAdmin
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


@admin.register(DayOffOverride)
class DayOffOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(CoordinationRequestGroupObjectPermission)
class CoordinationRequestGroupObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["group", "permission", "content_object"]
    list_select_related = ["group", "permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["group__name", "=content_object__id"]


@admin.register(CoordinationRequestUserObjectPermission)
class CoordinationRequestUserObjectPermissionAdmin(admin.ModelAdmin):
    list_display = ["user", "permission", "content_object"]
    list_select_related = ["user", "permission", "content_object"]
    list_filter = ["permission"]
    search_fields = ["user__username", "=content_object__id"]
