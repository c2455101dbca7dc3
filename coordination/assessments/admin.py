from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import HiddenIs404Admin, ReadOnlyAdmin
from .models import (
    Assessment,
    AssessmentGroupObjectPermission,
    AssessmentLine,
    AssessmentUserObjectPermission,
    OfficerComment,
    OfficerCommentAccess,
    OfficerCommentGroupObjectPermission,
    OfficerCommentUserObjectPermission,
    RatingLevel,
)


@admin.register(RatingLevel)
class RatingLevelAdmin(SimpleHistoryAdmin):
    """The rating labels (tốt / khá / trung bình / yếu) can be renamed here."""

    list_display = ["label", "value"]

    def has_delete_permission(self, request, obj=None):
        return False  # past ratings keep their level


class AssessmentLineInline(admin.TabularInline):
    model = AssessmentLine
    extra = 0
    can_delete = False
    readonly_fields = ["area", "rating", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "cell", "round", "created_at", "replied_at"]
    list_select_related = ["cell", "round", "police"]
    inlines = [AssessmentLineInline]


@admin.register(OfficerComment)
class OfficerCommentAdmin(HiddenIs404Admin, ReadOnlyAdmin, admin.ModelAdmin):
    """Personal data about a named officer: the admin lists that a comment
    exists (cell, date), never its text or the officer; reading it goes
    through the product, where every opening is logged."""

    list_display = ["__str__", "cell", "created_at"]
    list_select_related = ["cell"]
    fields = ["cell", "created_at"]


@admin.register(OfficerCommentAccess)
class OfficerCommentAccessAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["comment", "user", "accessed_at", "ip_address"]
    list_select_related = ["comment", "user"]


for model in (
    AssessmentGroupObjectPermission,
    AssessmentUserObjectPermission,
    OfficerCommentGroupObjectPermission,
    OfficerCommentUserObjectPermission,
):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyAdmin, admin.ModelAdmin),
            {"list_display": ["permission", "content_object"]},
        ),
    )
