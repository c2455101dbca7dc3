from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Membership,
    Organization,
    OrganizationGroupObjectPermission,
    OrganizationUserObjectPermission,
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
