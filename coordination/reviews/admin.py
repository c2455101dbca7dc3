from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..admin_access import ReadOnlyAdmin
from .models import (
    AmendmentCompilation,
    AmendmentProposal,
    CitizenOpinion,
    CommendationProposal,
    FestivalEntry,
    ListeningConference,
    ReviewActionItem,
    ReviewInvitation,
    ReviewMeeting,
    SecurityFestival,
)


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


@admin.register(CommendationProposal)
class CommendationProposalAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "ward", "proposer_org", "state"]
    list_filter = ["kind", "state"]
    list_select_related = ["ward", "proposer_org", "organization", "person"]


@admin.register(AmendmentProposal)
class AmendmentProposalAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "ward", "regulation", "raised_at"]
    list_select_related = ["ward", "organization", "regulation"]


@admin.register(AmendmentCompilation)
class AmendmentCompilationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "ward", "state", "new_version"]
    list_select_related = ["ward", "new_version"]


@admin.register(ListeningConference)
class ListeningConferenceAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "ward", "held_on"]
    list_select_related = ["ward"]


@admin.register(CitizenOpinion)
class CitizenOpinionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "assignee", "due_date", "answered_at"]
    list_select_related = ["assignee"]


@admin.register(SecurityFestival)
class SecurityFestivalAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "ward", "held_on"]
    list_select_related = ["ward"]


@admin.register(FestivalEntry)
class FestivalEntryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "festival", "participants", "entered_at"]
    list_select_related = ["organization", "festival"]
