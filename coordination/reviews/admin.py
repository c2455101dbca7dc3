from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ReadOnlyAdmin
from .models import ReviewActionItem, ReviewInvitation, ReviewMeeting


class ReviewInvitationInline(admin.TabularInline):
    model = ReviewInvitation
    extra = 0
    can_delete = False
    readonly_fields = ["organization", "attended"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewMeeting)
class ReviewMeetingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "ward", "starts_at", "state"]
    list_filter = ["kind", "state"]
    list_select_related = ["ward"]
    inlines = [ReviewInvitationInline]


@admin.register(ReviewActionItem)
class ReviewActionItemAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["description", "owner", "due_date", "done_at"]
    list_select_related = ["owner"]
